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
// the application would let two buyers both see stock 1. KEYS[2] records the purchase's outcome
// ("quantity:left", -1 when refused), so a retry of it returns that instead of taking again.
const TAKE_STOCK = `
-- The TTL is checked before anything is written: SET refuses EX 0, -1 or 1.5 only after the
-- DECRBY, and a script's writes before an error stay, so the units were taken with no record.
if not string.match(ARGV[2], '^[1-9]%d*\$') or #ARGV[2] > 10 then
  return redis.error_reply('purchase TTL must be whole seconds from 1, got ' .. ARGV[2])
end
local wanted = tonumber(ARGV[1])
local done = redis.call('GET', KEYS[2])
if done then
  local quantity, left = string.match(done, '^(%d+):(-?%d+)\$')
  if tonumber(quantity) ~= wanted then
    return redis.error_reply('purchase id reused with another quantity')
  end
  return tonumber(left)
end
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = -1
if stock >= wanted then
  left = redis.call('DECRBY', KEYS[1], wanted)
end
redis.call('SET', KEYS[2], wanted .. ':' .. left, 'EX', ARGV[2])
return left
`;

const stockKey = (sku: string): string => `${2:stock}:\${sku}`;
// A purchase's record is kept per SKU, under the SKU's stock key in braces: a Redis Cluster hash
// tag, so both keys of a call hash to one slot (apart, the script fails with CROSSSLOT on a
// cluster), and one id used on several SKUs (an order id on each line) is one purchase of each.
// A SKU holding { or } breaks the tag: on a cluster its purchases fail with CROSSSLOT.
const purchaseKey = (sku: string, purchaseId: string): string => `$2-purchase:{\${stockKey(sku)}}:\${purchaseId}`;
// How long a purchase's outcome is kept for its retries (seconds): longer than any retry window.
// Each record expires after this TTL, so records never pile up; the stock key has no TTL. Under
// a volatile-* maxmemory-policy (volatile-lru, -lfu, -random, -ttl) Redis evicts only keys with a
// TTL when memory runs out, so it evicts these records, before their TTL, and a retry of an evicted
// purchase takes its units again; under allkeys-* the stock keys can be evicted too. Give this data
// an instance with noeviction (a full Redis then refuses the purchase instead) and memory headroom.
const PURCHASE_TTL_SECONDS = ${4:86400};

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
 * after the purchase, or null when sold out. `purchaseId` is made once per purchase (a UUID, the
 * order id) and sent unchanged on every retry: a retry takes nothing and returns the first
 * outcome, so a call whose reply was lost may simply be repeated. Record the order after this
 * succeeds, and give the units back with INCRBY if recording fails.
 */
export async function ${1:takeStock}(redis: Redis, sku: string, purchaseId: string, quantity = ${3:1}): Promise<number | null> {
  // A string only: a JavaScript call written before purchase ids, takeStock(redis, sku, 3), would read
  // 3 as the id and take 1 unit, and every later one would replay that outcome, taking nothing.
  if (typeof purchaseId !== 'string' || !purchaseId) throw new Error('a purchase needs an id, sent again unchanged on a retry');
  if (!Number.isInteger(quantity) || quantity <= 0) throw new Error('quantity must be a positive integer');
  const left = Number(
    await redis.eval(TAKE_STOCK, {
      keys: [stockKey(sku), purchaseKey(sku, purchaseId)],
      arguments: [String(quantity), String(PURCHASE_TTL_SECONDS)],
    }),
  );
  return left < 0 ? null : left;
}
$0
