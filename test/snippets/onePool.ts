/**
 * A node-postgres pool of one client, for the proofs that a snippet does not hand a broken client
 * back to its pool: every checkout is recorded by its backend pid (a pid that changes means the pool
 * dropped the client it had), with the client itself for listener counts. Its 'error' listener is
 * the one an application's pool needs too: a dropped connection in the pool emits that event.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';

export interface OnePool {
  pool: Pool;
  /** The backend pid of each checkout, in order. */
  pids: number[];
  /** The client of each checkout, in order. */
  clients: PoolClient[];
}

/** `config` adds to (or overrides) the pool's settings: `query_timeout`, `connectionTimeoutMillis`. */
export function onePool(url: string, config: PoolConfig = {}): OnePool {
  const pool = new Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0, ...config });
  const pids: number[] = [];
  const clients: PoolClient[] = [];
  pool.on('error', () => undefined);
  pool.on('acquire', (client) => {
    pids.push((client as unknown as { processID: number }).processID);
    clients.push(client);
  });
  return { pool, pids, clients };
}
