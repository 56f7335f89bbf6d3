import psycopg


class InsufficientFunds(Exception):
    pass


def ${1:transfer}(conn: psycopg.Connection, from_id: int, to_id: int, amount_cents: int) -> None:
    """Move money between two accounts holding row locks on both for the whole transaction.

    The rows are locked in ascending id order regardless of the transfer's direction, so two
    opposite transfers wait for each other instead of deadlocking.
    """
    if from_id == to_id:
        raise ValueError("cannot transfer to the same account")
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, balance_cents FROM ${2:accounts}"
            " WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            ([from_id, to_id],),
        ).fetchall()
        balances = dict(rows)
        if len(balances) != 2:
            raise KeyError(f"account {from_id} or {to_id} does not exist")
        if balances[from_id] < amount_cents:
            raise InsufficientFunds(f"account {from_id}")
        conn.execute(
            "UPDATE $2 SET balance_cents = balance_cents - %s WHERE id = %s", (amount_cents, from_id)
        )
        conn.execute(
            "UPDATE $2 SET balance_cents = balance_cents + %s WHERE id = %s", (amount_cents, to_id)
        )
$0
