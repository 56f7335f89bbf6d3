"""cache-aside, Python: a Redis that keeps the socket open but answers nothing (CLIENT PAUSE on a
private server) costs a caller the wait and the client's socket timeout, not the answer."""
import threading
import time
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

admin = redis.Redis(host=redis_host(), port=redis_port())
# What the snippet's doc comment asks for: every call bounded, connects included.
timed = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=0.2, socket_connect_timeout=0.2)


def stall(ms: int) -> None:
    """Hold every client's commands for `ms` (the socket stays up; no reply comes)."""
    admin.execute_command("CLIENT", "PAUSE", str(ms), "ALL")


def stalled(when: str) -> tuple[object, float]:
    """A read through a Redis that stops answering before the read or during the load."""
    cache = snippet.Cache(timed)
    key = f"cache-aside:py:stalled:{uuid.uuid4().hex}"

    def load():
        if when != "before":
            stall(2000)
        if when == "during-failing-load":
            raise RuntimeError("db down")
        return "loaded"

    if when == "before":
        stall(2000)
    started = time.monotonic()
    try:
        outcome = cache.get_or_load(key, load, lease_ms=300, wait_s=0.5)
    except RuntimeError as exc:
        outcome = str(exc)
    took = time.monotonic() - started
    admin.ping()  # answered once the pause is over
    return outcome, took


for when in ("before", "during-load", "during-failing-load"):
    outcome, took = stalled(when)
    check_equal(outcome, "db down" if when == "during-failing-load" else "loaded", f"Redis stalled {when}: the load's outcome")
    # wait 0.5 s and lease 0.3 s, plus one socket timeout (0.2 s) per command still in flight
    check(took < 1.5, f"Redis stalled {when}: the caller waited {took:.2f} s (wait 0.5 s, lease 0.3 s, socket timeout 0.2 s)")

# A client with no socket timeout would wait for a stalled Redis for as long as it stalls: the Cache
# refuses it. (Accepted, it must still answer a read under a 15 s stall within 10 s.)
bare = redis.Redis(host=redis_host(), port=redis_port())
try:
    cache = snippet.Cache(bare)
except ValueError as exc:
    check("socket_timeout" in str(exc), f"the refusal names the setting: {exc}")
else:
    answer = []
    stall(15000)
    reader = threading.Thread(target=lambda: answer.append(cache.get_or_load("cache-aside:py:bare", lambda: "loaded", wait_s=0.5)), daemon=True)
    reader.start()
    reader.join(10)
    check(answer == ["loaded"], "a client without socket_timeout: still waiting 10 s into a stalled Redis")

passed()
