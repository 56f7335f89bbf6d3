"""cache-aside, Python: a Redis that keeps the socket open but answers nothing (CLIENT PAUSE on a
private server) costs a caller the wait and the client's socket timeout, not the answer."""
import logging
import os
import shutil
import socket
import subprocess
import tempfile
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


STALL_MS = 5000


def still_stalled(timeout_s: float = 1.0) -> bool:
    """True while the pause holds: a probe's PING gets no answer within its timeout. 1 s, not the
    caller's 0.2 s: an idle Redis on a loaded machine may miss 0.2 s, and a probe that took that for
    the pause would let a caller held for the whole stall pass. The callers answer within about
    0.5 s of the 5 s stall, so the probe still ends well inside it."""
    probe = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
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
    # wait 0.5 s and lease 0.3 s, plus one socket timeout (0.2 s) per command still in flight, then
    # the probe's 1 s: far inside the 5 s stall, so the caller is answered while Redis answers nothing.
    check(during, f"Redis stalled {when}: the caller was answered only once the stall was over")

# invalidate() through a stalled Redis: the write has committed, so it does not raise; it returns
# False and reports the unconfirmed delete, to on_error or by default as a logging warning.
for custom in (True, False):
    reported: list[tuple[str, Exception]] = []
    ikey = f"cache-aside:py:invalidate:{uuid.uuid4().hex}"
    stall(STALL_MS)
    try:
        with_log = None
        if custom:
            returned = snippet.Cache(timed).invalidate(ikey, on_error=lambda k, e: reported.append((k, e)))
        else:
            records: list[logging.LogRecord] = []
            handler = logging.Handler()
            handler.emit = records.append
            snippet.log.addHandler(handler)
            try:
                returned = snippet.Cache(timed).invalidate(ikey)
            finally:
                snippet.log.removeHandler(handler)
            with_log = [r for r in records if r.levelno == logging.WARNING and ikey in r.getMessage()]
        raised = None
    except Exception as exc:  # noqa: BLE001 - the claim is that nothing is raised
        raised, returned = exc, None
    admin.ping()  # answered once the pause is over
    check(raised is None, f"invalidate() through a stalled Redis raised {raised!r} although the write had committed")
    check(returned is False, f"invalidate() through a stalled Redis returned {returned!r}, not False")
    if custom:
        check(len(reported) == 1 and reported[0][0] == ikey and isinstance(reported[0][1], redis.exceptions.TimeoutError),
              f"on_error got {reported}, not the key and the socket timeout")
    else:
        check(bool(with_log), "the default report of an unconfirmed delete is not a logging warning naming the key")
# A client with a generous timeout: on a loaded machine an idle Redis may miss a 0.2 s one.
patient = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)
check(snippet.Cache(patient).invalidate(f"cache-aside:py:invalidate:{uuid.uuid4().hex}") is True, "a confirmed delete returns True")

# Many SET NX that time out (here: a client whose SET lands, then reports a socket timeout) start one
# background worker for their orphan-lease deletes, not one thread each, and it deletes every orphan.
# The timeout is faked, so these clients take a generous real one: on a loaded machine a 0.2 s read
# could time out for real and skip the SET, or fail a delete.
class LandsThenTimesOut(redis.Redis):
    def set(self, *args, **kwargs):
        super().set(*args, **kwargs)
        raise redis.exceptions.TimeoutError("reply given up on")


before = set(threading.enumerate())
lossy = snippet.Cache(LandsThenTimesOut(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5))
orphans = [f"cache-aside:py:many-orphans:{uuid.uuid4().hex}" for _ in range(40)]
for okey in orphans:
    check_equal(lossy.get_or_load(okey, lambda: "loaded", lease_ms=60_000), "loaded", "a caller whose SET NX timed out loads by itself")
started = [t for t in threading.enumerate() if t not in before]
check(len(started) <= 1, f"40 timed-out SET NX started {len(started)} threads for their orphan-lease deletes, not one worker")
left = orphans
for _ in range(200):  # give up after about 10 s
    left = [k for k in orphans if admin.exists(k)]
    if not left:
        break
    time.sleep(0.05)
check(not left, f"{len(left)} of 40 orphan leases (60 s each) were not deleted by the worker")


def deleted_within_10s(keys: list[str]) -> list[str]:
    """The keys still present after waiting up to about 10 s for them to go."""
    left = keys
    for _ in range(200):
        left = [k for k in keys if admin.exists(k)]
        if not left:
            break
        time.sleep(0.05)
    return left


# The worker survives a delete that fails with an error that is not a RedisError (redis-py's
# RedisClusterException is not one): that delete is retried and the later orphans are still deleted.
class FailsFirstDelete(LandsThenTimesOut):
    first = threading.Event()

    def evalsha(self, *args, **kwargs):
        if not self.first.is_set():
            self.first.set()
            raise RuntimeError("not a RedisError")
        return super().evalsha(*args, **kwargs)


odd = snippet.Cache(FailsFirstDelete(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5))
odd_keys = [f"cache-aside:py:odd-orphan:{uuid.uuid4().hex}" for _ in range(2)]
odd.get_or_load(odd_keys[0], lambda: "loaded", lease_ms=60_000)
check(FailsFirstDelete.first.wait(10), "the worker never tried the first orphan's delete")
odd.get_or_load(odd_keys[1], lambda: "loaded", lease_ms=60_000)
left = deleted_within_10s(odd_keys)
check(not left, f"after a delete failed with a non-Redis error, {len(left)} of 2 orphan leases were not deleted (the worker died)")

# A process forked after the worker started (a pre-forking server that loaded the app first) has no
# worker thread: its orphan leases are still deleted (the child starts its own).
child = os.fork()
if child == 0:
    code = 3
    try:
        forked = snippet.Cache(LandsThenTimesOut(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5))
        fkey = f"cache-aside:py:forked-orphan:{uuid.uuid4().hex}"
        forked.get_or_load(fkey, lambda: "loaded", lease_ms=60_000)
        code = 1 if deleted_within_10s([fkey]) else 0
    finally:
        os._exit(code)
_, status = os.waitpid(child, 0)
check(os.waitstatus_to_exitcode(status) == 0,
      f"in a process forked after the worker started, the orphan lease was not deleted (child exit {os.waitstatus_to_exitcode(status)}; 1 = not deleted)")

# A lease whose SET NX the caller gave up on can still land: here Redis is busy with another
# client's slow script (5 s), the SET waits in its socket, the caller's 0.2 s socket timeout gives
# up (and loads by itself), and Redis runs the SET once the script ends. That lease (60 s) has no
# loader; the snippet deletes it (if it still holds the caller's token), so the next caller loads
# instead of waiting it out.
BUSY = """local t0 = redis.call('TIME')
while true do
  local t = redis.call('TIME')
  if (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > tonumber(ARGV[1]) then return 1 end
end"""


# Until a script has run this long Redis reads no other client's command, so the SET waits in its
# socket and runs after the script; past it, Redis would answer the SET with a BUSY error (default
# 5 s; this server is ours). An endless script ended by SCRIPT KILL cannot be used: Redis reads
# SCRIPT KILL only past this threshold, and then answers the waiting SET with BUSY too.
try:
    admin.execute_command("CONFIG", "SET", "busy-reply-threshold", "20000")
except redis.exceptions.ResponseError:  # before Redis 7.0 the setting was named lua-time-limit
    admin.execute_command("CONFIG", "SET", "lua-time-limit", "20000")


def busy_for(microseconds: int) -> threading.Thread:
    """Start a script that keeps Redis busy; returns once it runs (a probe's PING goes unanswered for
    1 s: an idle Redis on a loaded machine may miss a shorter timeout, and a SET sent then would be
    answered at once, taking a real lease that is filled). The script outlasts that probe by about
    4 s, far more than the caller's 0.2 s socket timeout; that the SET did time out is checked."""
    busy = threading.Thread(target=lambda: redis.Redis(host=redis_host(), port=redis_port()).eval(BUSY, 0, microseconds), daemon=True)
    busy.start()
    while not still_stalled(1.0):
        pass
    return busy


class BusyOnSet(redis.Redis):
    """The client the snippet is given: its SET finds Redis busy, and only the SET goes through the
    0.2 s socket timeout (a client of its own). The GET before it and the worker's deletes take 5 s:
    on a loaded machine a 0.2 s GET could time out for real, and the caller would load without ever
    sending the SET (no orphan to prove anything with)."""

    busy: threading.Thread | None = None
    timed_out = False
    short = redis.Redis(host=redis_host(), port=redis_port(), socket_timeout=0.2, socket_connect_timeout=0.2)

    def set(self, *args, **kwargs):
        self.busy = busy_for(5_000_000)
        try:
            return self.short.set(*args, **kwargs)
        except redis.exceptions.TimeoutError:
            self.timed_out = True
            raise


late = BusyOnSet(host=redis_host(), port=redis_port(), socket_timeout=5, socket_connect_timeout=5)
key = f"cache-aside:py:orphan:{uuid.uuid4().hex}"
first = snippet.Cache(late).get_or_load(key, lambda: "loaded 1", lease_ms=60_000, wait_s=0.5)
check_equal(first, "loaded 1", "the caller that gave up on its SET NX loads by itself")
check(late.busy is not None, "the caller never sent its SET NX")
check(late.timed_out, "the 0.2 s SET NX was answered (the busy script had ended): no orphan lease to prove anything with")
late.busy.join()  # the script is over: Redis has run the SET the caller gave up on
nxt = []
# A patient client: with 0.2 s, one read that timed out for real (a loaded machine) would make this
# caller load by itself, and a lease left behind would pass unseen.
reader = threading.Thread(target=lambda: nxt.append(snippet.Cache(patient).get_or_load(key, lambda: "loaded 2", lease_ms=60_000)), daemon=True)
reader.start()
reader.join(10)
check(nxt == ["loaded 2"], f"the next caller waited 10 s for a 60 s lease nobody loads for (got {nxt})")

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

# A cluster client is checked too: its node connections are built from the kwargs it was given.
# A one-node cluster of our own (all 16384 slots on one server, started here and stopped after).
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_cluster_node() -> tuple[subprocess.Popen, int, str]:
    """Start the private server and wait until it answers (INFO names its pid), with a generous
    deadline: a loaded machine starts it slowly, and a short fixed wait made this proof flaky. A
    server that exits (its port taken since free_port() chose it) is started on another port."""
    give_up = time.monotonic() + 60
    why = ""
    for _ in range(5):
        cluster_dir = tempfile.mkdtemp(prefix="sdp-redis-cluster-")
        port = free_port()
        log_path = os.path.join(cluster_dir, "server.log")
        server = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
             "--cluster-config-file", os.path.join(cluster_dir, "nodes.conf"), "--save", "", "--appendonly", "no",
             "--dir", cluster_dir, "--logfile", log_path],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        node = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5, socket_connect_timeout=5)
        try:
            while server.poll() is None and time.monotonic() < give_up:
                try:
                    # ours, not another process that took the port while our server failed to bind
                    if node.info("server")["process_id"] == server.pid:
                        return server, port, cluster_dir
                    why = "another server answered on the port"
                    break
                except redis.RedisError as exc:
                    why = repr(exc)
                    time.sleep(0.1)
        finally:
            node.close()
        server.kill()
        server.wait()
        try:
            with open(log_path, encoding="utf-8", errors="replace") as f:
                why = f"{why}; server log: {f.read()[-500:]}"
        except OSError:
            pass
        shutil.rmtree(cluster_dir, ignore_errors=True)
        if time.monotonic() >= give_up:
            break
    check(False, f"the private cluster node did not answer within 60 s ({why})")
    raise SystemExit(1)  # not reached: check raised


server, port, cluster_dir = start_cluster_node()
try:
    node = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5, socket_connect_timeout=5)
    node.execute_command("CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    give_up = time.monotonic() + 60  # a bound on the wait, not a claim: it only turns a hang into a message
    while b"cluster_state:ok" not in node.execute_command("CLUSTER", "INFO"):
        check(time.monotonic() < give_up, "the private one-node cluster did not reach cluster_state:ok within 60 s")
        time.sleep(0.1)
    node.close()
    try:
        snippet.Cache(redis.RedisCluster(host="127.0.0.1", port=port))
    except ValueError as exc:
        check("socket_timeout" in str(exc), f"the refusal names the setting: {exc}")
    else:
        check(False, "a RedisCluster built without socket_timeout was accepted")
    cluster = redis.RedisCluster(host="127.0.0.1", port=port, socket_timeout=5, socket_connect_timeout=5)
    cached = snippet.Cache(cluster)
    check_equal(cached.get_or_load("cache-aside:py:cluster", lambda: "loaded"), "loaded", "a cluster client with socket_timeout loads")
    check_equal(cached.get_or_load("cache-aside:py:cluster", lambda: "loaded again"), "loaded", "and caches")
    cluster.close()
finally:
    server.kill()
    server.wait()
    shutil.rmtree(cluster_dir, ignore_errors=True)

passed()
