import redis

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


class ${1:Inventory}:
    def __init__(self, client: redis.Redis, prefix: str = "${2:stock}") -> None:
        self._client = client
        self._prefix = prefix
        # register_script sends EVALSHA and falls back to EVAL once, so the script body is not
        # shipped with every purchase.
        self._take = client.register_script(_TAKE_STOCK)

    def set_stock(self, sku: str, units: int) -> None:
        self._client.set(f"{self._prefix}:{sku}", units)

    def take(self, sku: str, quantity: int = 1) -> int | None:
        """Returns the units left after taking `quantity`, or None when not enough are left."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        left = int(self._take(keys=[f"{self._prefix}:{sku}"], args=[quantity]))
        return None if left < 0 else left
$0
