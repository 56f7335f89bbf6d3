CREATE TABLE IF NOT EXISTS ${1:inventory} (
  sku       text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0)
);

-- One row per purchase id: a retried purchase (a lost reply, a client or proxy that retries) finds
-- its row and gets the first outcome back instead of taking the units again. The caller makes the
-- id once per purchase (a UUID, the order id) and sends the same one on every retry. Rows are
-- kept until purge_$1_purchases (below) deletes them: nothing else does.
CREATE TABLE IF NOT EXISTS $1_purchases (
  purchase_id text PRIMARY KEY,
  sku         text NOT NULL,
  quantity    integer NOT NULL,
  left_after  integer,  -- the first outcome: units left, or NULL when it was refused
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- The purge finds old rows through this index instead of reading the whole table. Built here it
-- blocks purchases on the table (a SHARE lock) until it is done: on a large existing table build it
-- first, alone and outside a transaction, with CREATE INDEX CONCURRENTLY and this name; if that
-- fails it leaves an invalid index that IF NOT EXISTS would skip, so drop it and build it again.
CREATE INDEX IF NOT EXISTS $1_purchases_created_at_idx ON $1_purchases (created_at);

-- The two-argument form had no purchase id, so a retry took the units twice: drop it, so a caller
-- still using it fails loudly.
DROP FUNCTION IF EXISTS ${2:take_stock}(text, integer);

-- The condition and the decrement are one statement: the row lock taken by UPDATE makes
-- concurrent buyers re-check "available >= quantity" against the committed value, so stock
-- never goes below zero (under READ COMMITTED, the default; inside a REPEATABLE READ or
-- SERIALIZABLE transaction a concurrent buyer gets a serialization failure to retry instead).
-- The purchase row is claimed first: a concurrent call with the same id waits on it, then returns
-- what the first call recorded (a first call that rolled back leaves nothing, so the retry runs).
-- The same id with another SKU or quantity is a caller bug and raises (SQLSTATE 22023).
-- SELECT $2(...) always returns one row: NULL means sold out (or no such SKU, or a quantity
-- below 1) and nothing was taken. Test for NULL, not for an empty result, which never happens.
CREATE OR REPLACE FUNCTION $2(p_sku text, p_purchase_id text, p_quantity integer)
RETURNS integer
LANGUAGE plpgsql AS \$\$
DECLARE
  prior $1_purchases%ROWTYPE;
  left_now integer;
BEGIN
  IF coalesce(p_purchase_id, '') = '' THEN
    RAISE EXCEPTION 'a purchase needs an id, sent again unchanged on a retry'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_quantity IS NULL OR p_quantity <= 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO $1_purchases (purchase_id, sku, quantity) VALUES (p_purchase_id, p_sku, p_quantity)
  ON CONFLICT (purchase_id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT * INTO prior FROM $1_purchases WHERE purchase_id = p_purchase_id;
    IF prior.sku IS DISTINCT FROM p_sku OR prior.quantity IS DISTINCT FROM p_quantity THEN
      RAISE EXCEPTION 'purchase % was % of %, not % of %', p_purchase_id, prior.quantity, prior.sku, p_quantity, p_sku
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN prior.left_after;
  END IF;
  UPDATE $1
     SET available = available - p_quantity
   WHERE sku = p_sku AND available >= p_quantity
  RETURNING available INTO left_now;
  UPDATE $1_purchases SET left_after = left_now WHERE purchase_id = p_purchase_id;
  RETURN left_now;
END;
\$\$;

-- Deletes purchase records older than the retention and returns how many went; run it on a
-- schedule (pg_cron, a job). The retention is the caller's: it must outlast the longest time a
-- purchase can still be retried (client retries, a queued order replayed), because once its record
-- is gone a retry of that purchase takes its units again. A retention of zero or less, or NULL, is
-- refused (SQLSTATE 22023): it would delete the records of purchases still being retried. The
-- check is on the cutoff itself (interval comparison counts a month as 30 days, so a mixed-sign
-- interval can compare above zero yet put the cutoff in the future). The default is written in
-- hours: a bare '24' typed there would be read as 24 seconds. One call is one DELETE, one
-- transaction: run it often (hourly) so each call deletes little; for a first purge of a large
-- backlog, step the retention down ('90 days', then '60 days', ...) rather than one long DELETE.
CREATE OR REPLACE FUNCTION purge_$1_purchases(retention interval DEFAULT make_interval(hours => ${3:24}))
RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE
  cutoff timestamptz := now() - retention;
  gone bigint;
BEGIN
  IF cutoff IS NULL OR cutoff >= now() THEN
    RAISE EXCEPTION 'purchase record retention must be above zero, not %', coalesce(retention::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM $1_purchases WHERE created_at < cutoff;
  GET DIAGNOSTICS gone = ROW_COUNT;
  RETURN gone;
END;
\$\$;

-- A quoted retention ('48 hours', or a driver's string parameter) comes here: PostgreSQL reads a
-- bare '48' as 48 seconds, which would delete the records of purchases still being retried, so a
-- value ending in a bare number is refused (SQLSTATE 22023); one with a unit goes on to the form above.
CREATE OR REPLACE FUNCTION purge_$1_purchases(retention text)
RETURNS bigint LANGUAGE plpgsql AS \$\$
BEGIN
  IF retention ~ '(^|[^0-9:.])[-+]?[0-9.]+\\s*\$' THEN
    RAISE EXCEPTION 'purchase record retention ''%'' has no unit: write ''% hours'' (or days, minutes)', retention, btrim(retention)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN purge_$1_purchases(retention::interval);
END;
\$\$;
$0
