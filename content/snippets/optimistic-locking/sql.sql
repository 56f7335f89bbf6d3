-- Optimistic concurrency: every row carries a version that each successful write bumps.
-- A writer remembers the version it read and makes its UPDATE conditional on it.
CREATE TABLE IF NOT EXISTS ${1:items} (
  id         bigint PRIMARY KEY,
  ${2:quantity} integer NOT NULL,
  version    integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Read the value together with its version:
--   SELECT $2, version FROM $1 WHERE id = ...;
-- then write only if nobody else wrote since that read. NULL (no row updated) means we lost the
-- race: re-read, recompute and try again (never blindly overwrite).
-- The version wraps from 2147483647 (integer's largest) to 1 instead of overflowing: a row written
-- 1,000 times a second passes 2^31 writes in about 25 days, and "integer out of range" would then
-- refuse every later write to it. A wrap can only fool a writer that read 2^31 writes ago.
CREATE OR REPLACE FUNCTION write_$1(row_id bigint, new_value integer, read_version integer)
RETURNS integer LANGUAGE sql AS \$\$
  UPDATE $1
     SET $2 = new_value, version = version % 2147483647 + 1, updated_at = now()
   WHERE id = row_id AND version = read_version
  RETURNING version;
\$\$;
$0
