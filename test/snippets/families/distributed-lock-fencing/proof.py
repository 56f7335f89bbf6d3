"""distributed-lock-fencing, Python: the FencedLock against real Redis (plain and cluster mode) and
the SQL variant's fenced_write on real PostgreSQL."""
import os
import threading
import time
import uuid

import psycopg
import redis

import snippet
from sdp_proof import check, check_equal, passed, pg_url, redis_host, redis_port

client = redis.Redis(host=redis_host(), port=redis_port())
lock = snippet.FencedLock(client)
db = psycopg.connect(pg_url(), autocommit=True)


def write(lease, value):
    return db.execute("SELECT fenced_write(%s, %s, %s, %s)", (lease.resource, value, lease.fence, lease.owner)).fetchone()[0]


def wait_expired(resource):
    while client.exists(f"lock:{{{resource}}}"):
        time.sleep(0.02)


# Exclusive while held; expiry hands out a higher token; the storage refuses the older one.
resource = f"report-{uuid.uuid4().hex}"
# A long lease, so that a slow machine cannot let it lapse before the exclusivity check; the proof
# then runs it out itself (PEXPIRE), as a holder that pauses past its lease would see.
a = lock.acquire(resource, ttl_ms=10_000)
check(a is not None, "first acquire succeeds")
check(lock.acquire(resource, ttl_ms=100) is None, "the lock is exclusive while held")
check(write(a, "from A"), "the holder writes")
check(client.pexpire(f"lock:{{{resource}}}", 1), "PEXPIRE of the lock key the snippet wrote")
wait_expired(resource)
b = lock.acquire(resource, ttl_ms=10_000)
check(b is not None and b.fence > a.fence, "after expiry the next holder gets a higher token")
check(write(b, "from B"), "the new holder writes")
check(not write(a, "late write from A"), "the paused former holder is refused")
check(not lock.release(a), "A cannot release B's lock")
check(lock.acquire(resource, ttl_ms=100) is None, "B's lock survived A's release attempt")
check(lock.release(b), "B releases its own lock")
value = db.execute("SELECT value FROM fenced_resources WHERE id = %s", (resource,)).fetchone()[0]
check_equal(value, "from B", "stored value")

# Mutual exclusion under contention: 6 threads x 10 increments of a read-modify-write.
counter = f"counter-{uuid.uuid4().hex}"
state = {"held": 0, "max": 0}
guard = threading.Lock()
errors = []


def worker():
    try:
        mine = redis.Redis(host=redis_host(), port=redis_port())
        my_lock = snippet.FencedLock(mine)
        with psycopg.connect(pg_url(), autocommit=True) as conn:
            done = 0
            while done < 10:
                lease = my_lock.acquire(counter, ttl_ms=30_000)
                if lease is None:
                    time.sleep(0.002)
                    continue
                with guard:
                    state["held"] += 1
                    state["max"] = max(state["max"], state["held"])
                row = conn.execute("SELECT value FROM fenced_resources WHERE id = %s", (counter,)).fetchone()
                current = int(row[0]) if row else 0
                time.sleep(0.001)
                ok = conn.execute(
                    "SELECT fenced_write(%s, %s, %s, %s)", (counter, str(current + 1), lease.fence, lease.owner)
                ).fetchone()[0]
                check(ok, "a write under a held lock is accepted")
                with guard:
                    state["held"] -= 1
                check(my_lock.release(lease), "release of a held lock")
                done += 1
    except Exception as exc:  # noqa: BLE001 - reported below
        errors.append(exc)


threads = [threading.Thread(target=worker) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check(not errors, f"workers failed: {errors!r}")
check_equal(state["max"], 1, "holders at once")
value = db.execute("SELECT value FROM fenced_resources WHERE id = %s", (counter,)).fetchone()[0]
check_equal(value, "60", "increments made under the lock")

# Redis Cluster: the lock and fence keys must share a slot, or the script fails with CROSSSLOT.
cluster_node = redis.Redis(host=os.environ["SDP_CLUSTER_REDIS_HOST"], port=int(os.environ["SDP_CLUSTER_REDIS_PORT"]))
cluster_lock = snippet.FencedLock(cluster_node)
for name in ["a", "b", "report-42", uuid.uuid4().hex]:
    lease = cluster_lock.acquire(name, ttl_ms=10_000)
    check(lease is not None, f"acquire {name} on a cluster")
    check(cluster_lock.acquire(name, ttl_ms=10_000) is None, "exclusive on a cluster")
    check(cluster_lock.release(lease), "release on a cluster")


# A client whose scripts run on the real server and count their calls; first_reply, when given,
# replaces the reply of the first call (or raises in its place) after that call really ran.
class ScriptClient:
    def __init__(self, real, first_reply=None):
        self.real = real
        self.first_reply = first_reply
        self.calls = 0

    def register_script(self, script):
        inner = self.real.register_script(script)

        def run(keys, args):
            self.calls += 1
            reply = inner(keys=keys, args=args)
            if self.first_reply is not None and self.calls == 1:
                return self.first_reply(reply)
            return reply

        return run


# The script ran and took the lock, but the call raised (a read timeout, a dropped reply): the
# lock must be handed back, not left held for the TTL under an owner id nobody will use.
def lose_reply(reply):
    raise redis.TimeoutError("the script ran; its reply was lost")


lost_resource = f"lost-reply-{uuid.uuid4().hex}"
lossy_lock = snippet.FencedLock(ScriptClient(client, lose_reply))
try:
    lossy_lock.acquire(lost_resource, ttl_ms=60_000)
    check(False, "a failed acquire must raise")
except redis.TimeoutError:
    pass
handed_back = lock.acquire(lost_resource, ttl_ms=60_000)
check(handed_back is not None, "the lock taken by the failed call was handed back, not held for the TTL")
lock.release(handed_back)

# A ttl_ms Redis would reject (PX takes a whole number of milliseconds, at least 1) is refused
# before any call, as in TypeScript and Go: a float such as 1.5 or 2.0 is sent as "1.5" / "2.0".
counting = ScriptClient(client)
ttl_lock = snippet.FencedLock(counting)
ttl_resource = f"bad-ttl-{uuid.uuid4().hex}"
for bad in (0, -5, 1.5, 2.0, float("nan"), True, "100", None):
    try:
        ttl_lock.acquire(ttl_resource, ttl_ms=bad)
        check(False, f"ttl_ms {bad!r} must be refused")
    except ValueError as exc:
        check("ttl_ms must be a whole number of milliseconds >= 1" in str(exc), f"ttl_ms {bad!r}: {exc}")
check_equal(counting.calls, 0, "Redis calls for refused TTLs")
check(not client.exists(f"lock:{{{ttl_resource}}}"), "no lock left behind")
one_ms = ttl_lock.acquire(ttl_resource, ttl_ms=1)
check(one_ms is not None, "a 1 ms TTL is accepted")


# A reply that is not an integer (a client or proxy that maps the script's integer to None or to
# text) is an error, and the lock the script may have taken is handed back: never read as "held by
# someone else", never left held for the TTL.
for name, odd in (("None", lambda r: None), ("text", lambda r: str(r)), ("bytes", lambda r: b"OK"),
                  ("float", lambda r: float(r)), ("bool", lambda r: True)):
    odd_resource = f"odd-reply-{name}-{uuid.uuid4().hex}"
    try:
        lease = snippet.FencedLock(ScriptClient(client, odd)).acquire(odd_resource, ttl_ms=60_000)
        check(False, f"a {name} reply was read as {lease!r}")
    except redis.RedisError as exc:
        check("unexpected reply" in str(exc), f"{name} reply: {exc}")
    again = lock.acquire(odd_resource, ttl_ms=60_000)
    check(again is not None, f"the lock taken by the call with the {name} reply was handed back")
    lock.release(again)

# A token below 1 is no fencing token. A fence key set to -1 or less by hand makes the script's INCR
# give one after it took the lock (0 from -1, which read as "held by someone else"); a -1 or -2
# (PTTL's "no expiry" / "no key") is what a client mixing up replies would pass on. Each raises,
# naming the token, and the lock goes back: it was read as None and left held for the TTL.
neg_resource = f"negative-fence-{uuid.uuid4().hex}"
for counter, token in ((-5, -4), (-1, 0)):
    client.set(f"lock:{{{neg_resource}}}:fence", counter)
    try:
        lease = lock.acquire(neg_resource, ttl_ms=60_000)
        check(False, f"a fence counter at {counter} was read as {lease!r}")
    except redis.RedisError as exc:
        check(f"fencing token {token} " in str(exc), f"fence counter at {counter}: {exc}")
    check(not client.exists(f"lock:{{{neg_resource}}}"), f"the lock the script took with the {token} token was handed back")
client.delete(f"lock:{{{neg_resource}}}:fence")
for bad in (-1, -2):
    try:
        lease = snippet.FencedLock(ScriptClient(client, lambda r, bad=bad: bad)).acquire(neg_resource, ttl_ms=60_000)
        check(False, f"a {bad} reply was read as {lease!r}")
    except redis.RedisError as exc:
        check("negative" in str(exc), f"{bad} reply: {exc}")
    check(not client.exists(f"lock:{{{neg_resource}}}"), f"the lock taken by the call with the {bad} reply was handed back")
fresh = lock.acquire(neg_resource, ttl_ms=60_000)
check(fresh is not None and fresh.fence >= 1, f"after the fence key is gone a token from 1 up: {fresh!r}")
lock.release(fresh)

passed()
