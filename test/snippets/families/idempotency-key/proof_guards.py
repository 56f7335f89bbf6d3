"""idempotency-key, Python: the handler runs under the connection's own lock_timeout (a SET made when
connecting), not the database default; only a lock timeout on the claim becomes 409; another error on
the claim, and a lock_not_available raised by the handler itself, propagate."""
import psycopg
import psycopg.errors

import snippet
from sdp_proof import check, check_equal, passed, pg_url


def connect():
    conn = psycopg.connect(pg_url())
    conn.execute("SET lock_timeout = '7s'")  # the application's own setting, for the session
    conn.commit()
    return conn


seen = []
calls = [0]


def handler(body, conn):
    calls[0] += 1
    seen.append(conn.execute("SELECT current_setting('lock_timeout')").fetchone()[0])
    if body.get("nowait"):
        conn.execute("SELECT id FROM held WHERE id = 1 FOR UPDATE NOWAIT")
    return snippet.Response(201, {})


run = snippet.idempotent(connect, handler)
check_equal(run("t", "key-setting", "POST", "/p", {}).status, 201, "the first request is handled")
check_equal(seen, ["7s"], "the claim's bound was undone by resetting to the database default, wiping the session SET")

# Another error on the claim (a trigger refuses this key, SQLSTATE 55000, class 55 like 55P03).
try:
    outcome = run("t", "key-refused", "POST", "/p", {})
except psycopg.errors.LockNotAvailable as err:
    outcome = err
except psycopg.Error as err:
    outcome = err.sqlstate
check_equal(outcome, "55000", "a trigger error on the claim must propagate, not be answered 409")
check_equal(calls[0], 1, "the handler did not run")

# The handler's own lock_not_available (NOWAIT on a row another connection holds).
with psycopg.connect(pg_url()) as holder:
    holder.execute("SELECT id FROM held WHERE id = 1 FOR UPDATE")
    try:
        outcome = run("t", "key-nowait", "POST", "/p", {"nowait": True})
    except psycopg.errors.LockNotAvailable:
        outcome = "raised 55P03"
    check_equal(outcome, "raised 55P03", "the handler's own lock_not_available must propagate, not be answered 409")
    holder.rollback()
check_equal(run("t", "key-nowait", "POST", "/p", {"nowait": True}).status, 201, "nothing was stored: the retry runs")
check(calls[0] == 3, f"handler calls: {calls[0]}")
passed()
