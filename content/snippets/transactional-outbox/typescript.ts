import type { Pool, PoolClient } from 'pg';

export interface OutboxEvent {
  id: string;
  aggregateId: string;
  eventType: string;
  payload: unknown;
}

/**
 * Call inside the transaction that makes the business change, with that transaction's client. The
 * per-aggregate lock makes writers of one aggregate take turns until commit, so event ids follow
 * commit order (a bigserial id is taken at INSERT: without the lock a later id could commit first
 * and be published before the earlier event).
 * A transaction that enqueues events of several aggregates holds their locks until commit, taken
 * in the order it enqueues: two transactions that enqueue the same two aggregates in opposite
 * orders deadlock (PostgreSQL aborts one, SQLSTATE 40P01). Enqueue a transaction's events in a
 * fixed order of aggregate id (or lock the aggregates' own rows in that order first).
 */
export async function ${1:enqueueEvent}(
  tx: PoolClient,
  aggregateId: string,
  eventType: string,
  payload: unknown,
): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('$2'), hashtext(\$1))", [aggregateId]);
  await tx.query('INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (\$1, \$2, \$3)', [
    aggregateId,
    eventType,
    JSON.stringify(payload),
  ]);
}

const MAX_ATTEMPTS = ${3:10};

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one, Infinity or NaN after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Refuses a delay setTimeout would not keep: a budget that fired at once would publish nothing. */
function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/** Refuses batch settings before a connection is taken. */
function checkBatch(batchSize: number, publishTimeoutMs: number, batchBudgetMs: number): void {
  checkDelay('publishTimeoutMs', publishTimeoutMs);
  checkDelay('batchBudgetMs', batchBudgetMs);
  // LIMIT 0 would claim nothing, batch after batch, and a negative LIMIT fails every batch in
  // PostgreSQL (a fraction or NaN is no row count either).
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number of 1 or more, got \${batchSize}`);
  }
}

/**
 * A publish that takes longer than `ms`, or runs past the end of the batch's budget (`cutOff`
 * rejects), fails: a hung broker must not hold the batch transaction (and its row locks) forever.
 */
function withTimeout(work: Promise<void>, ms: number, cutOff: Promise<never>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish timed out after \${ms} ms`)), ms);
  });
  return Promise.race([work, expired, cutOff]).finally(() => clearTimeout(timer));
}

/**
 * The error as text PostgreSQL accepts. A broker's error may quote raw bytes, and a text column
 * refuses a NUL: the failure UPDATE would then fail, roll the whole batch back (its good events are
 * published again next round) and leave the event unrecorded, retried at once, forever.
 */
function storableError(err: unknown): string {
  let text: string;
  try {
    // String() inside the try: a message need not be a string, and its toString may throw.
    text = String(err instanceof Error ? err.message : err);
  } catch {
    text = 'unprintable error';
  }
  return text.replace(/\u0000/g, '\uFFFD');
}

/**
 * Publishes one batch and returns how many events it claimed. Rows are claimed with FOR UPDATE
 * SKIP LOCKED, so relays running side by side take disjoint batches. Only the oldest pending event
 * of each aggregate is claimable, so each aggregate's events go out in order, even across relays.
 *
 * Each event's outcome is recorded on its own: a failed publish backs off (and is dead-lettered
 * after MAX_ATTEMPTS) without holding back or re-publishing the rest of the batch. Delivery is at
 * least once (a relay that dies between publish and COMMIT publishes again): consumers
 * deduplicate by event id. A dead-lettered event no longer holds back its aggregate: the later
 * events go out without it. A publish that takes longer than `publishTimeoutMs` counts as failed,
 * but nothing stops the promise it returned: the abandoned send may still reach the broker, even
 * after the event's retry and the aggregate's next event. So a timed-out event can arrive twice,
 * the late copy out of order: consumers deduplicate by event id (and skip an event older than one
 * they applied, where order matters). Give the broker client a timeout below publishTimeoutMs.
 * publishTimeoutMs and batchBudgetMs must be above 0 and at most 2^31-1 ms (setTimeout's limit).
 * batchSize must be a whole number of 1 or more.
 *
 * The claimed rows stay locked until COMMIT, so the batch's publishing has a budget: once
 * `batchBudgetMs` is spent, the publish in flight counts as failed, no further event is published,
 * and the batch commits what it sent. A slow or hung broker then holds the locks for about the
 * budget, not `batchSize` times the publish timeout. The events it did not reach stay pending,
 * untouched, and the next batch claims them again, each aggregate's oldest first, so the order
 * holds (a batch holds at most one event per aggregate).
 *
 * The pool: give it an error listener (`pool.on('error', (err) => log(err))`). A connection that
 * drops while it sits idle in the pool is reported there, and with no listener that event ends the
 * process. If you set node-postgres's `query_timeout`, set `statement_timeout` (also a pool
 * option) at or below it: `query_timeout` only stops waiting in Node. The statement runs on, and
 * after the client is destroyed its server session keeps the claimed rows locked until that
 * statement ends (a lock wait can last as long as the lock it waits for), unless the server's
 * `client_connection_check_interval` notices first; `statement_timeout` has the server end it.
 */
export async function relayBatch(
  pool: Pool,
  publish: (event: OutboxEvent) => Promise<void>,
  batchSize = ${4:100},
  publishTimeoutMs = ${6:10_000},
  batchBudgetMs = ${7:30_000},
): Promise<number> {
  checkBatch(batchSize, publishTimeoutMs, batchBudgetMs);
  const tx = await pool.connect();
  // pg-pool listens for a checked-out client's 'error' (its connection dropped) only while it is
  // idle: without a listener of ours that event (say, mid-publish) ends the process. The next query
  // rejects anyway.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  tx.on('error', onError);
  let budgetTimer: ReturnType<typeof setTimeout> | undefined;
  try {
    await tx.query('BEGIN');
    const claimed = await tx.query<{ id: string; aggregate_id: string; event_type: string; payload: unknown }>(
      `SELECT id, aggregate_id, event_type, payload FROM $2 o
        WHERE published_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
          AND NOT EXISTS (SELECT 1 FROM $2 e
                           WHERE e.aggregate_id = o.aggregate_id AND e.id < o.id
                             AND e.published_at IS NULL AND e.dead_at IS NULL)
        ORDER BY id LIMIT \$1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    let spent = false;
    const budget = new Promise<never>((_, reject) => {
      budgetTimer = setTimeout(() => {
        spent = true;
        reject(new Error(`publish cut off: the batch's \${batchBudgetMs} ms budget is spent`));
      }, batchBudgetMs);
    });
    budget.catch(() => undefined); // read by the races below; no batch may leave it unhandled
    for (const row of claimed.rows) {
      if (spent) break; // the rest stay pending, unchanged; COMMIT unlocks them for the next batch
      try {
        await withTimeout(
          publish({ id: row.id, aggregateId: row.aggregate_id, eventType: row.event_type, payload: row.payload }),
          publishTimeoutMs,
          budget,
        );
      } catch (err) {
        await tx.query(
          `UPDATE $2 SET attempts = attempts + 1, last_error = \$2,
                         next_attempt_at = now() + make_interval(secs => least(300, 2 ^ attempts)),
                         dead_at = CASE WHEN attempts + 1 >= \$3 THEN now() END
            WHERE id = \$1`,
          [row.id, storableError(err), MAX_ATTEMPTS],
        );
        continue;
      }
      await tx.query('UPDATE $2 SET published_at = now() WHERE id = \$1', [row.id]);
    }
    await tx.query('COMMIT');
    return claimed.rows.length;
  } catch (err) {
    // A ROLLBACK that failed (a dropped connection; a client-side query_timeout, which leaves the
    // statement running and the transaction open with its locks) marks the client broken.
    await tx.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
    throw err;
  } finally {
    clearTimeout(budgetTimer);
    tx.off('error', onError);
    tx.release(broken); // an error destroys the client instead of pooling it for the next caller
  }
}

/**
 * Runs the relay until `signal` aborts, sleeping `idleMs` whenever nothing is due. A database error
 * is reported to `onError` (default: console.error) and the relay carries on after a pause. `batch`
 * is passed to relayBatch (its defaults when left out); settings it would refuse, and an idleMs
 * setTimeout would not keep, are refused here at the start (a RangeError), not reported on every pass.
 */
export async function runRelay(
  pool: Pool,
  publish: (event: OutboxEvent) => Promise<void>,
  signal: AbortSignal,
  idleMs = ${5:500},
  onError: (err: unknown) => void = (err) => console.error('outbox relay batch failed; retrying', err),
  { batchSize = $4, publishTimeoutMs = $6, batchBudgetMs = $7 }: { batchSize?: number; publishTimeoutMs?: number; batchBudgetMs?: number } = {},
): Promise<void> {
  checkDelay('idleMs', idleMs); // a 0 or a too-long idle pause would poll the table in a busy loop
  checkBatch(batchSize, publishTimeoutMs, batchBudgetMs);
  while (!signal.aborted) {
    let claimed = 0;
    try {
      claimed = await relayBatch(pool, publish, batchSize, publishTimeoutMs, batchBudgetMs);
    } catch (err) {
      onError(err);
    }
    if (claimed === 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
  }
}
$0
