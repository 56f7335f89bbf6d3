import type { Pool } from 'pg';

export type HoldResult = { held: true; until: Date } | { held: false };

/**
 * Holds a seat for `userId` (SQL variant: ${1:hold_seat}). Returns held: false when someone else
 * holds or bought it. Pay within the hold, then call confirmSeat; if confirm returns false the
 * hold ran out and the payment must be refunded or retried on another seat.
 */
export async function holdSeat(pool: Pool, seatId: number, userId: string, minutes = ${2:10}): Promise<HoldResult> {
  const result = await pool.query<{ until: Date | null }>('SELECT $1(\$1, \$2, \$3) AS until', [seatId, userId, minutes]);
  const until = result.rows[0]?.until;
  return until ? { held: true, until } : { held: false };
}

export async function confirmSeat(pool: Pool, seatId: number, userId: string): Promise<boolean> {
  const result = await pool.query<{ ok: boolean }>('SELECT ${3:confirm_seat}(\$1, \$2) AS ok', [seatId, userId]);
  return result.rows[0]?.ok === true;
}

/** Runs the expiry sweep every `everyMs` until `signal` aborts. Holds expire without it; this just tidies up. */
export function releaseExpiredHolds(pool: Pool, signal: AbortSignal, everyMs = 60_000): void {
  const timer = setInterval(() => {
    pool
      .query(
        `UPDATE ${4:seats} SET status = 'available', held_by = NULL, held_until = NULL
          WHERE status = 'held' AND held_until < now()`,
      )
      .catch((err: unknown) => console.error('release of expired holds failed', err));
  }, everyMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
$0
