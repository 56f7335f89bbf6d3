import random
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import psycopg
from psycopg.types.json import Jsonb

LEASE_SECONDS = ${2:60.0}


@dataclass
class Job:
    id: int
    kind: str
    payload: Any  # decoded JSON: a dict, list, string, number ...
    attempts: int  # the number of this claim: the token that says this worker still owns the job
    max_attempts: int
    # Set when this attempt lost the job (its lease was taken over): a long handler should check
    # it (or wait on it) and stop, because its outcome will no longer be recorded.
    lost: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)


Handler = Callable[[Job], None]

# Every write after the claim matches the attempt that claimed the job: a worker whose lease was
# taken over can neither finish nor fail a job that another worker is now running.
OWNED = "id = %s AND attempts = %s AND status = 'running'"


def ${1:claim_job}(conn: psycopg.Connection, lease_seconds: float = LEASE_SECONDS) -> Job | None:
    """Claim a running job whose worker stopped heartbeating for lease_seconds (stranded jobs
    first), else the next due job, or None. Each candidate is a LIMIT 1 walk of its own partial
    index, so a claim stays cheap under any backlog (one query with OR over both kinds would sort
    every due job on every claim). SKIP LOCKED gives concurrent workers different jobs."""
    with conn.transaction():
        row = conn.execute(
            "UPDATE ${3:jobs} SET status = 'running', attempts = attempts + 1,"
            " locked_at = now(), updated_at = now()"
            " WHERE id = COALESCE("
            "   (SELECT id FROM $3 WHERE status = 'running' AND locked_at < now() - make_interval(secs => %s)"
            "     ORDER BY locked_at LIMIT 1 FOR UPDATE SKIP LOCKED),"
            "   (SELECT id FROM $3 WHERE status = 'queued' AND run_at <= now()"
            "     ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED))"
            " RETURNING id, kind, payload, attempts, max_attempts",
            (lease_seconds,),
        ).fetchone()
    return Job(*row) if row else None


def _fail(conn: psycopg.Connection, job: Job, error: str) -> bool:
    """Retry later, or dead-letter once attempts are used up (one statement). False: not ours."""
    # Exponential backoff with full jitter, capped, so a failing dependency is not hammered.
    delay = random.uniform(0, min(600, 2**job.attempts))
    with conn.transaction():
        row = conn.execute(
            "WITH failed AS ("
            "  UPDATE $3 SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,"
            "         run_at = now() + make_interval(secs => %s), locked_at = NULL,"
            "         last_error = %s, updated_at = now()"
            f"  WHERE {OWNED}"
            "  RETURNING id, kind, payload, attempts, status, last_error"
            "), buried AS ("
            "  INSERT INTO $3_dead_letter (job_id, kind, payload, attempts, last_error)"
            "  SELECT id, kind, payload, attempts, last_error FROM failed WHERE status = 'dead'"
            "  ON CONFLICT (job_id) DO UPDATE"
            "    SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = now()"
            ") SELECT status FROM failed",
            (delay, error, job.id, job.attempts),
        ).fetchone()
    return row is not None


def _check_seconds(name: str, seconds: float) -> None:
    """Refuse a pause Event.wait cannot keep: 0 or less returns at once (a busy loop on the table,
    or a heartbeat that never sleeps), and inf, nan or more than TIMEOUT_MAX make it raise."""
    if not 0 < seconds <= threading.TIMEOUT_MAX:
        raise ValueError(f"{name} must be a number of seconds above 0 and at most {threading.TIMEOUT_MAX}, got {seconds}")


def process_job(conn: psycopg.Connection, handlers: dict[str, Handler], job: Job,
                lease_seconds: float = LEASE_SECONDS) -> bool:
    """Run one claimed job, heartbeating on conn every lease/3 from a helper thread (so the
    handler must not use conn), and record the outcome only if this attempt still owns the job.
    Returns False when the job was taken over meanwhile."""
    _check_seconds("lease_seconds", lease_seconds)
    if job.attempts > job.max_attempts:
        # Claimed again after its last attempt's lease expired: it kills or hangs its worker.
        return _fail(conn, job, "worker lost: its lease expired on every attempt")
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(lease_seconds / 3):
            try:
                with conn.transaction():
                    if not conn.execute(f"UPDATE $3 SET locked_at = now() WHERE {OWNED}",
                                        (job.id, job.attempts)).rowcount:
                        job.lost.set()  # taken over: tell the handler, its outcome is no longer ours
                        return
            except psycopg.Error:
                pass  # a missed beat is harmless: the ownership checks decide

    beater = threading.Thread(target=heartbeat, daemon=True)
    beater.start()
    error = None
    try:
        handlers[job.kind](job)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
        error = repr(exc)
    finally:
        stop.set()
        beater.join()
    if error is not None:
        return _fail(conn, job, error)
    with conn.transaction():
        done = conn.execute(
            f"UPDATE $3 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE {OWNED}",
            (job.id, job.attempts),
        ).rowcount
    return done == 1


def _report(error: Exception) -> None:
    print(f"job worker: database error, backing off: {error!r}", file=sys.stderr)


def run_worker(conn: psycopg.Connection, handlers: dict[str, Handler], stop: threading.Event,
               idle_seconds: float = ${4:1.0}, lease_seconds: float = LEASE_SECONDS,
               on_error: Callable[[Exception], None] = _report, error_backoff_seconds: float = 5.0,
               connect: Callable[[], psycopg.Connection] | None = None) -> None:
    """Process jobs until stop is set. Handlers must be idempotent: a job whose worker died or
    stalled past its lease runs again elsewhere. A database error (a failover, a restart) does not
    end the loop: it goes to on_error and the worker backs off and carries on; when the error broke
    the connection, connect() opens a new one (without connect, a broken connection ends the loop).
    idle_seconds, lease_seconds and error_backoff_seconds must be above 0 and at most
    threading.TIMEOUT_MAX (ValueError before anything is claimed)."""
    for name, seconds in (("idle_seconds", idle_seconds), ("lease_seconds", lease_seconds),
                          ("error_backoff_seconds", error_backoff_seconds)):
        _check_seconds(name, seconds)
    while not stop.is_set():
        try:
            job = ${1:claim_job}(conn, lease_seconds)
            if job is None:
                stop.wait(idle_seconds)
                continue
            process_job(conn, handlers, job, lease_seconds)
        except psycopg.Error as error:
            on_error(error)
            stop.wait(error_backoff_seconds)
            if conn.closed:
                if connect is None:
                    raise
                try:
                    conn = connect()
                except psycopg.Error as again:
                    on_error(again)  # still down: the next round tries again


def enqueue(conn: psycopg.Connection, kind: str, payload: Any, max_attempts: int = ${5:5}) -> int:
    """Enqueue a job; inside a transaction, it commits (or not) with your other writes."""
    row = conn.execute(
        "INSERT INTO $3 (kind, payload, max_attempts) VALUES (%s, %s, %s) RETURNING id",
        (kind, Jsonb(payload), max_attempts),
    ).fetchone()
    assert row is not None
    return row[0]
$0
