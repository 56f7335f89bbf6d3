/**
 * Scaffolding of the proofs that query_timeout alone leaves a stalled statement running on the
 * server (its session keeps its row locks after the client gave up), while a statement_timeout at
 * or below query_timeout ends it there. Both pools are onePool pools on the same database.
 */
import type { Pool, PoolClient } from 'pg';
import { onePool, type OnePool } from './onePool';

export interface TimeoutPools {
  /** A client of `admin`, for the test to hold the lock the statement under proof waits on. */
  blocker: PoolClient;
  /** query_timeout 300 ms and no statement_timeout: only the client stops waiting. */
  clientOnly: OnePool;
  /** statement_timeout 300 ms under query_timeout 1000 ms: the server ends the statement. */
  withServer: OnePool;
  /** Rolls the blocker back, releases it and ends both pools and `admin`. */
  close(): Promise<void>;
}

export async function timeoutPools(admin: Pool, url: string): Promise<TimeoutPools> {
  const blocker = await admin.connect();
  const clientOnly = onePool(url, { query_timeout: 300 });
  const withServer = onePool(url, { query_timeout: 1000, statement_timeout: 300 });
  const close = async (): Promise<void> => {
    await blocker.query('ROLLBACK').catch(() => undefined);
    blocker.release();
    await clientOnly.pool.end();
    await withServer.pool.end();
    await admin.end();
  };
  return { blocker, clientOnly, withServer, close };
}

/**
 * How many rows `sql` (a SELECT … FOR UPDATE SKIP LOCKED) can lock right now, from a transaction
 * of its own on `admin` that is rolled back at once.
 */
export async function unlockedRows(admin: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const probe = await admin.connect();
  try {
    await probe.query('BEGIN');
    return (await probe.query(sql, params)).rowCount ?? 0;
  } finally {
    await probe.query('ROLLBACK');
    probe.release();
  }
}
