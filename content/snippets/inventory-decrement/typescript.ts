/** The node-redis (v4+) client methods used here; a `createClient()` client fits. */
interface Redis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  incrBy(key: string, increment: number): Promise<number>;
}

// Redis replicates asynchronously: a failover can lose the last acknowledged decrements, and the
// new primary then sells those units again. Treat this counter as a fast gate, not the record:
// write each order durably (PostgreSQL) and reconcile the counter against the orders after a
// failover. WAIT 1 <ms> after a purchase narrows the window but does not close it (Redis documents
// that a failover can still promote a replica without the write); when losing one is unacceptable,
// make the SQL variant the source of truth.

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

/**
 * Adds `units` to the sellable stock of a SKU (opening stock, a restock, units given back) and
 * returns the new stock. INCRBY adds to whatever is there: a SET of a stock count read earlier
 * would overwrite the purchases made in between, and sell those units twice.
 */
export async function addStock(redis: Redis, sku: string, units: number): Promise<number> {
  if (!Number.isInteger(units) || units <= 0) throw new Error('units must be a positive integer');
  return redis.incrBy(stockKey(sku), units);
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
