CREATE TABLE IF NOT EXISTS ${1:accounts} (
  id            bigint PRIMARY KEY,
  balance_cents bigint NOT NULL CHECK (balance_cents >= 0)
);

-- Moves money between two rows under row locks. Both rows are locked in ascending id order, so
-- A->B and B->A running at once queue behind each other instead of each holding one lock and
-- waiting for the other (a deadlock PostgreSQL would break by aborting one of them).
CREATE OR REPLACE FUNCTION ${2:transfer}(from_id bigint, to_id bigint, amount_cents bigint)
RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE
  locked integer;
  available bigint;
BEGIN
  IF from_id = to_id THEN
    RAISE EXCEPTION 'transfer to the same account %', from_id;
  END IF;
  IF amount_cents <= 0 THEN
    RAISE EXCEPTION 'amount must be positive, got %', amount_cents;
  END IF;

  -- The sort happens below the row-locking step, so rows are locked in id order.
  SELECT count(*) INTO locked
    FROM (SELECT id FROM $1 WHERE id IN (from_id, to_id) ORDER BY id FOR UPDATE) AS l;
  IF locked <> 2 THEN
    RAISE EXCEPTION 'account % or % does not exist', from_id, to_id;
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
