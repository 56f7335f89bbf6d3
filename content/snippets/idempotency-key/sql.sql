-- One row per Idempotency-Key a client has sent. The row is inserted in the same transaction as
-- the request's effect, so "key recorded" and "effect applied" commit or roll back together.
CREATE TABLE IF NOT EXISTS ${1:idempotency_keys} (
  key           text PRIMARY KEY,
  -- A key reused with a different request is a client bug: reject it rather than replay.
  request_hash  text NOT NULL,
  response_code integer NOT NULL,
  response_body jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Keys only need to outlive the client's retry window; purge older ones periodically.
CREATE INDEX IF NOT EXISTS $1_created_at_idx ON $1 (created_at);

PREPARE purge_$1 AS
  DELETE FROM $1 WHERE created_at < now() - interval '${2:24 hours}';
$0
