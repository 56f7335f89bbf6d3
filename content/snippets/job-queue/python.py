import json
import random
import time
from typing import Any, Callable

import psycopg

Handler = Callable[[dict], None]


def ${1:claim_job}(conn: psycopg.Connection) -> tuple | None:
    """Claim the next due job (or None). SKIP LOCKED gives concurrent workers different jobs."""
    with conn.transaction():
        return conn.execute(
            "UPDATE ${2:jobs} SET status = 'running', attempts = attempts + 1,"
            " locked_at = now(), updated_at = now()"
            " WHERE id = (SELECT id FROM $2 WHERE status = 'queued' AND run_at <= now()"
            "             ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            " RETURNING id, kind, payload, attempts, max_attempts"
        ).fetchone()


def _fail(conn: psycopg.Connection, job_id: int, attempts: int, max_attempts: int, error: str) -> None:
    with conn.transaction():
        if attempts >= max_attempts:
            conn.execute(
                "UPDATE $2 SET status = 'dead', last_error = %s, updated_at = now() WHERE id = %s",
                (error, job_id),
            )
            conn.execute(
                "INSERT INTO $2_dead_letter (job_id, kind, payload, attempts, last_error)"
                " SELECT id, kind, payload, attempts, last_error FROM $2 WHERE id = %s",
                (job_id,),
            )
        else:
            # Exponential backoff with full jitter, capped, so a failing dependency is not hammered.
            delay = random.uniform(0, min(${3:600}, 2**attempts))
            conn.execute(
                "UPDATE $2 SET status = 'queued', locked_at = NULL, last_error = %s, updated_at = now(),"
                " run_at = now() + make_interval(secs => %s) WHERE id = %s",
                (error, delay, job_id),
            )


def run_worker(conn: psycopg.Connection, handlers: dict[str, Handler], idle_seconds: float = 1.0) -> None:
    """Process jobs forever. Handlers must be idempotent: a job whose worker died runs again."""
    while True:
        job = ${1:claim_job}(conn)
        if job is None:
            time.sleep(idle_seconds)
            continue
        job_id, kind, payload, attempts, max_attempts = job
        try:
            handler = handlers[kind]
            handler(payload if isinstance(payload, dict) else json.loads(payload))
        except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
            _fail(conn, job_id, attempts, max_attempts, repr(exc))
            continue
        with conn.transaction():
            conn.execute(
                "UPDATE $2 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE id = %s",
                (job_id,),
            )


def enqueue(conn: psycopg.Connection, kind: str, payload: Any, max_attempts: int = 5) -> int:
    row = conn.execute(
        "INSERT INTO $2 (kind, payload, max_attempts) VALUES (%s, %s, %s) RETURNING id",
        (kind, json.dumps(payload), max_attempts),
    ).fetchone()
    assert row is not None
    return row[0]
$0
