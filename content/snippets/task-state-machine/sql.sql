-- The states and the allowed transitions are data, so adding a state is an INSERT, not a code change.
CREATE TABLE IF NOT EXISTS ${2:task}_states (
  state text PRIMARY KEY
);

INSERT INTO $2_states (state) VALUES
  ('pending'), ('running'), ('cancelling'), ('succeeded'), ('failed'), ('cancelled')
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS $2_transitions (
  from_state text NOT NULL REFERENCES $2_states (state),
  to_state   text NOT NULL REFERENCES $2_states (state),
  PRIMARY KEY (from_state, to_state)
);

-- Terminal: succeeded and cancelled, which no row leaves. failed is not terminal: an operator (or a
-- retry policy) may re-queue it with the retry transition failed -> pending.
INSERT INTO $2_transitions (from_state, to_state) VALUES
  ('pending', 'running'), ('pending', 'cancelled'),
  ('running', 'succeeded'), ('running', 'failed'), ('running', 'cancelling'),
  ('running', 'pending'),      -- released for retry
  ('cancelling', 'cancelled'), ('cancelling', 'succeeded'), ('cancelling', 'failed'),
  ('failed', 'pending')        -- retry: a failed task is queued again
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS ${1:tasks} (
  id         bigserial PRIMARY KEY,
  state      text NOT NULL DEFAULT 'pending' REFERENCES $2_states (state),  -- no made-up states
  -- Bumped by every transition. A worker compares it as well as the state, so a task that went
  -- running -> pending -> running again (re-claimed by someone else) is not the one it saw (ABA).
  version    integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every state change in history, for debugging "how did it get here?". changed_at is when the
-- change was made (the trigger writes clock_timestamp()), not when its transaction began: with now(),
-- a long transaction's change was dated before a change to the same task committed while it ran,
-- and history read in changed_at order showed the task's steps out of order.
-- Deleting a task deletes its history with it (ON DELETE CASCADE): without a rule the DELETE of any
-- task that ever moved failed on the foreign key, so a cleanup of old tasks had to know this table.
-- Keep an audit trail that must outlive its tasks in a table without this key.
CREATE TABLE IF NOT EXISTS $1_history (
  task_id    bigint NOT NULL REFERENCES $1 (id) ON DELETE CASCADE,
  from_state text NOT NULL,
  to_state   text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The cascade and "history of one task" both look rows up by task_id.
CREATE INDEX IF NOT EXISTS $1_history_task_id_idx ON $1_history (task_id, changed_at);

-- A table created by an earlier version of this script kept a key with no ON DELETE rule
-- (CREATE TABLE IF NOT EXISTS leaves it as it is): replace that key once. Only that key (NO ACTION,
-- confdeltype 'a'): one changed since to ON DELETE RESTRICT, to keep the history, stays as it is.
DO \$\$
DECLARE
  old_key name;
BEGIN
  SELECT conname INTO old_key FROM pg_constraint
   WHERE conrelid = '$1_history'::regclass AND confrelid = '$1'::regclass
     AND contype = 'f' AND confdeltype = 'a';
  IF old_key IS NOT NULL THEN
    EXECUTE format('ALTER TABLE $1_history DROP CONSTRAINT %I, ADD FOREIGN KEY (task_id) REFERENCES $1 (id) ON DELETE CASCADE', old_key);
  END IF;
END
\$\$;

CREATE OR REPLACE FUNCTION $1_check_transition()
RETURNS trigger
LANGUAGE plpgsql AS \$\$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> 'pending' OR NEW.version <> 0 THEN
      RAISE EXCEPTION 'a new task starts pending at version 0, not % at %', NEW.state, NEW.version
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.state = OLD.state THEN
    NEW.version := OLD.version;  -- the version moves only with the state
    RETURN NEW;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM $2_transitions WHERE from_state = OLD.state AND to_state = NEW.state) THEN
    RAISE EXCEPTION 'task %: illegal transition % -> %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.version := OLD.version + 1;
  -- The row lock orders the changes of one task: this runs after the previous change committed, so
  -- clock_timestamp() follows its time, as now() (the transaction's start) may not.
  NEW.updated_at := clock_timestamp();
  INSERT INTO $1_history (task_id, from_state, to_state, changed_at)
    VALUES (OLD.id, OLD.state, NEW.state, NEW.updated_at);
  RETURN NEW;
END;
\$\$;

DROP TRIGGER IF EXISTS $1_state_guard ON $1;
CREATE TRIGGER $1_state_guard BEFORE INSERT OR UPDATE ON $1
  FOR EACH ROW EXECUTE FUNCTION $1_check_transition();

-- Compare-and-set transition: succeeds only from the state *and version* the caller read, so two
-- workers racing to start the same task cannot both win, and a stale worker cannot finish a task
-- that was released and re-claimed meanwhile. Returns the new version, or NULL when it lost.
-- from_state = to_state is refused: the UPDATE would match and return the unchanged version, so the
-- caller would read success although nothing moved.
CREATE OR REPLACE FUNCTION transition_$1(task_id bigint, from_state text, to_state text, seen_version integer)
RETURNS integer LANGUAGE plpgsql AS \$\$
DECLARE
  new_version integer;
BEGIN
  IF from_state = to_state THEN
    RAISE EXCEPTION 'task %: % -> % is not a transition', task_id, from_state, to_state
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE $1 SET state = to_state
   WHERE id = task_id AND state = from_state AND version = seen_version
  RETURNING version INTO new_version;
  RETURN new_version;
END;
\$\$;
$0
