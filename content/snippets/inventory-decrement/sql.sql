CREATE TABLE IF NOT EXISTS ${1:inventory} (
  sku       text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0)
);

-- The condition and the decrement are one statement: the row lock taken by UPDATE makes
-- concurrent buyers re-check "available >= quantity" against the committed value, so stock
-- never goes below zero (under READ COMMITTED, the default; inside a REPEATABLE READ or
-- SERIALIZABLE transaction a concurrent buyer gets a serialization failure to retry instead).
-- SELECT take_stock(...) always returns one row: NULL means sold out (or no such SKU) and nothing
-- was taken. Test for NULL, not for an empty result, which never happens.
CREATE OR REPLACE FUNCTION ${2:take_stock}(p_sku text, p_quantity integer)
RETURNS integer
LANGUAGE sql AS \$\$
  UPDATE $1
     SET available = available - p_quantity
   WHERE sku = p_sku AND available >= p_quantity AND p_quantity > 0
  RETURNING available;
\$\$;
$0
