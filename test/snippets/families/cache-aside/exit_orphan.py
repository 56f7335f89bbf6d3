"""Child of proof_backlog.py: leaves orphan leases (each SET lands, then its reply is given up on)
while the background worker is held in the first one's delete, then exits normally, so only the
exit flush can delete them. The held delete is still in flight when the flush begins; it then fails
(as a timed-out delete would), so only its retry in the flush can delete that lease.

argv: key prefix, count, mode ("idle": exit at once, the flush's limit raised to 5 s so a loaded
machine sends every delete in it; "stalled": first hold every write of this Redis for 60 s, so each
delete the flush sends waits its whole 1 s socket timeout; "hung": a delete sent in the flush never
returns, so only the flush's own limit ends the exit; "one": as idle, but the held delete is the
only pending one, so when the flush begins the backlog is empty and only the worker being in a
delete (_sending) can keep the exit waiting for it; "dead": the held delete ends the worker with a
BaseException before the exit, the other deletes still pending, so a flush that waited for them
would wait for a worker that no longer runs: the waits the flush starts are counted).

Idle mode also has a late key, `<prefix>:late`, orphaned first: its deletes answer 0 (not deleted)
six times, counted, so its next try is 6.4 s later, past the flush's 5 s: only a flush that brings
every pending delete forward sends it.

Printed after the flush (an atexit handler registered before `import snippet` runs after the
snippet's): how many deletes started once the exit began, and the shortest time from a SET that
raised to a delete of its key started in the flush.
"""
import atexit
import sys
import threading
import time

import redis

from sdp_proof import redis_host, redis_port

prefix, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
entered = threading.Event()  # the worker is in the first delete
exiting = threading.Event()  # set by the first exit handler, before the flush
raised_at: dict[str, float] = {}  # key -> when its SET raised
flush_starts: list[tuple[str, float]] = []  # (key, when) of each delete started once the exit began


def report() -> None:
    if mode == "stalled":
        # A worker that ignored the flush's limit would start another delete each socket timeout
        # (1 s): wait long enough to count some. Correct code starts none after the limit.
        time.sleep(2.5)
    gaps = [start - raised_at[key] for key, start in flush_starts if key in raised_at]
    print(f"flush deletes started: {len(flush_starts)}", flush=True)
    print(f"shortest SET-raised-to-delete gap: {min(gaps) if gaps else 'none'}", flush=True)
    print(f"held delete saw the flush begin: {saw_flush.is_set()}", flush=True)
    print(f"flush waits: {len(flush_waits)}", flush=True)
    if mode == "idle":
        # The late key's retry (6.4 s after its sixth failure) must fall past the flush's limit, or a
        # flush that does not bring retries forward would send it anyway and the check could not fail.
        due = late_failed_at + 6.4 if late_failed_at is not None else float("inf")
        flush_at = snippet._retries._flush_at
        print(f"late retry due after the flush's limit: {flush_at is not None and due > flush_at + snippet._FLUSH_S}", flush=True)


atexit.register(report)  # before the snippet's flush is registered, so it runs after that flush

import snippet  # noqa: E402 - after report's registration, on purpose

if not hasattr(snippet._retries, "_flush_at"):
    sys.exit("snippet._retries has no _flush_at: this child cannot tell when the exit flush begins")
saw_flush = threading.Event()  # the held delete returned after the flush had begun
late_tries = 0
late_failed_at: float | None = None  # when the late key's sixth delete answered 0
late_failed = threading.Event()  # the late key's deletes have answered 0 six times
LATE_FAILS = 6
if mode in ("idle", "hung", "one", "dead"):
    # Room for a loaded machine: the proofs of the limit are the stalled mode's count and the hung
    # mode's exit, neither of which a longer limit can pass by accident.
    snippet._FLUSH_S = 5.0

# Idle mode and the SETs: 5 s (a loaded machine answers late); the deletes of stalled mode: 1 s.
short = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=1, socket_connect_timeout=1)


class Die(BaseException):
    """Out of a delete, it ends the worker (which catches Exception only)."""


die = threading.Event()  # "dead" mode: the held delete raises Die
flush_waits: list[float | None] = []  # the condition waits the exit's flush started (main thread)


def count_flush_waits() -> None:
    """Runs at exit, right before the flush: records each wait on the retries' condition that the
    main thread starts (the flush's), then waits as asked."""
    cond = snippet._retries._cond
    wait = cond.wait

    def counted(timeout: float | None = None) -> bool:
        if threading.current_thread() is threading.main_thread():
            flush_waits.append(timeout)
        return wait(timeout)

    cond.wait = counted


class HeldWorker(redis.Redis):
    def set(self, name, *args, **kwargs):
        super().set(name, *args, **kwargs)
        raised_at[name] = time.monotonic()
        raise redis.exceptions.TimeoutError("reply given up on")

    def evalsha(self, *args, **kwargs):
        global late_tries, late_failed_at
        if args[2] == f"{prefix}:late" and late_tries < LATE_FAILS:  # evalsha(sha, 1, key, lease)
            late_tries += 1
            if late_tries == LATE_FAILS:
                late_failed_at = time.monotonic()
                late_failed.set()
            return 0  # as if the lease were not there (yet): retried at a doubled gap
        if not exiting.is_set():
            # The worker's first delete, before the exit: held until the flush has begun, then it
            # fails, as a delete that timed out would.
            entered.set()
            if mode == "dead":  # ends the worker, before the exit
                die.wait(10)
                raise Die()
            exiting.wait()
            for _ in range(1000):  # about 10 s
                if snippet._retries._flush_at is not None:
                    saw_flush.set()
                    break
                time.sleep(0.01)
            raise redis.exceptions.TimeoutError("delete given up on")
        flush_starts.append((args[2], time.monotonic()))
        if mode == "hung":
            threading.Event().wait()  # never returns: the exit must not wait for it
        if mode == "stalled":
            return short.evalsha(*args, **kwargs)
        return super().evalsha(*args, **kwargs)


client = HeldWorker(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)
cache = snippet.Cache(client)
client.script_load(snippet._RELEASE)  # loaded now: under the write pause a SCRIPT LOAD would be held too
if mode == "idle":
    cache.get_or_load(f"{prefix}:late", lambda: "loaded", lease_ms=60_000)
    if not late_failed.wait(20):
        sys.exit("the late key's deletes were not retried six times")
cache.get_or_load(f"{prefix}:0", lambda: "loaded", lease_ms=60_000)
if not entered.wait(10):
    sys.exit("the worker never started the first orphan's delete")
for i in range(1, count):
    cache.get_or_load(f"{prefix}:{i}", lambda: "loaded", lease_ms=60_000)
if mode == "dead":
    worker = snippet._retries._thread
    die.set()
    worker.join(10)
    if worker.is_alive():
        sys.exit("the worker did not end with the BaseException from its delete")
if mode == "stalled":
    redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=5).execute_command("CLIENT", "PAUSE", "60000", "WRITE")
atexit.register(count_flush_waits)
atexit.register(exiting.set)  # runs first at exit: the flush comes next
print("exiting", flush=True)
