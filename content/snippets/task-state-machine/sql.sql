-- The allowed transitions are data, so adding a state is an INSERT, not a code change.
CREATE TABLE IF NOT EXISTS ${1:task}_transitions (
  from_state text NOT NULL,
  to_state   text NOT NULL,
  PRIMARY KEY (from_state, to_state)
);

INSERT INTO $1_transitions (from_state, to_state) VALUES
  ('pending', 'running'), ('pending', 'cancelled'),
  ('running', 'succeeded'), ('running', 'failed'), ('running', 'cancelling'),
  ('running', 'pending'),      -- released for retry
  ('cancelling', 'cancelled'), ('cancelling', 'succeeded'), ('cancelling', 'failed'),
  ('failed', 'pending')        -- manual retry
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS ${2:tasks} (
  id         bigserial PRIMARY KEY,
  state      text NOT NULL DEFAULT 'pending',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every state change in history, for debugging "how did it get here?".
CREATE TABLE IF NOT EXISTS $2_history (
  task_id    bigint NOT NULL REFERENCES $2 (id),
  from_state text NOT NULL,
  to_state   text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION $2_check_transition()
RETURNS trigger
LANGUAGE plpgsql AS \$\$
BEGIN
  IF NEW.state = OLD.state THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM $1_transitions WHERE from_state = OLD.state AND to_state = NEW.state) THEN
    RAISE EXCEPTION 'task %: illegal transition % -> %', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.updated_at := now();
  INSERT INTO $2_history (task_id, from_state, to_state) VALUES (OLD.id, OLD.state, NEW.state);
  RETURN NEW;
END;
\$\$;

DROP TRIGGER IF EXISTS $2_state_guard ON $2;
CREATE TRIGGER $2_state_guard BEFORE UPDATE OF state ON $2
  FOR EACH ROW EXECUTE FUNCTION $2_check_transition();

-- Compare-and-set transition: succeeds only from the expected state, so two workers racing to
-- start the same task cannot both win (the loser updates 0 rows).
PREPARE transition_$2 (bigint, text, text) AS
  UPDATE $2 SET state = \$3 WHERE id = \$1 AND state = \$2 RETURNING id;
$0
