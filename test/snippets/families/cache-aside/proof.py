"""cache-aside, Python: the Cache against real Redis and PostgreSQL."""
import decimal
import threading
import time
import uuid

import psycopg
import redis

import snippet
from sdp_proof import check, check_equal, passed, pg_url, redis_host, redis_port


def client():
    return redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)


# 1. Stampede: 2 "processes" (separate Cache objects and connections) x 15 threads miss at once.
key = f"cache-aside:py:{uuid.uuid4().hex}"
caches = [snippet.Cache(client()), snippet.Cache(client())]
loads = []
release = threading.Event()
results = []
errors = []


def load():
    loads.append(1)
    release.wait(60)
    return {"id": 7, "name": "widget"}


def caller(cache):
    try:
        results.append(cache.get_or_load(key, load, wait_s=60))
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)


threads = [threading.Thread(target=caller, args=(caches[i % 2],)) for i in range(30)]
for t in threads:
    t.start()
probe = client()
while probe.get(key) is None:  # the lease is taken: the load is running
    time.sleep(0.005)
time.sleep(0.1)
release.set()
for t in threads:
    t.join()
check(not errors, f"callers failed: {errors!r}")
check_equal(len(loads), 1, "loads for 30 concurrent misses")
check(all(r == {"id": 7, "name": "widget"} for r in results) and len(results) == 30, "every caller got the value")

# 2. A reader that read the old row before a write must not cache it after the invalidation.
db = psycopg.connect(pg_url(), autocommit=True)
db.execute("CREATE TABLE products (id int PRIMARY KEY, name text)")
db.execute("INSERT INTO products VALUES (1, 'old name')")
cache = snippet.Cache(client())
key = f"cache-aside:py:product:{uuid.uuid4().hex}"
read_done = threading.Event()
resume = threading.Event()
outcome = {}


def stale_load():
    with psycopg.connect(pg_url()) as conn:
        name = conn.execute("SELECT name FROM products WHERE id = 1").fetchone()[0]
    read_done.set()
    resume.wait(60)
    return name


reader = threading.Thread(target=lambda: outcome.setdefault("value", cache.get_or_load(key, stale_load)))
reader.start()
read_done.wait(60)
db.execute("UPDATE products SET name = 'new name' WHERE id = 1")
cache.invalidate(key)
resume.set()
reader.join()
check_equal(outcome.get("value"), "old name", "the racing reader itself")
fresh = cache.get_or_load(key, lambda: db.execute("SELECT name FROM products WHERE id = 1").fetchone()[0])
check_equal(fresh, "new name", "value after the invalidation (a stale row must not be cached)")

# 3. Redis down: served by the loader.
dead = redis.Redis(host="127.0.0.1", port=1, socket_timeout=1, socket_connect_timeout=1)
check_equal(snippet.Cache(dead).get_or_load("k", lambda: "from db"), "from db", "read during an outage")

# 4. A failing load hands its lease back.
key = f"cache-aside:py:failing:{uuid.uuid4().hex}"


def boom():
    raise RuntimeError("db down")


try:
    cache.get_or_load(key, boom)
    check(False, "the loader's error must reach the caller")
except RuntimeError:
    pass
check(probe.get(key) is None, "no lease left behind after a failed load")
check_equal(cache.get_or_load(key, lambda: "loaded", wait_s=600), "loaded", "next caller loads at once")

# 4b. A value JSON cannot encode (a Decimal, as psycopg returns for numeric) is returned uncached and
#     its lease handed back: the next caller loads at once instead of waiting out a 10 min lease.
key = f"cache-aside:py:unencodable:{uuid.uuid4().hex}"
check_equal(cache.get_or_load(key, lambda: decimal.Decimal("9.99"), lease_ms=600_000), decimal.Decimal("9.99"), "the Decimal is returned")
check(probe.get(key) is None, "no lease left behind by a value JSON cannot encode")
check_equal(cache.get_or_load(key, lambda: "9.99", lease_ms=600_000, wait_s=600), "9.99", "next caller loads at once")
check_equal(probe.get(key), b'"9.99"', "the next value is cached")

# 5. No per-key state is kept in the process (the old version kept a lock per key forever).
before = len(vars(cache))
for i in range(200):
    cache.get_or_load(f"cache-aside:py:many:{uuid.uuid4().hex}", lambda: i)
check(all(not isinstance(v, dict) or len(v) < 10 for v in vars(cache).values()), "no per-key state grows in the cache object")
check_equal(len(vars(cache)), before, "attributes of the cache object")

# 6. Default wait: a load slower than 2 s but shorter than its lease is done once, not by the waiter.
key = f"cache-aside:py:slow:{uuid.uuid4().hex}"
slow_loads = []
slow_results = []


def slow_load():
    slow_loads.append(1)
    time.sleep(2.5)
    return "slow value"


first = threading.Thread(target=lambda: slow_results.append(caches[0].get_or_load(key, slow_load, lease_ms=3000)))
first.start()
while probe.get(key) is None:
    time.sleep(0.005)
slow_results.append(caches[1].get_or_load(key, slow_load, lease_ms=3000))
first.join()
check_equal(slow_results, ["slow value", "slow value"], "both callers get the value")
check_equal(len(slow_loads), 1, "the waiter waited for the lease holder instead of loading")

# 7. TTLs are the base plus up to `jitter` of it, in seconds, spread so keys written together do not
#    expire together.
jittered = snippet.Cache(client(), ttl_seconds=1000, jitter=0.5)
ttls = []
for i in range(40):
    key = f"cache-aside:py:ttl:{uuid.uuid4().hex}"
    jittered.get_or_load(key, lambda: i)
    ttls.append(probe.ttl(key))
    probe.delete(key)
check(all(995 <= t <= 1500 for t in ttls), f"TTLs within [ttl, ttl * (1 + jitter)] seconds: {ttls}")
check(len(set(ttls)) > 10, f"TTLs are spread: {ttls}")

# 8. A TTL under 1 s would fill with EX 0, which Redis refuses: every fill would fail and leave the
# lease on the key. Refused when the cache is built; 1 s is kept.
for bad in (0.99, 0, -1, float("nan"), float("inf")):
    try:
        snippet.Cache(client(), ttl_seconds=bad)
        check(False, f"ttl_seconds {bad} was accepted")
    except ValueError as exc:
        check("ttl_seconds" in str(exc), f"ttl_seconds {bad}: the error names the option: {exc}")
# A negative jitter can bring the expiry to 0 (EX 0); inf or nan makes int() raise after the load.
for bad in (-0.5, -1, float("nan"), float("inf")):
    try:
        snippet.Cache(client(), ttl_seconds=1, jitter=bad)
        check(False, f"jitter {bad} was accepted")
    except ValueError as exc:
        check("jitter" in str(exc), f"jitter {bad}: the error names the option: {exc}")
# A bool is an int to Python: ttl_seconds=True was a 1 s TTL, jitter=True a jitter of 100% (before: both kept).
for name, bad in (("ttl_seconds", True), ("ttl_seconds", False), ("jitter", True), ("jitter", False)):
    options = {"ttl_seconds": 300, name: bad}
    try:
        snippet.Cache(client(), **options)
        check(False, f"{options} was accepted")
    except TypeError as exc:
        check(name in str(exc), f"{options}: the error names the option: {exc}")
    except ValueError as exc:
        check(False, f"{options}: a bool is refused as one, not as a number out of range: {exc}")
key = f"cache-aside:py:ttl1:{uuid.uuid4().hex}"
check_equal(snippet.Cache(client(), ttl_seconds=1, jitter=0).get_or_load(key, lambda: "v"), "v", "a 1 s TTL loads")
check(probe.get(key) == b'"v"', f"and caches the value: {probe.get(key)!r}")
probe.delete(key)

passed()
