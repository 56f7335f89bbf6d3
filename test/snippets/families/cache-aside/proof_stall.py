"""cache-aside, Python: a Redis that keeps the socket open but answers nothing (CLIENT PAUSE on a
private server) costs a caller the wait and the client's socket timeout, not the answer."""
import threading
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


STALL_MS = 5000


def still_stalled() -> bool:
    """True while the pause holds: a probe's PING gets no answer within its own short timeout."""
    probe = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=0.2, socket_connect_timeout=0.2)
    try:
        probe.ping()
        return False
    except redis.exceptions.TimeoutError:
        return True
    finally:
        probe.close()


def stalled(when: str) -> tuple[object, bool]:
    """A read through a Redis that stops answering before the read or during the load; whether
    the caller had its answer while the stall still held (no clock is read: the stall is ours)."""
    cache = snippet.Cache(timed)
    key = f"cache-aside:py:stalled:{uuid.uuid4().hex}"

    def load():
        if when != "before":
            stall(STALL_MS)
        if when == "during-failing-load":
            raise RuntimeError("db down")
        return "loaded"

    if when == "before":
        stall(STALL_MS)
    try:
        outcome = cache.get_or_load(key, load, lease_ms=300, wait_s=0.5)
    except RuntimeError as exc:
        outcome = str(exc)
    during = still_stalled()
    admin.ping()  # answered once the pause is over
    return outcome, during


for when in ("before", "during-load", "during-failing-load"):
    outcome, during = stalled(when)
    check_equal(outcome, "db down" if when == "during-failing-load" else "loaded", f"Redis stalled {when}: the load's outcome")
    # wait 0.5 s and lease 0.3 s, plus one socket timeout (0.2 s) per command still in flight: far
    # inside the 5 s stall, so the caller is answered while Redis still answers nothing.
    check(during, f"Redis stalled {when}: the caller was answered only once the stall was over")

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
