import type { Pool } from 'pg';

export type HoldResult = { held: true; until: Date } | { held: false };

/** make_interval's mins is a PostgreSQL integer. */
const MAX_MINUTES = 2 ** 31 - 1;

/**
 * Holds a seat for `userId`, or returns held: false when someone else holds (unexpired) or bought
 * it. An expired hold counts as available, so a crashed checkout blocks a seat for at most the
 * hold time. The current holder calling again (a retry whose response was lost) extends its hold. Pay within the hold, then call confirmSeat with that payment's reference; if confirm
 * returns false the hold ran out (or the seat was sold with another payment) and this payment must be
 * refunded or retried on another seat. `minutes` is a whole number from 1: a hold of 0 or fewer
 * minutes would be expired as it is made (held: true for a seat anyone may take), so it throws.
 */
export async function ${1:holdSeat}(pool: Pool, seatId: number, userId: string, minutes = ${3:10}): Promise<HoldResult> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw new RangeError(`minutes must be a whole number from 1 to \${MAX_MINUTES}, got \${minutes}`);
  }
  const result = await pool.query<{ held_until: Date }>(
    `UPDATE ${2:seats}
        SET status = 'held', held_by = \$2, held_until = clock_timestamp() + make_interval(mins => \$3)
      WHERE id = \$1
        AND (status = 'available' OR (status = 'held' AND (held_until < clock_timestamp() OR held_by = \$2)))
      RETURNING held_until`,
    [seatId, userId, minutes],
  );
  const until = result.rows[0]?.held_until;
  return until ? { held: true, until } : { held: false };
}

/**
 * Sells the seat only if this user still holds it, unexpired: after expiry someone else may have it.
 * `paymentRef` names the payment (or order) that pays for it and is stored as sold_ref. A retry with
 * the same reference (its first response was lost) answers true again, so a paid seat is not refunded
 * as "the hold ran out". A sold seat with any other reference answers false, even for the same user:
 * a double submit that created two payments gets false for the second, which must be refunded. A
 * retry racing the first call waits for its row lock, then re-reads the row (READ COMMITTED) and
 * matches only if the committed reference is its own. The sold_ref column is in the SQL variant,
 * which also upgrades a table created without it (re-run it).
 */
export async function confirmSeat(pool: Pool, seatId: number, userId: string, paymentRef: string): Promise<boolean> {
  const result = await pool.query(
    `UPDATE $2 SET status = 'sold', held_until = NULL, sold_ref = \$3
      WHERE id = \$1 AND held_by = \$2
        AND ((status = 'sold' AND sold_ref = \$3)
          OR (status = 'held' AND held_until >= clock_timestamp()))`,
    [seatId, userId, paymentRef],
  );
  return result.rowCount === 1;
}

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one, Infinity or NaN after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/**
 * Runs the expiry sweep every `everyMs` until `signal` aborts. Holds expire without it; this just
 * tidies up. The next sweep is scheduled only once the previous one has finished, so a sweep slower
 * than `everyMs` (a lock wait, a slow database) never piles up overlapping sweeps.
 * Give the pool an error listener (`pool.on('error', (err) => log(err))`): a connection that drops
 * while idle in the pool is reported there, and with no listener that event ends the process.
 */
export function releaseExpiredHolds(pool: Pool, signal: AbortSignal, everyMs = 60_000): void {
  checkDelay('everyMs', everyMs); // past the limit the sweep would run every millisecond
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (): void => {
    if (!signal.aborted) timer = setTimeout(sweep, everyMs);
  };
  const sweep = (): void => {
    pool
      .query(
        `UPDATE $2 SET status = 'available', held_by = NULL, held_until = NULL
          WHERE status = 'held' AND held_until < clock_timestamp()`,
      )
      .catch((err: unknown) => console.error('release of expired holds failed', err))
      .finally(next);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  next();
}
$0
