CREATE TABLE IF NOT EXISTS ${1:accounts} (
  id            bigint PRIMARY KEY,
  balance_cents bigint NOT NULL CHECK (balance_cents >= 0)
);

-- Moves money between two rows under row locks. The lower id is always locked first, so A->B and
-- B->A running at once queue behind each other instead of each holding one lock and waiting for
-- the other (a deadlock PostgreSQL would break by aborting one of them).
CREATE OR REPLACE FUNCTION ${2:transfer}(from_id bigint, to_id bigint, amount_cents bigint)
RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE
  available bigint;
BEGIN
  IF from_id = to_id THEN
    RAISE EXCEPTION 'transfer to the same account %', from_id;
  END IF;
  -- A negative amount would move money the other way: from the account that did not ask.
  IF amount_cents IS NULL OR amount_cents <= 0 THEN
    RAISE EXCEPTION 'amount must be positive, got %', amount_cents;
  END IF;

  -- One row at a time, lower id first: the consistent lock order that prevents deadlocks.
  PERFORM 1 FROM $1 WHERE id = least(from_id, to_id) FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'account % does not exist', least(from_id, to_id);
  END IF;
  PERFORM 1 FROM $1 WHERE id = greatest(from_id, to_id) FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'account % does not exist', greatest(from_id, to_id);
  END IF;

  -- Safe to check then act: nobody else can change these rows until we commit.
  SELECT balance_cents INTO available FROM $1 WHERE id = from_id;
  IF available < amount_cents THEN
    RAISE EXCEPTION 'insufficient funds in account %', from_id USING ERRCODE = 'check_violation';
  END IF;

  UPDATE $1 SET balance_cents = balance_cents - amount_cents WHERE id = from_id;
  UPDATE $1 SET balance_cents = balance_cents + amount_cents WHERE id = to_id;
END;
\$\$;
$0
