-- Events are written here in the same transaction as the business change they describe, so an
-- event exists if and only if the change committed. A relay publishes them afterwards, at least
-- once: a relay that dies between publishing and committing publishes again, so consumers
-- deduplicate by event id.
CREATE TABLE IF NOT EXISTS ${1:outbox} (
  id              bigserial PRIMARY KEY,
  aggregate_id    text NOT NULL,
  event_type      text NOT NULL,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  published_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0,            -- failed publish attempts so far
  next_attempt_at timestamptz NOT NULL DEFAULT now(),    -- backoff after a failure
  last_error      text,
  dead_at         timestamptz   -- gave up after max attempts: a person looks; its aggregate moves on
);

-- Per-aggregate order needs the ids of one aggregate's events to follow their commit order. A
-- bigserial id is taken at INSERT, not at COMMIT: two transactions writing events for one aggregate
-- could commit in the opposite order (the later id first), and the relay would publish the later
-- event before the earlier one exists. So enqueue takes a transaction-scoped lock per aggregate
-- (namespaced by the table name) before it inserts: writers of one aggregate take turns until
-- commit. (Locking the aggregate's own row FOR UPDATE before enqueueing does the same.)
-- A transaction that enqueues events of several aggregates holds their locks until commit, taken
-- in the order it enqueues: two transactions that enqueue the same two aggregates in opposite
-- orders deadlock (PostgreSQL aborts one, SQLSTATE 40P01). Enqueue a transaction's events in a
-- fixed order of aggregate id (or lock the aggregates' own rows in that order first).
CREATE OR REPLACE FUNCTION enqueue_$1(p_aggregate_id text, p_event_type text, p_payload jsonb)
RETURNS bigint LANGUAGE sql AS \$\$
  SELECT pg_advisory_xact_lock(hashtext('$1'), hashtext(p_aggregate_id));
  INSERT INTO $1 (aggregate_id, event_type, payload) VALUES (p_aggregate_id, p_event_type, p_payload)
  RETURNING id;
\$\$;

-- Relays scan only pending rows; the partial index stays small however large the table grows.
CREATE INDEX IF NOT EXISTS $1_pending_idx ON $1 (aggregate_id, id) WHERE published_at IS NULL AND dead_at IS NULL;

-- One relay batch, inside the caller's transaction: claim, publish each event (in the
-- application), mark each one published or failed, commit. SKIP LOCKED makes concurrent relays
-- take disjoint batches instead of waiting for each other. Only the oldest pending event of each
-- aggregate is claimable, so an aggregate's events are published in order even across relays,
-- and an event in backoff holds back only the later events of its own aggregate.
-- The claimed rows stay locked until that commit, so give the publishing a time budget (the
-- application variants: 30 s): once it is spent, publish nothing more, record what went out and
-- commit. The rows not reached stay pending, untouched, and the next claim takes them again.
CREATE OR REPLACE FUNCTION claim_$1(batch_size integer)
RETURNS SETOF $1 LANGUAGE sql AS \$\$
  SELECT * FROM $1 o
   WHERE published_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
     AND NOT EXISTS (SELECT 1 FROM $1 e
                      WHERE e.aggregate_id = o.aggregate_id AND e.id < o.id
                        AND e.published_at IS NULL AND e.dead_at IS NULL)
   ORDER BY id
   LIMIT batch_size
   FOR UPDATE SKIP LOCKED;
\$\$;

CREATE OR REPLACE FUNCTION published_$1(event_id bigint)
RETURNS void LANGUAGE sql AS \$\$
  UPDATE $1 SET published_at = now() WHERE id = event_id;
\$\$;

-- A failed publish: back off exponentially (capped at five minutes); after max_attempts the
-- event is dead-lettered (dead_at) instead of blocking its aggregate forever. That ends the order
-- guarantee for that aggregate: its later events go out without the dead one, so consumers must
-- tolerate a missing event (or you replay the dead one by hand before they matter).
CREATE OR REPLACE FUNCTION failed_$1(event_id bigint, error text, max_attempts integer DEFAULT ${2:10})
RETURNS void LANGUAGE sql AS \$\$
  UPDATE $1 SET attempts = attempts + 1, last_error = error,
                next_attempt_at = now() + make_interval(secs => least(300, 2 ^ attempts)),
                dead_at = CASE WHEN attempts + 1 >= max_attempts THEN now() END
   WHERE id = event_id;
\$\$;

-- Published rows are history; delete them after the retention window.
CREATE OR REPLACE FUNCTION purge_$1(retention interval DEFAULT '${3:7 days}')
RETURNS bigint LANGUAGE sql AS \$\$
  WITH gone AS (DELETE FROM $1 WHERE published_at < now() - retention RETURNING 1)
  SELECT count(*) FROM gone;
\$\$;
$0
