CREATE TABLE IF NOT EXISTS ${1:inventory} (
  sku       text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0)
);

-- One row per purchase id: a retried purchase (a lost reply, a client or proxy that retries) finds
-- its row and gets the first outcome back instead of taking the units again. The caller makes the
-- id once per purchase (a UUID, the order id) and sends the same one on every retry. Purge rows
-- older than the longest retry window.
CREATE TABLE IF NOT EXISTS $1_purchases (
  purchase_id text PRIMARY KEY,
  sku         text NOT NULL,
  quantity    integer NOT NULL,
  left_after  integer,  -- the first outcome: units left, or NULL when it was refused
  created_at  timestamptz NOT NULL DEFAULT now()
);

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
$0
