-- A PostgreSQL job queue. A worker owns a job for one attempt: it claims the row (attempts + 1),
-- heartbeats while it runs, and finishes it only while it still owns that attempt. A job whose
-- worker stops heartbeating is taken over by the next claim, and dies once its attempts are used.
CREATE TABLE IF NOT EXISTS ${1:jobs} (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'queued'
               CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,   -- claims so far; the current claim's number is its owner token
  max_attempts integer NOT NULL DEFAULT ${2:5} CHECK (max_attempts > 0),
  run_at       timestamptz NOT NULL DEFAULT now(),  -- not before; pushed back on each retry
  locked_at    timestamptz,                          -- last heartbeat of the running attempt
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Due jobs, and running jobs whose heartbeat may have stopped. The claim reads each kind through
-- its own index, in that index's order, so it costs a few index pages however long the backlog is.
CREATE INDEX IF NOT EXISTS $1_due_idx ON $1 (run_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS $1_running_idx ON $1 (locked_at) WHERE status = 'running';

-- Jobs that used every attempt, with their last error, kept for inspection and manual replay.
CREATE TABLE IF NOT EXISTS $1_dead_letter (
  job_id     bigint PRIMARY KEY REFERENCES $1 (id),
  kind       text NOT NULL,
  payload    jsonb NOT NULL,
  attempts   integer NOT NULL,
  last_error text,
  failed_at  timestamptz NOT NULL DEFAULT now()
);

-- Claim a running job whose worker missed its heartbeats for longer than `lease` (stranded jobs
-- first: they have waited longest), else the next due job. Each candidate is a LIMIT 1 walk of its
-- own partial index; one query with `(queued AND due) OR (running AND expired) ORDER BY run_at`
-- can use neither index in order and sorts the whole due backlog on every claim (about 190 ms at
-- 200k due jobs). SKIP LOCKED: concurrent claimers take different rows. A claimed row whose attempts now
-- exceed max_attempts lost its worker on every attempt (it crashes or hangs the worker): it goes
-- to the dead-letter table instead of being returned, so it cannot loop forever.
CREATE OR REPLACE FUNCTION claim_$1(lease interval DEFAULT '${3:1 minute}')
RETURNS SETOF $1 LANGUAGE plpgsql AS \$\$
DECLARE
  claimed $1;
BEGIN
  LOOP
    UPDATE $1 SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
     WHERE id = COALESCE(
             (SELECT id FROM $1 WHERE status = 'running' AND locked_at < now() - lease
               ORDER BY locked_at LIMIT 1 FOR UPDATE SKIP LOCKED),
             (SELECT id FROM $1 WHERE status = 'queued' AND run_at <= now()
               ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED))
    RETURNING * INTO claimed;
    IF NOT FOUND THEN
      RETURN;
    END IF;
    IF claimed.attempts <= claimed.max_attempts THEN
      RETURN NEXT claimed;
      RETURN;
    END IF;
    PERFORM fail_$1(claimed.id, claimed.attempts, 'worker lost: its lease expired on every attempt', '0 seconds');
  END LOOP;
END
\$\$;

-- The running worker calls this every lease/3. false: the job was taken over; stop working on it.
CREATE OR REPLACE FUNCTION heartbeat_$1(job_id bigint, attempt integer)
RETURNS boolean LANGUAGE sql AS \$\$
  UPDATE $1 SET locked_at = now()
   WHERE id = job_id AND attempts = attempt AND status = 'running'
  RETURNING true;
\$\$;

-- Success counts only for the attempt that still owns the job; false means another worker took
-- it over (this attempt's lease expired) and that worker's outcome decides.
CREATE OR REPLACE FUNCTION complete_$1(job_id bigint, attempt integer)
RETURNS boolean LANGUAGE sql AS \$\$
  UPDATE $1 SET status = 'succeeded', locked_at = NULL, updated_at = now()
   WHERE id = job_id AND attempts = attempt AND status = 'running'
  RETURNING true;
\$\$;

-- Failure of the owning attempt: retry after `retry_in`, or, once attempts are used up, dead-letter
-- it in the same statement. Returns 'queued', 'dead', or NULL when this attempt no longer owns it.
CREATE OR REPLACE FUNCTION fail_$1(job_id bigint, attempt integer, error text, retry_in interval)
RETURNS text LANGUAGE sql AS \$\$
  WITH failed AS (
    UPDATE $1 SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                  run_at = now() + retry_in, locked_at = NULL, last_error = error, updated_at = now()
     WHERE id = job_id AND attempts = attempt AND status = 'running'
    RETURNING id, kind, payload, attempts, status, last_error
  ), buried AS (
    INSERT INTO $1_dead_letter (job_id, kind, payload, attempts, last_error)
    SELECT id, kind, payload, attempts, last_error FROM failed WHERE status = 'dead'
    ON CONFLICT (job_id) DO UPDATE  -- a replayed job that dies again
      SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = now()
  )
  SELECT status FROM failed;
\$\$;
$0
