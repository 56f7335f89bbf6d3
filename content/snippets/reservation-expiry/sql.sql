CREATE TABLE IF NOT EXISTS ${1:seats} (
  id          bigint PRIMARY KEY,
  event_id    bigint NOT NULL,
  status      text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'sold')),
  held_by     text,
  held_until  timestamptz,
  sold_ref    text,  -- the payment (or order) reference the seat was sold with
  CHECK ((status = 'held') = (held_until IS NOT NULL)),
  -- named, so a confirm without a payment reference says what is missing
  CONSTRAINT sold_needs_payment_ref CHECK ((status = 'sold') = (sold_ref IS NOT NULL))
);

-- Upgrade of a table created before sold_ref existed (CREATE TABLE above then changed nothing); on
-- a table created above every step is a no-op, so the script stays safe to re-run. Run it statement
-- by statement (psql's default, not --single-transaction), so each lock below is held only for its
-- own statement. An ALTER waiting for a lock queues every later query of the table behind it:
-- lock_timeout makes it give up instead (SQLSTATE 55P03); run the script again later.
SET lock_timeout = '5s';
-- Nullable, no default: a catalog change, the table is not rewritten.
ALTER TABLE $1 ADD COLUMN IF NOT EXISTS sold_ref text;
-- Seats sold before the column existed have no reference. If your payments table has it, fill it in
-- from there first (UPDATE ... FROM payments). The rest get a marker no payment reference equals: a
-- confirm of such a seat then answers false (refund) rather than matching a guessed reference.
-- Only sold rows are written (and row-locked), and nothing else writes a sold seat but confirm.
UPDATE $1 SET sold_ref = 'unrecorded: sold before sold_ref' WHERE status = 'sold' AND sold_ref IS NULL;
-- NOT VALID checks every write from now on without scanning the table under the exclusive lock
-- ADD CONSTRAINT takes; VALIDATE then scans it under a lock that lets reads and writes go on.
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint
                  WHERE conrelid = '$1'::regclass AND conname = 'sold_needs_payment_ref') THEN
    ALTER TABLE $1 ADD CONSTRAINT sold_needs_payment_ref
      CHECK ((status = 'sold') = (sold_ref IS NOT NULL)) NOT VALID;
  END IF;
END
\$\$;
ALTER TABLE $1 VALIDATE CONSTRAINT sold_needs_payment_ref;
RESET lock_timeout;

CREATE INDEX IF NOT EXISTS $1_expired_holds_idx ON $1 (held_until) WHERE status = 'held';

-- Take a hold. An expired hold counts as available, so a crashed checkout never blocks a seat
-- for longer than the hold time, even before the cleanup job runs. The current holder may call it
-- again (a retried request whose response was lost, or a checkout that needs more time): that
-- extends the hold instead of reporting the seat as taken. A hold of 0 or fewer minutes would be
-- expired as it is made: the caller would be told it holds a seat anyone may take, so it is refused.
CREATE OR REPLACE FUNCTION ${2:hold_seat}(p_seat bigint, p_user text, p_minutes integer DEFAULT ${3:10})
RETURNS timestamptz
LANGUAGE plpgsql AS \$\$
DECLARE
  v_until timestamptz;
BEGIN
  IF p_minutes IS NULL OR p_minutes < 1 THEN
    RAISE EXCEPTION 'a hold lasts 1 minute or more, not %', coalesce(p_minutes::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE $1
     SET status = 'held', held_by = p_user, held_until = clock_timestamp() + make_interval(mins => p_minutes)
   WHERE id = p_seat
     AND (status = 'available' OR (status = 'held' AND (held_until < clock_timestamp() OR held_by = p_user)))
  RETURNING held_until INTO v_until;
  RETURN v_until;
END;
\$\$;

-- Confirm only if this user still holds it: after expiry, someone else may have it now. Pass the
-- reference of the payment that pays for the seat. A retry with the same reference (a confirm whose
-- first answer was lost) answers true again, so a paid seat is not refunded as "the hold ran out".
-- A sold seat with any other reference answers false, even for the same user: a double submit that
-- created two payments gets false for the second one, which is refunded. The sold row is matched by
-- the same UPDATE, so a retry racing the first call waits for its row lock, then re-reads the row and
-- matches only if the committed reference is its own.
CREATE OR REPLACE FUNCTION ${4:confirm_seat}(p_seat bigint, p_user text, p_payment_ref text)
RETURNS boolean
LANGUAGE sql AS \$\$
  WITH sold AS (
    UPDATE $1 SET status = 'sold', held_until = NULL, sold_ref = p_payment_ref
     WHERE id = p_seat AND held_by = p_user
       AND ((status = 'sold' AND sold_ref = p_payment_ref)
         OR (status = 'held' AND held_until >= clock_timestamp()))
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM sold);
\$\$;

-- The two-argument confirm_seat of before sold_ref sold without a reference (the constraint now
-- refuses that) and told a double submit it had bought the seat twice. Dropped, so a caller not yet
-- passing the payment's reference fails loudly. Between this script and the deploy of those callers
-- their confirms fail: run it when the callers that pass a reference are ready to go out.
DROP FUNCTION IF EXISTS $4(bigint, text);

-- Background sweep (every minute, from any scheduler): makes expired holds visibly available
-- again. Returns how many it released.
CREATE OR REPLACE FUNCTION release_expired_$1()
RETURNS bigint LANGUAGE sql AS \$\$
  WITH released AS (
    UPDATE $1 SET status = 'available', held_by = NULL, held_until = NULL
     WHERE status = 'held' AND held_until < clock_timestamp()
    RETURNING 1
  )
  SELECT count(*) FROM released;
\$\$;
$0
