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
CREATE OR REPLACE FUNCTION write_$1(row_id bigint, new_value integer, read_version integer)
RETURNS integer LANGUAGE sql AS \$\$
  UPDATE $1
     SET $2 = new_value, version = version + 1, updated_at = now()
   WHERE id = row_id AND version = read_version
  RETURNING version;
\$\$;
$0
