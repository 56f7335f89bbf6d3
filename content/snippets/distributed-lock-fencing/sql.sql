-- The storage side of a fenced lock: each resource remembers the highest fencing token that has
-- written to it, and rejects any write carrying a lower one (a holder whose lease expired).
CREATE TABLE IF NOT EXISTS ${1:fenced_resources} (
  id         text PRIMARY KEY,
  value      text,
  fence      bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Returns true if the write was applied, false if a newer token has already written.
-- "<=" lets the current holder write several times with the same token.
CREATE OR REPLACE FUNCTION ${2:fenced_write}(p_id text, p_value text, p_fence bigint)
RETURNS boolean
LANGUAGE sql AS \$\$
  WITH applied AS (
    INSERT INTO $1 AS r (id, value, fence) VALUES (p_id, p_value, p_fence)
    ON CONFLICT (id) DO UPDATE
      SET value = EXCLUDED.value, fence = EXCLUDED.fence, updated_at = now()
      WHERE r.fence <= EXCLUDED.fence
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM applied);
\$\$;
$0
