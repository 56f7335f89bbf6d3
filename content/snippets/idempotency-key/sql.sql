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
-- The default is spelled in hours, not as an interval literal: '24' typed there would be 24 seconds.
CREATE OR REPLACE FUNCTION purge_$1(retention interval DEFAULT make_interval(hours => ${2:24}))
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

-- A quoted retention ('24 hours', or a driver's string parameter) comes here, not to the interval
-- form: PostgreSQL reads a bare '24' as 24 seconds, so someone meaning 24 hours would delete the keys
-- of requests still being retried. A value that ends in a bare number is refused (SQLSTATE 22023);
-- one with a unit ('24 hours', '1 day', 'PT24H', '24:00:00') goes on to the interval form. (An
-- explicit interval '24' is still 24 seconds: that cast is the caller's.)
CREATE OR REPLACE FUNCTION purge_$1(retention text)
RETURNS bigint LANGUAGE plpgsql AS \$\$
BEGIN
  IF retention ~ '(^|[^0-9:.])[-+]?[0-9.]+\\s*\$' THEN
    RAISE EXCEPTION 'idempotency key retention ''%'' has no unit: write ''% hours'' (or days, minutes)', retention, btrim(retention)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN purge_$1(retention::interval);
END;
\$\$;
$0
