-- One row per Idempotency-Key a caller has sent. The row is inserted in the same transaction as
-- the request's effect, so "key recorded" and "effect applied" commit or roll back together.
CREATE TABLE IF NOT EXISTS ${1:idempotency_keys} (
  -- Who sent the key (tenant, account or API client id, from authentication, never from the
  -- request body): keys are unique per caller only, so another caller's identical key and body
  -- must run their own request, not receive the first caller's response.
  scope            text NOT NULL,
  key              text NOT NULL,
  -- A key reused with a different request is a client bug: reject it rather than replay.
  request_hash     text NOT NULL,
  response_code    integer NOT NULL,
  response_headers jsonb NOT NULL DEFAULT '{}',
  response_body    jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Keys only need to outlive the client's retry window; purge older ones periodically.
CREATE INDEX IF NOT EXISTS $1_created_at_idx ON $1 (created_at);

CREATE OR REPLACE FUNCTION purge_$1(retention interval DEFAULT '${2:24 hours}')
RETURNS bigint LANGUAGE sql AS \$\$
  WITH gone AS (DELETE FROM $1 WHERE created_at < now() - retention RETURNING 1)
  SELECT count(*) FROM gone;
\$\$;
$0
