"""pessimistic-locking, Python: opposite transfers neither deadlock nor lose money; no overdraft; no
negative amounts."""
import threading

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url


def balances():
    with psycopg.connect(pg_url()) as conn:
        return [r[0] for r in conn.execute("SELECT balance_cents FROM accounts ORDER BY id")]


def run_threads(n, target):
    errors, results = [], []
    start = threading.Barrier(n)

    def body(i):
        try:
            with psycopg.connect(pg_url()) as conn:
                start.wait()
                results.append(target(conn, i))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, results


def opposite(conn, i):
    for _ in range(20):
        if i % 2 == 0:
            snippet.transfer(conn, 1, 2, 100)
        else:
            snippet.transfer(conn, 2, 1, 100)


errors, _ = run_threads(20, opposite)
check(not errors, f"transfers failed (deadlock?): {errors[:3]!r}")
check_equal(balances(), [100000, 100000, 1000], "no money lost or made")


def withdraw(conn, i):
    try:
        snippet.transfer(conn, 3, 1, 100)
        return "ok"
    except snippet.InsufficientFunds:
        return "insufficient"


errors, results = run_threads(15, withdraw)
check(not errors, f"unexpected errors: {errors!r}")
check_equal(sorted(results), ["insufficient"] * 5 + ["ok"] * 10, "exactly 10 of 15 withdrawals fit")
check_equal(balances(), [101000, 100000, 0], "never overdrawn")
with psycopg.connect(pg_url()) as conn:
    # A bool is an int to Python, refused before any lock is taken (before: True passed the check and
    # the UPDATE failed with psycopg's UndefinedFunction, bigint - boolean); a float or text is no
    # amount of cents.
    for bad in (-500, 0, True, False, 1.0, 2.5, "100", None):
        try:
            snippet.transfer(conn, 1, 3, bad)
            check(False, f"amount {bad!r} accepted")
        except ValueError:
            pass
check_equal(balances(), [101000, 100000, 0], "a non-positive amount, or one that is not an int, moves nothing")

# What the docstring says about commit: with no transaction open on conn, transfer commits on
# return; inside one already open (here psycopg's implicit one, begun by a SELECT), it is a
# savepoint: nothing is committed, and both rows stay locked, until that transaction commits.
with psycopg.connect(pg_url()) as conn:
    snippet.transfer(conn, 1, 2, 1000)
    check_equal(balances(), [100000, 101000, 0], "no transaction open: committed on return")
    conn.execute("SELECT 1")
    snippet.transfer(conn, 1, 2, 1000)
    check_equal(balances(), [100000, 101000, 0], "inside an open transaction: not yet committed")
    with psycopg.connect(pg_url(), autocommit=True) as other:
        try:
            other.execute("SELECT 1 FROM accounts WHERE id = 2 FOR UPDATE NOWAIT")
            check(False, "the rows are still locked until the caller commits")
        except psycopg.errors.LockNotAvailable:
            pass
    conn.commit()
    check_equal(balances(), [99000, 102000, 0], "committed with the caller's transaction")
passed()
