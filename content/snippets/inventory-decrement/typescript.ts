/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
interface Redis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
}

// Runs atomically inside Redis: no other command can run between the check and the decrement, so
// a thousand buyers racing for the last item get exactly one "yes". A plain GET then DECR from
// the application would let two buyers both see stock 1.
const TAKE_STOCK = `
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if stock < wanted then
  return -1
end
return redis.call('DECRBY', KEYS[1], wanted)
`;

const stockKey = (sku: string): string => `${2:stock}:\${sku}`;

/** Sets the sellable stock of a SKU (before the sale opens, or after a restock). */
export async function setStock(redis: Redis, sku: string, units: number): Promise<void> {
  await redis.set(stockKey(sku), String(units));
}

/**
 * Takes `quantity` units of `sku` if, and only if, that many are left. Returns the stock left
 * after the purchase, or null when sold out. Record the order after this succeeds, and give the
 * units back with INCRBY if recording fails.
 */
export async function ${1:takeStock}(redis: Redis, sku: string, quantity = ${3:1}): Promise<number | null> {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new Error('quantity must be a positive integer');
  const left = Number(await redis.eval(TAKE_STOCK, { keys: [stockKey(sku)], arguments: [String(quantity)] }));
  return left < 0 ? null : left;
}
$0
