import atexit
import heapq
import json
import logging
import os
import random
import threading
import time
import uuid
from typing import Any, Callable

import redis

log = logging.getLogger(__name__)

# While a value is being loaded, its key holds a lease: this prefix (never the start of JSON) and
# the loader's id. invalidate() deletes the key, lease included, so a loader that read the database
# before a write cannot cache what it read afterwards: its conditional set finds no lease.
_LEASE = "\x00lease:"

# Store the value only if our lease is still there (no invalidation happened while we loaded).
_FILL = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return false
"""
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class ${1:Cache}:
    """Cache-aside over Redis with jittered TTLs and one load per key at a time across processes.

    Threads and processes share one mechanism, the lease in Redis, so nothing is kept per key in
    this process. If Redis is down, reads go straight to the loader: an outage costs latency, not
    availability.

    Build the client with `socket_timeout` (and `socket_connect_timeout`), e.g. 0.2 s: redis-py waits
    for a reply without limit by default, so a Redis that keeps the socket open but stops answering
    (paused, overloaded, a peer whose death TCP has not noticed) would hold every caller. With it, such
    a Redis costs a read at most `wait_s` plus one socket timeout before it loads, and the fill or the
    lease release one socket timeout each (times the attempts of the client's retry policy, if any).
    A client built without a socket timeout is refused: a Redis client whose connection pool has none,
    or a RedisCluster whose node connections have none (a client object without
    get_connection_kwargs is not checked).

    A lease whose SET NX timed out may still land on Redis (a busy server runs it late) with no
    loader; it is deleted in the background if it still holds this caller's token, so other callers
    are not held for the whole lease.

    invalidate() never raises for Redis: the write has committed, so an unconfirmed delete returns
    False and is reported (a logging warning by default).

    While Redis fails, get_or_load logs at most one line per _REPORT_EVERY_S (60 s) per Cache: the
    first failure after a quiet spell with its traceback, then the count of the failures not logged
    and the latest one (see _FailureLog), not a traceback per call. A loaded value JSON cannot
    encode is returned uncached and logged the same way, on a count of its own; once such values
    stop, the first call (a hit too) a minute after the last line logs the count still unlogged.
    A count still unlogged when calls stop altogether is not logged.
    """

    def __init__(self, client: redis.Redis, ttl_seconds: int = ${2:300}, jitter: float = ${3:0.1}) -> None:
        # The settings every connection is built with: the pool's for a Redis client, those of each
        # node's client for a RedisCluster (redis-py's get_connection_kwargs, checked 2026 on 4.3).
        settings = client.get_connection_kwargs() if hasattr(client, "get_connection_kwargs") else None
        if settings is not None and settings.get("socket_timeout") is None:
            raise ValueError("build the Redis client with socket_timeout: without it a stalled Redis holds every caller")
        # The fill's expiry is whole seconds (int() below): under 1 it is 0, which Redis refuses, so
        # every fill would fail and each load leave its lease on the key. An inf TTL (or an inf or
        # nan jitter) has no whole number: int() would raise after the load, leaving the lease too;
        # a negative jitter can bring the expiry down to 0. A bool is an int to Python: True would
        # be a 1 s TTL, or a jitter of 100%.
        for name, value in (("ttl_seconds", ttl_seconds), ("jitter", jitter)):
            if isinstance(value, bool):
                raise TypeError(f"{name} must be a number, not a bool, got {value!r}")
        if not 1 <= ttl_seconds < float("inf"):
            raise ValueError(f"ttl_seconds must be 1 or more and finite (the fill's expiry is whole seconds), got {ttl_seconds}")
        if not 0 <= jitter < float("inf"):
            raise ValueError(f"jitter must be 0 or more and finite (a fraction of the TTL added at random), got {jitter}")
        self._client = client
        self._ttl = ttl_seconds
        self._jitter = jitter
        self._fill = client.register_script(_FILL)
        self._release = client.register_script(_RELEASE)
        self._failures = _FailureLog()
        self._unencodable = _FailureLog(what="unencodable values")

    def get_or_load(self, key: str, load: Callable[[], Any], lease_ms: int = 5000, wait_s: float | None = None) -> Any:
        """The cached value, or `load()` run by one caller (the lease holder) while others wait.

        `wait_s` defaults to the lease plus 1 s: a slow loader is waited for until its lease expires,
        and then one waiter takes the lease over (a wait shorter than the lease makes every waiter load).
        """
        try:
            return self._read_through(key, load, lease_ms, wait_s)
        finally:
            # Once unencodable values stop, their count still unlogged would never come out: any
            # call (a hit too) logs it once a line is due. After the call, so that a call whose own
            # value has no encoding logs the count on its line, with its key and error.
            self._unencodable.report_pending(
                "%d more values with no JSON encoding returned uncached since the last of these lines, not logged one by one"
            )

    def _read_through(self, key: str, load: Callable[[], Any], lease_ms: int, wait_s: float | None) -> Any:
        if wait_s is None:
            wait_s = lease_ms / 1000 + 1
        try:
            found = self._lookup(key, lease_ms, time.monotonic() + wait_s)
        except redis.RedisError as exc:
            self._failures.failed("cache unavailable, reading %s from the source", key, exc)
            return load()
        self._failures.answered()
        if found is None:
            return load()  # the loader holding the lease is slow or dead: serve this caller anyway
        kind, payload = found
        if kind == "value":
            return payload
        lease = payload
        try:
            value = load()
        except BaseException:
            # Hand the lease back so the next caller loads instead of waiting for it to expire.
            try:
                self._release(keys=[key], args=[lease])
            except redis.RedisError:
                pass
            raise
        try:
            text = json.dumps(value)
        except BaseException as exc:
            # The lease goes back on every failure here, or it would hold every caller of the key
            # for the whole lease, for a loader that has finished.
            try:
                self._release(keys=[key], args=[lease])
            except redis.RedisError:
                pass
            if not isinstance(exc, (TypeError, ValueError, RecursionError)):
                raise
            # A value JSON cannot encode (a Decimal or datetime from a row, a set, a cycle, nesting
            # deeper than the recursion limit) is returned uncached. The same value comes back on
            # every load, so the log is rate-limited like Redis failures.
            self._unencodable.failed("%s not cached: its value has no JSON encoding", key, exc)
            return value
        # Jitter spreads expiries so keys cached together do not all miss at once.
        ttl = int(self._ttl * (1 + random.random() * self._jitter))
        try:
            self._fill(keys=[key], args=[lease, text, ttl])
        except redis.RedisError as exc:
            self._failures.failed("could not cache %s", key, exc)
        return value

    def _lookup(self, key: str, lease_ms: int, deadline: float) -> tuple[str, Any] | None:
        while time.monotonic() < deadline:
            cached = self._client.get(key)
            if cached is None:
                lease = _LEASE + uuid.uuid4().hex
                try:
                    taken = self._client.set(key, lease, nx=True, px=lease_ms)
                except redis.RedisError:
                    self._release_if_it_lands(key, lease, lease_ms)
                    raise
                if taken:
                    return ("lease", lease)
                continue  # another caller took the lease a moment ago: wait for its value
            text = cached.decode() if isinstance(cached, bytes) else cached
            if not text.startswith(_LEASE):
                return ("value", json.loads(text))
            time.sleep(0.05)  # another caller is loading
        return None

    def _release_if_it_lands(self, key: str, lease: str, lease_ms: int) -> None:
        """Best effort, in the background: a SET NX given up on (socket timeout) may still land, e.g.
        on a Redis busy with a slow command, and leave a lease nobody loads for, which other callers
        would wait out. redis-py drops the timed-out connection, so a delete sent at once could reach
        Redis before that SET: delete the key if it holds our token after 0.1 s and again at doubling
        gaps, for one lease after giving up. An orphan then stalls others about as long as its SET was
        late; a SET later than the lease (rare) starts its full lease when it lands, and that one is
        waited out.

        The retries of every Cache in the process share one daemon thread and at most
        _RETRIES_MAX pending deletes, so a struggling Redis (many timed-out SETs) costs one thread
        and one connection at a time, not one per timeout. When that many are pending, this one is
        dropped: its lease expires on its own. Drops are counted, not logged one by one (a struggling
        Redis would flood the log): a warning at the 1st, 10th, 100th... drop, and one summing them
        up when the backlog has emptied. One delete at a time means a slow Redis delays the later
        ones by up to a socket timeout each (times the client's retry attempts, plus backoff). At
        interpreter exit the pending deletes are sent once, and exit waits for them at most _FLUSH_S,
        however long a delete takes (see _Retries.flush); the Go variant's FlushReleases does the
        same at shutdown, with the same cap and limit."""
        _retries.add(self._release, key, lease, time.monotonic() + lease_ms / 1000)

    def invalidate(self, key: str, on_error: Callable[[str, Exception], None] | None = None) -> bool:
        """Call after the write to the source of truth has committed; deletes any lease too.

        Returns True once Redis confirms the delete. A Redis error or socket timeout does not raise,
        since the write has succeeded: it returns False and calls `on_error(key, exc)` (by default a
        logging warning). Until the delete lands or the key's TTL ends, reads may return the value
        from before the write; pass on_error to retry, alert or count, as that staleness matters to you."""
        try:
            self._client.delete(key)
            return True
        except redis.RedisError as exc:
            if on_error is None:
                log.warning("cache delete of %s not confirmed after the write: reads may be stale until it lands or the TTL ends", key, exc_info=True)
            else:
                on_error(key, exc)
            return False


# While Redis fails, every read fails with it: get_or_load logs at most one line per this many
# seconds per Cache (the Go variant uses the same number).
_REPORT_EVERY_S = 60.0


class _FailureLog:
    """The Redis failures of one Cache's reads and fills, logged without a line per call: a Redis
    outage fails every read, and a traceback each would flood the log (and its disk and shipping
    costs) while the service most needs it readable. At most one line per _REPORT_EVERY_S: the
    first failure after a quiet spell (nothing left uncounted) with its traceback; after that, one
    line with the number of failures not logged since the last line and the latest error, without
    a traceback (it is the same outage). The first read that Redis answers once that spell is over
    logs that it answers again, with the count still unlogged, so an outage's end is on record.
    `clock` is injectable, for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, what: str = "Redis failures") -> None:
        self._clock = clock
        self._what = what  # what the lines count
        self._lock = threading.Lock()
        self._last: float | None = None  # when this log last wrote a line
        self._unlogged = 0  # failures since then

    def _due(self, now: float) -> bool:
        return self._last is None or now - self._last >= _REPORT_EVERY_S

    def failed(self, message: str, key: str, exc: BaseException) -> None:
        now = self._clock()
        with self._lock:
            if not self._due(now):
                self._unlogged += 1
                return
            unlogged, self._unlogged, self._last = self._unlogged, 0, now
        if unlogged:
            log.warning(message + " (%r; %d more %s since the last of these lines, not logged one by one)", key, exc, unlogged, self._what)
        else:
            log.warning(message + " (further %s are counted, one line per %.0f s)", key, self._what, _REPORT_EVERY_S, exc_info=exc)

    def answered(self) -> None:
        self.report_pending("Redis answers again; %d Redis failures since the last report were not logged one by one")

    def report_pending(self, line: str) -> None:
        """Logs `line` (one %d: the count) if failures are still unlogged and a line is due."""
        if not self._unlogged:  # the common case: one read of an int, no lock
            return
        now = self._clock()
        with self._lock:
            if not self._unlogged or not self._due(now):
                return
            unlogged, self._unlogged, self._last = self._unlogged, 0, now
        log.warning(line, unlogged)


_RETRIES_MAX = 1000  # pending orphan-lease deletes; more are dropped (each lease expires anyway); as in Go
# How long interpreter exit waits for the pending deletes. A hard limit: the worker sends them and
# exit stops waiting then, however long a delete takes (socket timeouts times the client's retries).
# Go's FlushReleases waits as long.
_FLUSH_S = 1.0


class _Retries:
    """One daemon thread, started on first use, that sends the pending orphan-lease deletes when
    they are due (first after 0.1 s, then at doubling gaps until the lease's end). A forked child
    (a pre-forking server that loaded the app first) does not inherit the thread: it starts afresh,
    with an empty backlog (the parent's worker sends the parent's deletes); Python 3.12+ warns
    (DeprecationWarning) about a fork while this thread runs, which this reset makes safe here. A
    worker that died (a BaseException out of a delete) is replaced by the next add; if no thread can
    be started, that delete is dropped with a warning and its lease expires on its own."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._due: list[tuple[float, int, float, Callable[..., Any], str, str, float]] = []
        self._cond = threading.Condition()
        self._count = 0
        self._dropped = 0  # since the backlog was last empty
        self._thread: threading.Thread | None = None
        self._sending = False  # the worker is in a delete
        self._flush_at: float | None = None  # when the exit flush began

    def add(self, release: Callable[..., Any], key: str, lease: str, end: float) -> None:
        with self._cond:
            if self._thread is None or not self._thread.is_alive():  # first use, or the worker died
                thread = threading.Thread(target=self._run, name="cache-lease-release", daemon=True)
                try:
                    thread.start()
                except RuntimeError:  # can't start new thread: this delete is dropped, its lease expires
                    log.warning("no thread for the orphan-lease deletes; the lease on %s expires on its own", key, exc_info=True)
                    return
                self._thread = thread
            if len(self._due) >= _RETRIES_MAX:
                self._dropped += 1
                dropped = self._dropped
            else:
                dropped = 0
                self._push(time.monotonic() + 0.1, 0.1, release, key, lease, end)
        # Logged outside the lock, at the 1st, 10th, 100th... drop: a million drops are seven lines.
        if str(dropped).rstrip("0") == "1":
            log.warning("%d orphan-lease deletes pending: dropped %d so far, the latest for %s (their leases expire on their own; "
                        "a summary follows once the backlog is empty)", _RETRIES_MAX, dropped, key)

    def _push(self, at: float, gap: float, release: Callable[..., Any], key: str, lease: str, end: float) -> None:
        self._count += 1  # breaks ties, so the callables are never compared
        heapq.heappush(self._due, (at, self._count, gap, release, key, lease, end))
        self._cond.notify_all()  # the worker, and exit's flush if it waits

    def _summary(self) -> None:
        """Logs the drops since the backlog was last empty, once, and starts counting afresh."""
        with self._cond:
            dropped, self._dropped = self._dropped, 0
        if dropped:
            log.warning("%d orphan-lease deletes were dropped while the backlog was full (their leases expire on their own)", dropped)

    def _next(self) -> tuple[float, int, float, Callable[..., Any], str, str, float] | None:
        """Waits (holding the condition) for the next delete that is due; None when the backlog is
        empty and drops are to be summed up. During the exit flush every pending delete is due 0.1 s
        into it at the latest, and none is sent once _FLUSH_S has passed."""
        while True:
            now, flush_at = time.monotonic(), self._flush_at
            if flush_at is not None and now >= flush_at + _FLUSH_S:
                self._cond.wait()  # the exit goes on without us
                continue
            if self._due:
                at = self._due[0][0] if flush_at is None else min(self._due[0][0], flush_at + 0.1)
                if at <= now:
                    return heapq.heappop(self._due)
                self._cond.wait(at - now)
            elif self._dropped and flush_at is None:
                return None
            else:
                self._cond.wait()

    def _run(self) -> None:
        try:
            self._work()
        finally:  # a dying worker is not in a delete; the next add starts another
            with self._cond:
                self._sending = False
                self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                job = self._next()
                self._sending = job is not None
                started = time.monotonic()
            if job is None:
                self._summary()  # the backlog is empty: sum up the drops it had
                continue
            _, _, gap, release, key, lease, end = job
            deleted = False
            try:
                deleted = bool(release(keys=[key], args=[lease]))
            except Exception:  # noqa: BLE001 - any failure is retried; the worker must not die
                pass
            with self._cond:
                self._sending = False
                now, flush_at = time.monotonic(), self._flush_at
                if not deleted and flush_at is None:
                    gap *= 2
                    if now + gap < end:
                        self._push(now + gap, gap, release, key, lease, end)
                elif not deleted and flush_at is not None and started < flush_at and now < end:
                    # In flight when the exit flush began: its retry is one of the pending deletes.
                    self._push(now, gap, release, key, lease, end)
                self._cond.notify_all()  # exit's flush may wait for this delete

    def flush(self) -> None:
        """At interpreter exit: has the worker send each pending delete once, in the order they are
        due (a first try still waits out its 0.1 s; a retry due later goes 0.1 s into the flush; a
        delete in flight when the flush began is tried once more if it fails), and waits for them
        for at most _FLUSH_S, on a condition, not per delete: the worker starts none after that, and
        one still in flight then (a stalled Redis: its socket timeouts times the client's retry
        attempts, plus backoff) ends with the process. Then sums up any drops. Without the flush
        those leases would stall other callers until they expire; what is left at the limit still
        does. The flush is skipped by an exit that runs no atexit handlers: os._exit (which
        multiprocessing's forked children use), a signal whose default action ends the process (a
        SIGTERM from docker stop or Kubernetes, unless a handler turns it into sys.exit) or a crash."""
        with self._cond:
            self._flush_at = start = time.monotonic()
            self._cond.notify_all()
            while self._thread is not None and self._thread.is_alive() and (self._due or self._sending) and time.monotonic() < start + _FLUSH_S:
                self._cond.wait(start + _FLUSH_S - time.monotonic())
        self._summary()


_retries = _Retries()
atexit.register(_retries.flush)  # runs before logging's own exit handler (registered earlier), so its summary is logged
if hasattr(os, "register_at_fork"):  # POSIX; Windows has no fork
    os.register_at_fork(after_in_child=_retries._reset)
$0
