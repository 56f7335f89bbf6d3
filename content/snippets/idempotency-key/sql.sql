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

-- A retention of zero or less would delete the keys of requests answered a moment ago, and their
-- retries would run the effect again: it is refused (SQLSTATE 22023), as is NULL.
CREATE OR REPLACE FUNCTION purge_$1(retention interval DEFAULT '${2:24 hours}')
RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE
  gone bigint;
BEGIN
  IF retention IS NULL OR retention <= interval '0' THEN
    RAISE EXCEPTION 'idempotency key retention must be above zero, not %', coalesce(retention::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM $1 WHERE created_at < now() - retention;
  GET DIAGNOSTICS gone = ROW_COUNT;
  RETURN gone;
END;
\$\$;
$0
