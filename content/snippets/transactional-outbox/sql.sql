-- Events are written here in the same transaction as the business change they describe, so an
-- event exists if and only if the change committed. A relay publishes them afterwards.
CREATE TABLE IF NOT EXISTS ${1:outbox} (
  id           bigserial PRIMARY KEY,
  aggregate_id text NOT NULL,
  event_type   text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

-- Relays scan only unpublished rows; the partial index stays small however large the table grows.
CREATE INDEX IF NOT EXISTS $1_unpublished_idx ON $1 (id) WHERE published_at IS NULL;

-- One relay batch: claim, publish (in the application), mark. SKIP LOCKED makes concurrent relays
-- take disjoint batches instead of waiting for, or re-publishing, each other's rows.
PREPARE claim_$1 (integer) AS
  SELECT id, aggregate_id, event_type, payload
    FROM $1
   WHERE published_at IS NULL
   ORDER BY id
   LIMIT \$1
   FOR UPDATE SKIP LOCKED;

PREPARE mark_$1 (bigint[]) AS
  UPDATE $1 SET published_at = now() WHERE id = ANY(\$1);

-- Published rows are history; delete them after the retention window.
PREPARE purge_$1 AS
  DELETE FROM $1 WHERE published_at < now() - interval '${2:7 days}';
$0
