import json
import time
from typing import Any, Callable

import psycopg


def ${1:enqueue_event}(conn: psycopg.Connection, aggregate_id: str, event_type: str, payload: Any) -> None:
    """Call inside the transaction that makes the business change."""
    conn.execute(
        "INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (%s, %s, %s)",
        (aggregate_id, event_type, json.dumps(payload)),
    )


def relay_batch(conn: psycopg.Connection, publish: Callable[[dict], None], batch_size: int = ${3:100}) -> int:
    """Publish one batch of unpublished events; returns how many were sent.

    FOR UPDATE SKIP LOCKED lets several relays run at once without publishing the same row twice.
    If publish raises, the transaction rolls back and the batch is retried (at-least-once), so
    consumers deduplicate by event id.
    """
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, aggregate_id, event_type, payload FROM $2"
            " WHERE published_at IS NULL ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (batch_size,),
        ).fetchall()
        for event_id, aggregate_id, event_type, payload in rows:
            publish({"id": event_id, "aggregate_id": aggregate_id, "type": event_type, "payload": payload})
        if rows:
            conn.execute(
                "UPDATE $2 SET published_at = now() WHERE id = ANY(%s)", ([r[0] for r in rows],)
            )
    return len(rows)


def run_relay(conn: psycopg.Connection, publish: Callable[[dict], None], idle_seconds: float = 0.5) -> None:
    while True:
        if relay_batch(conn, publish) == 0:
            time.sleep(idle_seconds)
$0
