import redis

# Redis replicates asynchronously: a failover can lose the last acknowledged decrements, and the
# new primary then sells those units again. Treat this counter as a fast gate, not the record:
# write each order durably (PostgreSQL) and reconcile the counter against the orders after a
# failover. WAIT 1 <ms> after a purchase narrows the window but does not close it (Redis documents
# that a failover can still promote a replica without the write); when losing one is unacceptable,
# make the SQL variant the source of truth.

# Check and decrement in one atomic step inside Redis, so concurrent buyers can never both take
# the last unit (a GET followed by DECR from the application could). KEYS[2] records the
# purchase's outcome ("quantity:left", -1 when refused): a retry of it returns that, taking nothing.
_TAKE_STOCK = """
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
"""

# How long a purchase's outcome is kept for its retries (seconds): longer than any retry window.
# Each record expires after this TTL, so records never pile up; the stock key has no TTL. Under
# a volatile-* maxmemory-policy (volatile-lru, -lfu, -random, -ttl) Redis evicts only keys with a
# TTL when memory runs out, so it evicts these records, before their TTL, and a retry of an evicted
# purchase takes its units again; under allkeys-* the stock keys can be evicted too. Give this data
# an instance with noeviction (a full Redis then refuses the purchase instead) and memory headroom.
_PURCHASE_TTL_SECONDS = ${3:86400}


def _check_count(name: str, value: object) -> None:
    # Only a whole int: Redis refuses DECRBY/INCRBY by 1.0 or 0.5 (after the script has compared it
    # with the stock, so 0.5 of an empty SKU came back "sold out"), and bool is an int in Python.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")


# From redis-py 6.0 a client retries a command by default after a connection error or timeout (3
# times in 6.x, 10 in the current source; the count has changed between releases), also when only
# the reply was lost and the command had already run. take() is safe under that: the purchase id
# makes a repeat return the first outcome, and a take() that raised may be called again with the
# same id. add_stock() is not: a repeated INCRBY adds twice. Give it a client with retries off,
# redis.Redis(..., retry=Retry(NoBackoff(), 0)) (Retry from redis.retry, NoBackoff from
# redis.backoff; on a ConnectionPool you build, pass retry= to the pool), and on a ConnectionError
# or TimeoutError from it, reconcile rather than add again.
class ${1:Inventory}:
    def __init__(self, client: redis.Redis, prefix: str = "${2:stock}") -> None:
        self._client = client
        self._prefix = prefix
        # register_script sends EVALSHA and falls back to EVAL once, so the script body is not
        # shipped with every purchase.
        self._take = client.register_script(_TAKE_STOCK)

    def add_stock(self, sku: str, units: int) -> int:
        """Add units (opening stock, a restock, units given back); returns the new stock. INCRBY
        adds to whatever is there: a SET of a count read earlier would overwrite the purchases made
        in between, and sell those units twice."""
        _check_count("units", units)
        return int(self._client.incrby(f"{self._prefix}:{sku}", units))

    def take(self, sku: str, purchase_id: str, quantity: int = 1) -> int | None:
        """Returns the units left after taking `quantity`, or None when not enough are left.
        purchase_id is made once per purchase (a UUID, the order id) and sent unchanged on every
        retry: a retry takes nothing and returns the first outcome. Record the order after this
        succeeds, and give the units back with add_stock if recording fails."""
        # A str only: a call written before purchase ids, take(sku, 3), would read 3 as the id and
        # take 1 unit, and every later take(sku, 3) would replay that outcome, taking nothing.
        if not isinstance(purchase_id, str) or not purchase_id:
            raise ValueError(f"a purchase needs an id (a non-empty str), sent again unchanged on a retry, got {purchase_id!r}")
        _check_count("quantity", quantity)
        # The purchase's record is kept per SKU, under the SKU's stock key in braces: a Redis Cluster
        # hash tag, so both keys hash to one slot (apart, the script fails with CROSSSLOT on a
        # cluster), and one id used on several SKUs (an order id on each line) is one purchase of
        # each. A SKU holding { or } breaks the tag: on a cluster its purchases fail with CROSSSLOT.
        stock_key = f"{self._prefix}:{sku}"
        keys = [stock_key, f"{self._prefix}-purchase:{{{stock_key}}}:{purchase_id}"]
        left = int(self._take(keys=keys, args=[quantity, _PURCHASE_TTL_SECONDS]))
        return None if left < 0 else left
$0
