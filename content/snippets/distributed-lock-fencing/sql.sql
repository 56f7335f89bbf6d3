-- The storage side of a fenced lock: each resource remembers the highest fencing token that has
-- written to it and the lease (owner) that wrote with it, and rejects any write carrying a lower
-- token: a holder whose lease expired while it was paused.
CREATE TABLE IF NOT EXISTS ${2:fenced_resources} (
  id         text PRIMARY KEY,
  value      text,
  fence      bigint NOT NULL,
  owner      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Returns true if the write was applied, false if a newer token has already written.
-- The current holder may write several times with its token; another lease presenting the same
-- token (possible only if the token counter went backwards, e.g. a Redis failover or a restart
-- without persistence) is rejected, so two holders can never both pass.
CREATE OR REPLACE FUNCTION ${1:fenced_write}(p_id text, p_value text, p_fence bigint, p_owner text)
RETURNS boolean
LANGUAGE sql AS \$\$
  WITH applied AS (
    INSERT INTO $2 AS r (id, value, fence, owner) VALUES (p_id, p_value, p_fence, p_owner)
    ON CONFLICT (id) DO UPDATE
      SET value = EXCLUDED.value, fence = EXCLUDED.fence, owner = EXCLUDED.owner, updated_at = now()
      WHERE r.fence < EXCLUDED.fence OR (r.fence = EXCLUDED.fence AND r.owner = EXCLUDED.owner)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM applied);
\$\$;
$0
