import type { Pool, QueryResult } from 'pg';

export interface OptimisticWrite {
  value: number;
  version: number;
  /** 1 when nobody interfered; more when concurrent writers forced retries. */
  attempts: number;
}

/**
 * Read-modify-write of one column under optimistic concurrency control. The UPDATE matches only
 * if the row still has the version we read; zero rows updated means another writer got there
 * first, so we re-read and recompute. No lock is held while `change` runs, which is why this
 * suits low-contention rows; under heavy contention prefer SELECT ... FOR UPDATE. Pass a pool, not
 * a client inside a transaction: each query is then a transaction of its own, so a retry after a
 * serialization failure (40001, at REPEATABLE READ or SERIALIZABLE) reads a fresh snapshot.
 * Give the pool an error listener (`pool.on('error', (err) => log(err))`): a connection that drops
 * while idle in the pool is reported there, and with no listener that event ends the process.
 */
export async function ${1:updateWithVersion}(
  pool: Pool,
  id: number,
  change: (current: number) => number,
  maxAttempts = ${2:10},
): Promise<OptimisticWrite> {
  // Refused up front: 0, a negative count or NaN would make no attempt at all and still report
  // the row as lost to concurrent writers; 1.5 would report a fractional budget, and Infinity
  // (or a count past 2**53, where adding 1 stops counting) would retry for ever.
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number of 1 or more, got \${maxAttempts}`);
  }
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const read = await pool.query<{ value: number; version: number }>(
      'SELECT ${3:quantity} AS value, version FROM ${4:items} WHERE id = \$1',
      [id],
    );
    const row = read.rows[0];
    if (!row) throw new Error(`row \${id} not found`);

    const next = change(row.value);
    // The version wraps to 1 after 2147483647 (the integer column's largest) instead of failing
    // every later write with "integer out of range" (see the SQL variant).
    let write: QueryResult<{ version: number }> | undefined;
    try {
      write = await pool.query<{ version: number }>(
        'UPDATE $4 SET $3 = \$1, version = version % 2147483647 + 1, updated_at = now() WHERE id = \$2 AND version = \$3 RETURNING version',
        [next, id, row.version],
      );
    } catch (err) {
      // 40001 (serialization failure): at REPEATABLE READ or SERIALIZABLE (a default_transaction_isolation
      // of the role or database), an UPDATE that waited for another writer's commit to the row is
      // refused instead of matching 0 rows. Another writer won: retried like a lost version check.
      // Each pool.query is a transaction of its own, so the retry reads a fresh snapshot.
      if ((err as { code?: unknown } | null)?.code !== '40001') throw err;
    }
    if (write?.rowCount === 1) return { value: next, version: write.rows[0]!.version, attempts: attempt };

    // Lost the race. Sleep a random time up to a growing cap ("full jitter") so the writers that
    // collided this round do not collide again in lockstep.
    const capMs = Math.min(${5:200}, 2 * 2 ** attempt);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
  }
  throw new Error(`row \${id}: gave up after \${maxAttempts} attempts lost to concurrent writers`);
}
$0
