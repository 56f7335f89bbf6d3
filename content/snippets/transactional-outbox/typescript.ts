import type { Pool, PoolClient } from 'pg';

export interface OutboxEvent {
  id: string;
  aggregateId: string;
  eventType: string;
  payload: unknown;
}

/** Call inside the transaction that makes the business change, with that transaction's client. */
export async function ${1:enqueueEvent}(
  tx: PoolClient,
  aggregateId: string,
  eventType: string,
  payload: unknown,
): Promise<void> {
  await tx.query('INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (\$1, \$2, \$3)', [
    aggregateId,
    eventType,
    JSON.stringify(payload),
  ]);
}

/**
 * Publishes one batch and returns how many events it sent. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so relays running side by side take disjoint batches. If `publish` throws, the batch
 * rolls back and is retried later: delivery is at least once if the relay crashes between publish
 * and commit, so consumers deduplicate by event id.
 */
export async function relayBatch(
  pool: Pool,
  publish: (event: OutboxEvent) => Promise<void>,
  batchSize = ${3:100},
): Promise<number> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const claimed = await tx.query<{ id: string; aggregate_id: string; event_type: string; payload: unknown }>(
      `SELECT id, aggregate_id, event_type, payload FROM $2
        WHERE published_at IS NULL ORDER BY id LIMIT \$1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    // Publish in id order; with several relays, order holds within a batch, not across relays.
    for (const row of claimed.rows) {
      await publish({ id: row.id, aggregateId: row.aggregate_id, eventType: row.event_type, payload: row.payload });
    }
    if (claimed.rows.length > 0) {
      await tx.query('UPDATE $2 SET published_at = now() WHERE id = ANY(\$1::bigint[])', [claimed.rows.map((r) => r.id)]);
    }
    await tx.query('COMMIT');
    return claimed.rows.length;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}

/** Runs the relay until `signal` aborts, sleeping `idleMs` whenever the outbox is empty. */
export async function runRelay(
  pool: Pool,
  publish: (event: OutboxEvent) => Promise<void>,
  signal: AbortSignal,
  idleMs = ${4:500},
): Promise<void> {
  while (!signal.aborted) {
    let sent = 0;
    try {
      sent = await relayBatch(pool, publish);
    } catch (err) {
      console.error('outbox relay batch failed; retrying', err);
    }
    if (sent === 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
  }
}
$0
