"""cache-aside, Python: the shared orphan-lease delete backlog, on a private Redis.

- When the backlog is full, drops are reported without a line per drop: warnings at the 1st, 10th
  and 100th, then one summary with the count once the backlog has emptied; the dropped deletes
  are not sent (their leases stay until they expire) and the queued ones are.
- A worker that dies (a BaseException out of a delete) is replaced by the next orphan's add; when
  no thread can be started, that caller still gets its value (the delete is dropped with a
  warning, its lease stays), and the next add starts a worker that sends the deletes.
- At interpreter exit the pending deletes are sent (the worker is held in a delete until the flush
  has begun, so only the flush can delete them; the held one fails then and is retried in it), none
  before it is due (0.1 s after its SET raised), and against a Redis that holds every delete (1 s
  socket timeout each) at most one starts within the flush's 1 s: a count, not a clock. A retry
  due after the flush's limit is brought forward into it. A delete that never returns does not hold
  the exit: the child exits (given up on after 20 s).
- The flush's guards: with the backlog empty and the worker in the only pending delete when the
  flush begins, the flush waits for it (and its retry deletes the lease); with the worker dead
  and deletes pending, the flush starts no wait (nothing could send them).
"""
import logging
import re
import subprocess
import sys
import threading
import time
import uuid

import redis

import snippet
from sdp_proof import check, check_equal, passed, redis_host, redis_port

admin = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=10, socket_connect_timeout=10)

records: list[logging.LogRecord] = []
handler = logging.Handler()
handler.emit = records.append
snippet.log.addHandler(handler)


def backlog_lines() -> list[str]:
    return [r.getMessage() for r in records if "orphan-lease deletes" in r.getMessage()]


class GatedDeletes(redis.Redis):
    """SET lands and then reports a timeout (an orphan lease); the worker's deletes wait at `gate`
    once `entered` says the first one has started."""

    entered = threading.Event()
    gate = threading.Event()

    def set(self, *args, **kwargs):
        super().set(*args, **kwargs)
        raise redis.exceptions.TimeoutError("reply given up on")

    def evalsha(self, *args, **kwargs):
        self.entered.set()
        check(self.gate.wait(60), "the gate was never opened")
        return super().evalsha(*args, **kwargs)


cache = snippet.Cache(GatedDeletes(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5))
prefix = f"cache-aside:py:backlog:{uuid.uuid4().hex}"
try:
    cache.get_or_load(f"{prefix}:first", lambda: "loaded", lease_ms=60_000)
    # The worker has taken the first delete and waits in it: the backlog is empty and nothing leaves it.
    check(GatedDeletes.entered.wait(10), "the worker never started the first orphan's delete")
    queued = [f"{prefix}:queued:{i}" for i in range(snippet._RETRIES_MAX)]
    dropped = [f"{prefix}:dropped:{i}" for i in range(150)]
    for key in queued + dropped:
        check_equal(cache.get_or_load(key, lambda: "loaded", lease_ms=60_000), "loaded", "a caller whose SET NX timed out loads by itself")
    lines = backlog_lines()
    check(len(lines) == 3 and all(f"dropped {n} so far" in line for n, line in zip((1, 10, 100), lines)),
          f"150 drops from a full backlog were reported as {len(lines)} lines, not 3 (at the 1st, 10th and 100th): {lines[:5]}")
    check(dropped[0] in lines[0] and dropped[99] in lines[2], f"the drop warnings do not name the latest dropped key: {lines}")
finally:
    GatedDeletes.gate.set()

# The worker now sends the queued deletes; once the backlog is empty it sums up the drops, once.
for _ in range(200):  # give up after about 10 s
    if len(backlog_lines()) > 3:
        break
    time.sleep(0.05)
lines = backlog_lines()
check(len(lines) == 4 and "150 orphan-lease deletes were dropped" in lines[3],
      f"no single summary of the 150 drops once the backlog emptied: {lines[3:]}")
left = [k for k in [f"{prefix}:first"] + queued if admin.exists(k)]
check(not left, f"{len(left)} of {len(queued) + 1} queued orphan leases were not deleted")
kept = sum(admin.exists(k) for k in dropped)
check_equal(kept, len(dropped), "orphan leases whose deletes were dropped, still there (not sent)")

# A worker that dies is replaced. Its thread ends with a BaseException from a delete (the worker
# catches Exception only); the next orphan's add starts a new one, which sends that delete.


class Die(BaseException):
    pass


died = threading.Event()
default_hook = threading.excepthook


def hook(args) -> None:
    if args.exc_type is Die:
        died.set()
    else:
        default_hook(args)


class DyingDeletes(redis.Redis):
    def set(self, *args, **kwargs):
        super().set(*args, **kwargs)
        raise redis.exceptions.TimeoutError("reply given up on")

    def evalsha(self, *args, **kwargs):
        if args[2].endswith(":kill"):  # evalsha(sha, 1, key, lease)
            raise Die()
        return super().evalsha(*args, **kwargs)


def workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cache-lease-release"]


threading.excepthook = hook
dying = snippet.Cache(DyingDeletes(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5))
prefix = f"cache-aside:py:dead-worker:{uuid.uuid4().hex}"
try:
    dying.get_or_load(f"{prefix}:kill", lambda: "loaded", lease_ms=60_000)
    check(died.wait(10), "the worker was not ended by the BaseException from its delete")
    for _ in range(200):  # about 10 s
        if not workers():
            break
        time.sleep(0.05)
    check(not workers(), "the worker thread still runs after its BaseException")
finally:
    threading.excepthook = default_hook

# No thread can be started (as when the process is at its thread limit): the caller still loads,
# the delete is dropped with a warning and its lease stays.
records.clear()
real_start = threading.Thread.start


def refuse(self) -> None:
    raise RuntimeError("can't start new thread")


threading.Thread.start = refuse
try:
    value = dying.get_or_load(f"{prefix}:nothread", lambda: "loaded", lease_ms=60_000)
finally:
    threading.Thread.start = real_start
check_equal(value, "loaded", "a caller whose orphan's delete found no thread")
warned = [r.getMessage() for r in records if "no thread for the orphan-lease deletes" in r.getMessage()]
check(len(warned) == 1 and f"{prefix}:nothread" in warned[0], f"no warning naming the dropped delete: {[r.getMessage() for r in records]}")

# The next orphan starts a worker again, which deletes it.
dying.get_or_load(f"{prefix}:after", lambda: "loaded", lease_ms=60_000)
for _ in range(200):  # about 10 s
    if not admin.exists(f"{prefix}:after"):
        break
    time.sleep(0.05)
check(not admin.exists(f"{prefix}:after"), "an orphan lease added after the worker died was never deleted: no new worker")
check(admin.exists(f"{prefix}:nothread"), "the delete dropped for want of a thread was sent after all")
check_equal(len(workers()), 1, "workers running after the replacement")
admin.delete(f"{prefix}:kill", f"{prefix}:nothread")


def child(mode: str, count: int, prefix: str) -> tuple[int, float, str]:
    """Runs exit_orphan.py (next to this file, with the same PYTHONPATH) to its exit; gives up after
    20 s. Returns how many deletes it started once its exit began, and the shortest time from a SET
    that raised to a delete of that key in the flush, and its output."""
    try:
        done = subprocess.run([sys.executable, "exit_orphan.py", prefix, str(count), mode],
                              capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        check(False, f"a child with {count} pending deletes ({mode} Redis) had not exited after 20 s: the exit flush has no deadline")
        raise
    started = re.search(r"^flush deletes started: (\d+)$", done.stdout, re.M)
    gap = re.search(r"^shortest SET-raised-to-delete gap: (\S+)$", done.stdout, re.M)
    check(done.returncode == 0 and "exiting" in done.stdout and started is not None and gap is not None,
          f"the child ({mode}) failed: {done.stdout}{done.stderr}")
    check(mode == "dead" or "held delete saw the flush begin: True" in done.stdout,
          f"the child's held delete returned before the exit flush began ({mode}): {done.stdout}")
    return int(started[1]), float(gap[1]) if gap[1] != "none" else float("inf"), done.stdout


# An idle Redis: the child's pending deletes are sent at exit, including the retry of the one the
# worker had in flight (it fails once the flush has begun) and the late key's retry (due 6.4 s
# after its sixth failed try, past the child's 5 s flush), and none before it is due: a first try
# waits out its 0.1 s after the SET raised (a lower bound, which a slow machine cannot break).
prefix = f"cache-aside:py:exit:{uuid.uuid4().hex}"
started, gap, out = child("idle", 3, prefix)
check("late retry due after the flush's limit: True" in out,
      f"the late key's retry fell inside the flush's limit, so its check below could not fail: {out}")
left = [i for i in range(3) if admin.exists(f"{prefix}:{i}")]
check(not left, f"orphan leases {left} of 3 pending at exit were left to expire (0: the delete in flight when the flush began)")
check(not admin.exists(f"{prefix}:late"), "a retry due after the flush's limit was not brought into the flush: its lease was left to expire")
check(gap >= 0.1, f"a delete was sent in the exit flush {gap:.3f} s after its SET raised, before its 0.1 s were up")

# A Redis that holds every write (the child paused it): each delete waits its whole 1 s socket
# timeout, so with the flush's 1 s limit at most one starts once the exit began; a longer limit, or
# a worker that ignores it, starts more (counted, not timed).
prefix = f"cache-aside:py:exit-stalled:{uuid.uuid4().hex}"
try:
    started, gap, _ = child("stalled", 40, prefix)
finally:
    admin.execute_command("CLIENT", "UNPAUSE")
check(started <= 1, f"{started} deletes of 1 s each started at exit against a stalled Redis: the flush ran past its 1 s")
check(gap >= 0.1, f"a delete was sent in the exit flush {gap:.3f} s after its SET raised, before its 0.1 s were up")

# A delete that never returns (the child's patched client waits forever): the exit stops waiting
# at the flush's limit. A flush that waited for the delete would never end; child() gives up at 20 s.
prefix = f"cache-aside:py:exit-hung:{uuid.uuid4().hex}"
started, gap, _ = child("hung", 3, prefix)
check_equal(started, 1, "deletes started at exit when the first one never returns")
admin.delete(*[f"{prefix}:{i}" for i in range(3)])

# The flush's guards. The only pending delete is in flight when the flush begins (the worker is in
# it, the backlog empty): the flush waits for it because the worker is sending, and the delete's
# retry in the flush removes the lease; a flush that looked at the backlog alone would end at once.
prefix = f"cache-aside:py:exit-one:{uuid.uuid4().hex}"
started, gap, out = child("one", 1, prefix)
check(not admin.exists(f"{prefix}:0"),
      f"the delete in flight when the exit flush began (the backlog empty) was not waited for: its lease was left to expire: {out}")

# The worker died (a BaseException out of a delete) before the exit, deletes still pending: nothing
# can send them, so the flush does not wait for them (it starts no wait at all), rather than
# holding the exit for its whole limit.
prefix = f"cache-aside:py:exit-dead:{uuid.uuid4().hex}"
started, gap, out = child("dead", 3, prefix)
waits = re.search(r"^flush waits: (\d+)$", out, re.M)
check(waits is not None and waits[1] == "0",
      f"with the worker dead and deletes pending, the exit flush waited for them anyway: {out}")
check_equal(started, 0, "deletes started at exit with the worker dead")
admin.delete(*[f"{prefix}:{i}" for i in range(3)])

passed()
