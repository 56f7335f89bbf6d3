import psycopg


class InsufficientFunds(Exception):
    pass


def ${1:transfer}(conn: psycopg.Connection, from_id: int, to_id: int, amount_cents: int) -> None:
    """Move money between two accounts holding row locks on both for the whole transaction.

    The lower id is always locked first, whichever way the money moves, so two opposite
    transfers wait for each other instead of deadlocking.

    It commits on return only when no transaction is open on conn (autocommit, or nothing run since
    the last commit). Inside one already open (yours, or the one psycopg begins implicitly at the
    first statement on a connection without autocommit) it is a savepoint: nothing is committed, and
    both rows stay locked for every other transfer, until that transaction commits. The lower-id-first
    order then holds within one transfer only: two transactions that each call transfer twice, on
    accounts 1-2 and 3-4 in opposite orders, hold one pair's locks while waiting for the other's and
    can deadlock (PostgreSQL aborts one, SQLSTATE 40P01). Commit between transfers, or lock every
    account the transaction will touch in id order before the first one. If a 40P01 reaches you
    anyway, roll back the whole outer transaction and retry all of it: psycopg only rolls back to
    this transfer's savepoint, so the outer transaction still holds its earlier transfers' locks
    (the other side keeps waiting on them), so retrying just this transfer meets the same deadlock.
    """
    if from_id == to_id:
        raise ValueError("cannot transfer to the same account")
    # A negative amount would move money the other way: from the account that did not ask. A bool
    # is an int to Python, but no amount: psycopg sends True as a boolean, which fails the UPDATE.
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValueError(f"amount must be a positive integer, got {amount_cents!r}")
    balances: dict[int, int] = {}
    with conn.transaction():
        for account_id in sorted((from_id, to_id)):  # the consistent lock order
            row = conn.execute(
                "SELECT balance_cents FROM ${2:accounts} WHERE id = %s FOR UPDATE", (account_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"account {account_id} does not exist")
            balances[account_id] = row[0]
        # Safe to check then act: nobody else can change these rows until we commit.
        if balances[from_id] < amount_cents:
            raise InsufficientFunds(f"account {from_id}")
        conn.execute(
            "UPDATE $2 SET balance_cents = balance_cents - %s WHERE id = %s", (amount_cents, from_id)
        )
        conn.execute(
            "UPDATE $2 SET balance_cents = balance_cents + %s WHERE id = %s", (amount_cents, to_id)
        )
$0
