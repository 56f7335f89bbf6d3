import random
import time
from typing import Callable

import psycopg


class ConcurrentUpdateError(Exception):
    """Every attempt lost the race to another writer; the caller decides what to tell the user."""


def ${1:update_with_version}(
    conn: psycopg.Connection,
    item_id: int,
    change: Callable[[int], int],
    max_attempts: int = ${2:10},
) -> int:
    """Read-modify-write of one row under optimistic concurrency; returns the value written.

    The UPDATE only matches while the row still has the version we read. A rowcount of 0 means
    someone else wrote in between, so we re-read and recompute instead of overwriting their work.
    """
    # Refused up front: 0 or a negative count would make no attempt at all and still report the
    # row as lost to concurrent writers; a bool is an int to Python (True would make one attempt).
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError(f"max_attempts must be an int, got {max_attempts!r}")
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be 1 or more, got {max_attempts}")
    for attempt in range(1, max_attempts + 1):
        # One short transaction per attempt (a savepoint inside the caller's), never left open.
        own_transaction = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        try:
            with conn.transaction():
                row = conn.execute(
                    "SELECT ${3:quantity}, version FROM ${4:items} WHERE id = %s", (item_id,)
                ).fetchone()
                if row is None:
                    raise KeyError(f"row {item_id} not found")
                value, version = row
                new_value = change(value)
                # The version wraps to 1 after 2147483647 (the integer column's largest) instead of
                # failing every later write with "integer out of range" (see the SQL variant); %%
                # is psycopg's escape for a literal %.
                updated = conn.execute(
                    "UPDATE $4 SET $3 = %s, version = version %% 2147483647 + 1, updated_at = now()"
                    " WHERE id = %s AND version = %s",
                    (new_value, item_id, version),
                ).rowcount
        except psycopg.errors.SerializationFailure:
            # 40001: at REPEATABLE READ or SERIALIZABLE, another writer won (retried like a lost
            # version), but only when this attempt was a transaction of its own, rolled back now.
            # Inside the caller's transaction the retry would keep its snapshot and fail again:
            # raised, for the caller to retry the whole transaction.
            if not own_transaction:
                raise
            updated = 0
        if updated == 1:
            return new_value
        # Full jitter: a random sleep up to a growing cap keeps colliding writers apart. The
        # exponent stops at 7 (0.256 s, past the cap), as in Go and Java: 2**1024 has no float.
        time.sleep(random.uniform(0, min(0.2, 0.002 * 2 ** min(attempt, 7))))
    raise ConcurrentUpdateError(f"row {item_id}: {max_attempts} attempts lost to concurrent writers")
$0
