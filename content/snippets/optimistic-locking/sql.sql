-- Optimistic concurrency: every row carries a version that each successful write bumps.
-- A writer remembers the version it read and makes its UPDATE conditional on it.
CREATE TABLE IF NOT EXISTS ${1:items} (
  id         bigint PRIMARY KEY,
  ${2:quantity} integer NOT NULL,
  version    integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Read the value together with its version.
PREPARE read_$1 (bigint) AS
  SELECT id, $2, version FROM $1 WHERE id = \$1;

-- Write only if nobody else wrote since our read. Zero rows returned means we lost the race:
-- re-read, recompute and try again (never blindly overwrite).
PREPARE write_$1 (bigint, integer, integer) AS
  UPDATE $1
     SET $2 = \$2, version = version + 1, updated_at = now()
   WHERE id = \$1 AND version = \$3
  RETURNING version;
$0
