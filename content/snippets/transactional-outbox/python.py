import logging
import threading
import time
from typing import Any, Callable

import psycopg
from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)
MAX_ATTEMPTS = ${3:10}


PUBLISH_TIMEOUT_SECONDS = ${6:10.0}
# The claimed rows stay locked until the batch commits: publishing stops once this is spent.
BATCH_BUDGET_SECONDS = ${7:30.0}


def ${1:enqueue_event}(conn: psycopg.Connection, aggregate_id: str, event_type: str, payload: Any) -> None:
    """Call inside the transaction that makes the business change: the event commits with it.

    The per-aggregate lock makes writers of one aggregate take turns until commit, so event ids
    follow commit order (a bigserial id is taken at INSERT: without the lock a later id could
    commit first and be published before the earlier event).
    A transaction that enqueues events of several aggregates holds their locks until commit, taken
    in the order it enqueues: two transactions that enqueue the same two aggregates in opposite
    orders deadlock (PostgreSQL aborts one, SQLSTATE 40P01). Enqueue a transaction's events in a
    fixed order of aggregate id (or lock the aggregates' own rows in that order first)."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('$2'), hashtext(%s))", (aggregate_id,))
    conn.execute(
        "INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (%s, %s, %s)",
        (aggregate_id, event_type, Jsonb(payload)),
    )


def _publish_within(publish: Callable[[dict], None], event: dict, timeout: float) -> None:
    """Run publish on a daemon thread and give up after timeout: a hung broker must not hold the
    batch transaction (and its row locks) forever. The abandoned call runs on until it returns."""
    outcome: list[BaseException | None] = []

    def call() -> None:
        try:
            publish(event)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed back to the relay below
            outcome.append(exc)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TimeoutError(f"publish timed out after {timeout} s")
    if outcome[0] is not None:
        raise outcome[0]


def relay_batch(conn: psycopg.Connection, publish: Callable[[dict], None], batch_size: int = ${4:100},
                publish_timeout: float = PUBLISH_TIMEOUT_SECONDS,
                batch_budget: float = BATCH_BUDGET_SECONDS) -> int:
    """Publish one batch of pending events; returns how many were claimed.

    FOR UPDATE SKIP LOCKED lets several relays run at once on disjoint batches. Only the oldest
    pending event of each aggregate is claimable, so an aggregate's events go out in order. A
    failed publish backs off and, after MAX_ATTEMPTS, is dead-lettered, without holding back or
    re-publishing the rest of the batch. Delivery is at least once (a relay that dies between
    publish and commit publishes again), so consumers deduplicate by event id. A dead-lettered
    event no longer holds back its aggregate: the later events go out without it. A publish that
    takes longer than publish_timeout counts as failed, but Python cannot stop its thread: the call
    runs on and may still reach the broker, even after the event's retry and after the aggregate's
    next event. So a timed-out event can arrive twice, the late copy out of order: consumers
    deduplicate by event id, and skip an event older than one they have already applied where
    order matters. Give the broker client its own timeout below publish_timeout to make this rare.

    The claimed rows stay locked until commit, so publishing has a budget: each publish may take at
    most what is left of batch_budget (past it, it counts as failed), and once the budget is spent
    no further event is published and the batch commits what it sent. A slow or hung broker then
    holds the locks for about the budget, not batch_size times the publish timeout. The events it
    did not reach stay pending, untouched, and the next batch claims them again, each aggregate's
    oldest first, so the order holds (a batch holds at most one event per aggregate).
    """
    _check_batch(batch_size, publish_timeout, batch_budget)
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, aggregate_id, event_type, payload FROM $2 o"
            " WHERE published_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()"
            "   AND NOT EXISTS (SELECT 1 FROM $2 e"
            "                    WHERE e.aggregate_id = o.aggregate_id AND e.id < o.id"
            "                      AND e.published_at IS NULL AND e.dead_at IS NULL)"
            " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (batch_size,),
        ).fetchall()
        deadline = time.monotonic() + batch_budget
        for event_id, aggregate_id, event_type, payload in rows:
            left = deadline - time.monotonic()
            if left <= 0:
                break  # the rest stay pending, unchanged; the commit unlocks them for the next batch
            try:
                _publish_within(publish, {"id": event_id, "aggregate_id": aggregate_id, "type": event_type,
                                          "payload": payload}, min(publish_timeout, left))
            except Exception as exc:  # noqa: BLE001 - recorded on the event, retried later
                conn.execute(
                    "UPDATE $2 SET attempts = attempts + 1, last_error = %s,"
                    " next_attempt_at = now() + make_interval(secs => least(300, 2 ^ attempts)),"
                    " dead_at = CASE WHEN attempts + 1 >= %s THEN now() END WHERE id = %s",
                    (_storable_error(exc), MAX_ATTEMPTS, event_id),
                )
                continue
            conn.execute("UPDATE $2 SET published_at = now() WHERE id = %s", (event_id,))
    return len(rows)


def _check_batch(batch_size: int, publish_timeout: float, batch_budget: float) -> None:
    """Refuses batch settings before anything is claimed (ValueError)."""
    for name, seconds in (("publish_timeout", publish_timeout), ("batch_budget", batch_budget)):
        # 0 or less would fail every publish at once, and inf or nan make Thread.join raise: either
        # way each event would be counted as failed and dead-lettered without ever being sent.
        if not 0 < seconds <= threading.TIMEOUT_MAX:
            raise ValueError(f"{name} must be a number of seconds above 0 and at most {threading.TIMEOUT_MAX}, got {seconds}")
    # LIMIT 0 would claim nothing, batch after batch, and a negative LIMIT fails every batch in
    # PostgreSQL; so does a value past bigint (inf, 2**63) or a bool. A fraction (2.5) would be
    # rounded without a word: a whole number is asked for.
    if (isinstance(batch_size, bool) or not isinstance(batch_size, (int, float))
            or not 1 <= batch_size < 2**63 or batch_size != int(batch_size)):
        raise ValueError(f"batch_size must be a whole number from 1 to 2**63 - 1, got {batch_size!r}")


def _storable_error(exc: BaseException) -> str:
    """The error as text PostgreSQL accepts. If the failure UPDATE failed, the whole batch would roll
    back (its good events published again next round) and the event would stay unrecorded, retried
    at once, forever. A __repr__ may raise or return a NUL (a text column refuses it), and a lone
    surrogate cannot be encoded as UTF-8."""
    try:
        text = repr(exc)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not stop the record
        text = "unprintable error"
    return text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")


def run_relay(conn: psycopg.Connection, publish: Callable[[dict], None], stop: threading.Event,
              idle_seconds: float = ${5:0.5}, *, batch_size: int = $4,
              publish_timeout: float = PUBLISH_TIMEOUT_SECONDS,
              batch_budget: float = BATCH_BUDGET_SECONDS) -> None:
    """Relay until stop is set, each batch with relay_batch's settings. A database error is logged
    and the relay carries on after a pause; it ends only if the connection itself is gone (give it a
    new one). Settings relay_batch would refuse raise ValueError here, before anything is relayed:
    retried, every batch would fail the same way (a batch size of inf was logged as a database
    error on every pass)."""
    if not 0 < idle_seconds <= threading.TIMEOUT_MAX:  # 0 or less: a busy loop on the table
        raise ValueError(f"idle_seconds must be above 0 and at most {threading.TIMEOUT_MAX}, got {idle_seconds}")
    _check_batch(batch_size, publish_timeout, batch_budget)
    while not stop.is_set():
        try:
            claimed = relay_batch(conn, publish, batch_size, publish_timeout, batch_budget)
        except psycopg.Error:
            if conn.closed:
                raise
            log.exception("outbox relay batch failed; retrying")
            claimed = 0
        if claimed == 0:
            stop.wait(idle_seconds)
$0
