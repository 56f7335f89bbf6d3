"""inventory-decrement, Python, on a one-node Redis Cluster (all slots on it, so a plain client
reaches every key): take() runs there (its two keys share a slot; without that the script fails
with CROSSSLOT), a retry takes nothing, and one id on two SKUs is a purchase of each."""
import uuid

import redis

import snippet
from sdp_proof import check_equal, passed, redis_host, redis_port

run = uuid.uuid4().hex
node = redis.Redis(host=redis_host(), port=redis_port())
inv = snippet.Inventory(node)
skus = [f"inventory-py-cluster-{run}-{n}" for n in range(3)]
for sku in skus:
    inv.add_stock(sku, 5)
for n, sku in enumerate(skus):
    check_equal(inv.take(sku, f"{run}-p{n}", 2), 3, f"{sku}: the script ran on the cluster")
    check_equal(inv.take(sku, f"{run}-p{n}", 2), 3, f"{sku}: its retry gets the first outcome")
order = f"{run}-order"
check_equal([inv.take(sku, order, 1) for sku in skus[:2]], [2, 2], "one order id, two SKUs: one take of each")
check_equal([inv.take(sku, order, 1) for sku in skus[:2]], [2, 2], "and their retries take nothing")
check_equal([int(node.get(f"stock:{sku}")) for sku in skus], [2, 2, 3], "stock left")
passed()
