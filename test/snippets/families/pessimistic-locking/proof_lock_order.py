"""pessimistic-locking, Python: the deadlock the docstring warns about, and its advice.

Two transactions that each call transfer twice, on accounts 1-2 and 3-4 in opposite orders, hold one
pair's locks while waiting for the other's: PostgreSQL aborts one of them with SQLSTATE 40P01. Done
the docstring's way (every account the transaction will touch locked in id order before the first
transfer, or a commit between transfers), the same work in the same interleaving completes.

No timing is assumed: each step that must wait is seen waiting (pg_blocking_pids) before the next
one starts.
"""
import queue
import threading
import time

import psycopg

import snippet
from sdp_proof import check, check_equal, passed, pg_url

with psycopg.connect(pg_url(), autocommit=True) as setup:
    setup.execute("INSERT INTO accounts (id, balance_cents) VALUES (4, 100000) ON CONFLICT (id) DO NOTHING")
    setup.execute("UPDATE accounts SET balance_cents = 100000")
monitor = psycopg.connect(pg_url(), autocommit=True)


def balances():
    return [r[0] for r in monitor.execute("SELECT balance_cents FROM accounts ORDER BY id")]


def pid(conn):
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def wait_until_blocked(waiter_pid, holder_pid):
    """Returns once waiter_pid waits for a lock holder_pid holds (a barrier, not a timing claim)."""
    for _ in range(2400):
        blockers = monitor.execute("SELECT pg_blocking_pids(%s)", (waiter_pid,)).fetchone()[0]
        if holder_pid in blockers:
            return
        time.sleep(0.025)
    check(False, f"backend {waiter_pid} never waited for {holder_pid}")


class Step(threading.Thread):
    """Runs fn(conn) on a thread; outcome is None, or the exception it raised."""

    def __init__(self, fn, conn, done):
        super().__init__(daemon=True)
        self.fn, self.conn, self.done, self.outcome = fn, conn, done, "running"

    def run(self):
        try:
            self.fn(self.conn)
            self.outcome = None
        except BaseException as exc:  # noqa: BLE001 - inspected by the proof
            self.outcome = exc
        self.done.put(self)


def first_finished(done):
    try:
        return done.get(timeout=120)
    except queue.Empty:
        check(False, "neither transaction finished: an undetected wait")


# 1. The bad order: a holds 1-2 and wants 3-4; b holds 3-4 and wants 1-2.
a = psycopg.connect(pg_url())
b = psycopg.connect(pg_url())
a_pid, b_pid = pid(a), pid(b)  # each SELECT also opens the connection's transaction
snippet.transfer(a, 1, 2, 100)  # inside a's open transaction: a savepoint, locks kept
snippet.transfer(b, 4, 3, 100)  # likewise on b
done = queue.Queue()
ta = Step(lambda c: snippet.transfer(c, 3, 4, 100), a, done)
ta.start()
wait_until_blocked(a_pid, b_pid)
tb = Step(lambda c: snippet.transfer(c, 2, 1, 100), b, done)
tb.start()
victim = first_finished(done)
check(isinstance(victim.outcome, psycopg.errors.DeadlockDetected),
      f"expected one transaction aborted with 40P01, got {victim.outcome!r}")
check_equal(victim.outcome.sqlstate, "40P01", "SQLSTATE of the aborted transaction")
# The docstring's retry advice rests on this: psycopg rolled back only the transfer's savepoint, so
# the victim's outer transaction still holds its first transfer's locks and the other side still
# waits on them (retrying just the transfer would not free it).
victim_pid, other_pid = (a_pid, b_pid) if victim.conn is a else (b_pid, a_pid)
check(victim.conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS,
      f"the victim's outer transaction should still be open, status {victim.conn.info.transaction_status!r}")
blockers = monitor.execute("SELECT pg_blocking_pids(%s)", (other_pid,)).fetchone()[0]
check(victim_pid in blockers, f"the other transaction should still wait on the victim, blocked by {blockers}")
victim.conn.rollback()  # its first transfer's locks go with it, so the other one can go on
survivor = first_finished(done)
check(survivor.outcome is None, f"the other transaction should complete, got {survivor.outcome!r}")
survivor.conn.commit()
after = balances()
check_equal(sum(after), 400000, "no money made or lost")
survivor_balances = {id(a): [99900, 100100, 99900, 100100], id(b): [100100, 99900, 100100, 99900]}
check_equal(after, survivor_balances[id(survivor.conn)], "exactly the survivor's two transfers committed")
a.close()
b.close()

# 2. The docstring's advice: lock every account the transaction will touch, in id order, before
# the first transfer. Same two transactions, same interleaving as far as the locks allow: b now
# waits at its first lock, holding nothing, and both commit.
monitor.execute("UPDATE accounts SET balance_cents = 100000")


def lock_in_id_order(conn, ids):
    for account_id in sorted(ids):
        conn.execute("SELECT 1 FROM accounts WHERE id = %s FOR UPDATE", (account_id,))


a = psycopg.connect(pg_url())
b = psycopg.connect(pg_url())
a_pid, b_pid = pid(a), pid(b)
lock_in_id_order(a, [1, 2, 3, 4])
snippet.transfer(a, 1, 2, 100)
done = queue.Queue()


def b_work(conn):
    lock_in_id_order(conn, [3, 4, 1, 2])
    snippet.transfer(conn, 4, 3, 100)
    snippet.transfer(conn, 2, 1, 100)
    conn.commit()


tb = Step(b_work, b, done)
tb.start()
wait_until_blocked(b_pid, a_pid)
snippet.transfer(a, 3, 4, 100)
a.commit()
finished = first_finished(done)
check(finished.outcome is None, f"locked in id order, b should complete, got {finished.outcome!r}")
check_equal(balances(), [100000, 100000, 100000, 100000], "both transactions' four transfers committed")
a.close()
b.close()

# 3. The other advice: commit between transfers (autocommit here). The same four calls in the
# same order as in 1 all complete.
with psycopg.connect(pg_url(), autocommit=True) as a, psycopg.connect(pg_url(), autocommit=True) as b:
    snippet.transfer(a, 1, 2, 100)
    snippet.transfer(b, 4, 3, 100)
    snippet.transfer(a, 3, 4, 100)
    snippet.transfer(b, 2, 1, 100)
check_equal(balances(), [100000, 100000, 100000, 100000], "all four committed")
monitor.close()
passed()
