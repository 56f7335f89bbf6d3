import redis

# Redis replicates asynchronously: a failover can lose the last acknowledged decrements, and the
# new primary then sells those units again. Treat this counter as a fast gate, not the record:
# write each order durably (PostgreSQL) and reconcile the counter against the orders after a
# failover. WAIT 1 <ms> after a purchase narrows the window but does not close it (Redis documents
# that a failover can still promote a replica without the write); when losing one is unacceptable,
# make the SQL variant the source of truth.

# Check and decrement in one atomic step inside Redis, so concurrent buyers can never both take
# the last unit (a GET followed by DECR from the application could).
_TAKE_STOCK = """
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if stock < wanted then
  return -1
end
return redis.call('DECRBY', KEYS[1], wanted)
"""


def _check_count(name: str, value: object) -> None:
    # Only a whole int: Redis refuses DECRBY/INCRBY by 1.0 or 0.5 (after the script has compared it
    # with the stock, so 0.5 of an empty SKU came back "sold out"), and bool is an int in Python.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")


# Give this class a client with retries off: redis.Redis(..., retry=Retry(NoBackoff(), 0)), with
# Retry from redis.retry and NoBackoff from redis.backoff (on a ConnectionPool you build yourself,
# pass retry= to the pool). From redis-py 6.0 a client retries a command by default after a
# connection error or timeout (3 times in 6.x, 10 in the current source; the count has changed
# between releases), also when only the reply was lost and the script had already run, so one
# purchase takes its units twice. With retries off, take() raising ConnectionError or
# TimeoutError means the outcome is unknown: check the order record or reconcile, never just retry.
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

    def take(self, sku: str, quantity: int = 1) -> int | None:
        """Returns the units left after taking `quantity`, or None when not enough are left. Record
        the order after this succeeds, and give the units back with add_stock if recording fails."""
        _check_count("quantity", quantity)
        left = int(self._take(keys=[f"{self._prefix}:{sku}"], args=[quantity]))
        return None if left < 0 else left
$0
