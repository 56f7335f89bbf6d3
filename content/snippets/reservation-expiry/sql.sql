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

CREATE INDEX IF NOT EXISTS $1_expired_holds_idx ON $1 (held_until) WHERE status = 'held';

-- Take a hold. An expired hold counts as available, so a crashed checkout never blocks a seat
-- for longer than the hold time, even before the cleanup job runs. The current holder may call it
-- again (a retried request whose response was lost, or a checkout that needs more time): that
-- extends the hold instead of reporting the seat as taken.
CREATE OR REPLACE FUNCTION ${2:hold_seat}(p_seat bigint, p_user text, p_minutes integer DEFAULT ${3:10})
RETURNS timestamptz
LANGUAGE sql AS \$\$
  UPDATE $1
     SET status = 'held', held_by = p_user, held_until = clock_timestamp() + make_interval(mins => p_minutes)
   WHERE id = p_seat
     AND (status = 'available' OR (status = 'held' AND (held_until < clock_timestamp() OR held_by = p_user)))
  RETURNING held_until;
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
