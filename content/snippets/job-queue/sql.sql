CREATE TABLE IF NOT EXISTS ${1:jobs} (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'queued'
               CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT ${2:5},
  run_at       timestamptz NOT NULL DEFAULT now(),  -- not before; pushed back on each retry
  locked_at    timestamptz,                          -- when the current worker claimed it
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Workers look only for due, queued jobs; the partial index keeps that lookup cheap.
CREATE INDEX IF NOT EXISTS $1_due_idx ON $1 (run_at) WHERE status = 'queued';

-- Jobs that failed every attempt, with their last error, kept for inspection and manual replay.
CREATE TABLE IF NOT EXISTS $1_dead_letter (
  job_id     bigint PRIMARY KEY REFERENCES $1 (id),
  kind       text NOT NULL,
  payload    jsonb NOT NULL,
  attempts   integer NOT NULL,
  last_error text,
  failed_at  timestamptz NOT NULL DEFAULT now()
);

-- Claim the next due job. SKIP LOCKED: concurrent workers take different rows instead of
-- queueing on the same one, and no job is claimed twice.
PREPARE claim_$1 AS
  UPDATE $1 SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
   WHERE id = (SELECT id FROM $1
                WHERE status = 'queued' AND run_at <= now()
                ORDER BY run_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
  RETURNING id, kind, payload, attempts, max_attempts;

-- A worker that dies mid-job leaves it 'running'. Requeue jobs claimed longer ago than the
-- longest a job may take; handlers must therefore be idempotent.
PREPARE requeue_stuck_$1 AS
  UPDATE $1 SET status = 'queued', locked_at = NULL, updated_at = now(),
                last_error = 'worker lost; requeued'
   WHERE status = 'running' AND locked_at < now() - interval '${3:15 minutes}';
$0
