"""optimistic-locking, Python: 8 threads x 25 read-modify-write increments on one row lose none."""
import threading
import types

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url

WRITERS, EACH = 8, 25

with psycopg.connect(pg_url(), autocommit=True) as setup:
    setup.execute("INSERT INTO items (id, quantity) VALUES (1, 0)")

results: list[int] = []
errors: list[BaseException] = []
lock = threading.Lock()
start = threading.Barrier(WRITERS)


def writer() -> None:
    try:
        with psycopg.connect(pg_url()) as conn:
            start.wait()
            for _ in range(EACH):
                value = snippet.update_with_version(conn, 1, lambda q: q + 1, max_attempts=1000)
                with lock:
                    results.append(value)
    except BaseException as e:  # reported below, so a dead thread cannot pass silently
        errors.append(e)


threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

check(not errors, f"writers failed: {errors!r}")
with psycopg.connect(pg_url()) as conn:
    quantity, version = conn.execute("SELECT quantity, version FROM items WHERE id = 1").fetchone()
check_equal(quantity, WRITERS * EACH, "every increment survives")
check_equal(version, WRITERS * EACH, "one version per successful write")
check_equal(sorted(results), list(range(1, WRITERS * EACH + 1)), "each writer saw a distinct value")

# The retry budget is real: a writer that can never win gives up with ConcurrentUpdateError.
with psycopg.connect(pg_url()) as conn:
    def always_overtaken(q: int) -> int:
        with psycopg.connect(pg_url(), autocommit=True) as other:
            other.execute("UPDATE items SET version = version + 1 WHERE id = 1")
        return q + 1

    try:
        snippet.update_with_version(conn, 1, always_overtaken, max_attempts=3)
        check(False, "an update that always loses must not succeed")
    except snippet.ConcurrentUpdateError:
        pass
with psycopg.connect(pg_url()) as conn:
    check_equal(conn.execute("SELECT quantity FROM items WHERE id = 1").fetchone()[0], WRITERS * EACH,
                "a lost attempt writes nothing")
# A retry budget that allows no attempt is refused before anything is read.
with psycopg.connect(pg_url()) as conn:
    calls: list[int] = []
    for bad in (0, -1):
        try:
            snippet.update_with_version(conn, 1, lambda q: calls.append(q) or q + 1, max_attempts=bad)
            check(False, f"max_attempts={bad} must be refused")
        except ValueError as err:
            check("max_attempts must be 1 or more" in str(err), f"max_attempts={bad}: {err}")
    # A bool is an int in Python: True made one attempt, False was refused as "0". A float or a
    # string is no count either (1.5 reached range() and raised there).
    for bad in (True, False, 1.5, float("inf"), "3", None):
        try:
            snippet.update_with_version(conn, 1, lambda q: calls.append(q) or q + 1, max_attempts=bad)
            check(False, f"max_attempts={bad!r} must be refused")
        except TypeError as err:
            check("max_attempts must be an int" in str(err), f"max_attempts={bad!r}: {err}")
    check_equal(calls, [], "a refused budget computes nothing")
    check_equal(snippet.update_with_version(conn, 1, lambda q: q + 1, max_attempts=1), WRITERS * EACH + 1,
                "a budget of 1 still writes")
    conn.commit()
# A budget past 1023 attempts is kept to the end: each lost attempt works out its back-off cap from
# 2**attempt, and 0.002 * 2**1024 has no float (before: OverflowError at the 1024th lost attempt,
# not ConcurrentUpdateError). The snippet's sleeps are skipped here (its time module swapped).
real_time = snippet.time
snippet.time = types.SimpleNamespace(sleep=lambda seconds: None)
try:
    with psycopg.connect(pg_url()) as conn, psycopg.connect(pg_url(), autocommit=True) as other:
        tried = [0]

        def overtaken(q: int) -> int:
            tried[0] += 1
            other.execute("UPDATE items SET version = version + 1 WHERE id = 1")
            return q + 1

        try:
            snippet.update_with_version(conn, 1, overtaken, max_attempts=1030)
            check(False, "an update that always loses must not succeed")
        except snippet.ConcurrentUpdateError:
            pass
        except OverflowError as err:
            check(False, f"1030 attempts, each lost: OverflowError after {tried[0]} ({err})")
        check_equal(tried[0], 1030, "every attempt of a 1030 budget was made")
finally:
    snippet.time = real_time
# A row at the integer version's largest value stays writable: the version wraps to 1.
with psycopg.connect(pg_url()) as conn:
    conn.execute("INSERT INTO items (id, quantity, version) VALUES (2, 5, 2147483647)")
    conn.commit()
    check_equal(snippet.update_with_version(conn, 2, lambda q: q + 1), 6, "the write at the version limit")
    check_equal(conn.execute("SELECT version FROM items WHERE id = 2").fetchone()[0], 1, "the wrapped version")


# At REPEATABLE READ, PostgreSQL reports a writer that committed between our read and our write as a
# serialization failure (40001) rather than a rowcount of 0. An attempt that is a transaction of its
# own is rolled back and retried with a fresh snapshot; inside the caller's transaction the error is
# raised at once (a retry there keeps the snapshot and would fail again, for every attempt).
def overtaken_once(seen: list[int], also_first: bool = False):
    def change(q: int) -> int:
        seen.append(q)
        if len(seen) == 1 or also_first:
            with psycopg.connect(pg_url(), autocommit=True) as other:
                other.execute("UPDATE items SET quantity = quantity + 100, version = version + 1 WHERE id = 3")
        return q + 1
    return change


with psycopg.connect(pg_url(), autocommit=True) as setup:
    setup.execute("INSERT INTO items (id, quantity) VALUES (3, 100)")
with psycopg.connect(pg_url()) as conn:
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    seen: list[int] = []
    check_equal(snippet.update_with_version(conn, 3, overtaken_once(seen)), 201, "retried after 40001")
    check_equal(seen, [100, 200], "the retry read the other writer's value")
    check_equal(conn.execute("SELECT quantity FROM items WHERE id = 3").fetchone()[0], 201, "written")
    conn.rollback()
    seen = []
    try:
        with conn.transaction():  # the caller's own transaction: its snapshot is fixed
            conn.execute("SELECT 1")
            snippet.update_with_version(conn, 3, overtaken_once(seen), max_attempts=5)
        check(False, "40001 inside the caller's transaction must be raised")
    except psycopg.errors.SerializationFailure:
        pass
    check_equal(seen, [201], "not retried inside the caller's transaction (the same snapshot would fail again)")
passed()
