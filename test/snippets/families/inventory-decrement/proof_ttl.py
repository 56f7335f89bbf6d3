"""inventory-decrement, Python: a purchase TTL Redis would refuse (0, -1, 1.5, 10**11) is refused
before the script writes: nothing taken, nothing recorded (SET refused it after the DECRBY)."""
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

run = uuid.uuid4().hex
node = redis.Redis(host=redis_host(), port=redis_port())
sku = f"inventory-py-ttl-{run}"
inv = snippet.Inventory(node)
inv.add_stock(sku, 5)
shipped = snippet._PURCHASE_TTL_SECONDS
for bad in [0, -1, 1.5, 10**11]:
    snippet._PURCHASE_TTL_SECONDS = bad
    try:
        inv.take(sku, f"{run}-{bad}")
        check(False, f"TTL {bad!r} was accepted")
    except redis.ResponseError as e:
        check("purchase TTL" in str(e), f"TTL {bad!r}: {e}")
    check_equal(int(node.get(f"stock:{sku}")), 5, f"TTL {bad!r}: nothing taken")
    check_equal(node.keys(f"stock-purchase:*{run}-*"), [], f"TTL {bad!r}: nothing recorded")
snippet._PURCHASE_TTL_SECONDS = shipped
check_equal(inv.take(sku, f"{run}-ok"), 4, "the shipped TTL works")
# Every record expires (sale or refusal): none is kept for ever.
check_equal(inv.take(sku, f"{run}-none", 9), None, "refused")
for pid in ("ok", "none"):
    ttl = node.ttl(f"stock-purchase:{{stock:{sku}}}:{run}-{pid}")
    check(shipped - 60 < ttl <= shipped, f"the {pid} record's TTL: {ttl}")
passed()
