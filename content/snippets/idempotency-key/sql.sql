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
-- retries would run the effect again: it is refused (SQLSTATE 22023), as is NULL. The test is on the
-- cutoff the DELETE uses, not on the interval: interval comparison counts a month as 30 days and a
-- day as 24 hours, so a mixed-sign '-1 year 361 days' compares above zero yet puts the cutoff days
-- in the future (a year has 365 or 366 days), which would delete every key.
CREATE OR REPLACE FUNCTION purge_$1(retention interval DEFAULT '${2:24 hours}')
RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE
  cutoff timestamptz := now() - retention;
  gone bigint;
BEGIN
  IF cutoff IS NULL OR cutoff >= now() THEN
    RAISE EXCEPTION 'idempotency key retention must be above zero, not %', coalesce(retention::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM $1 WHERE created_at < cutoff;
  GET DIAGNOSTICS gone = ROW_COUNT;
  RETURN gone;
END;
\$\$;
$0
