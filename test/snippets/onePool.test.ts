/**
 * onePool (onePool.ts): each checkout is recorded with its backend pid and client; a client
 * released healthy comes back (same pid), one released with an error is replaced (a new pid); a
 * terminated idle connection does not end the process; `config` reaches the pool.
 */
import { strict as assert } from 'assert';
import { freshDatabase } from './harness';
import { onePool } from './onePool';

describe('onePool', () => {
  it('records each checkout by backend pid and client; a client released with an error is replaced; a dropped idle connection is survived', async () => {
    const db = await freshDatabase('one_pool_helper');
    const { pool, pids, clients } = onePool(db.url, { query_timeout: 5000 });
    try {
      assert.equal(pool.options.max, 1);
      assert.equal((pool.options as { query_timeout?: number }).query_timeout, 5000);
      const first = await pool.connect();
      const { rows } = await first.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      first.release();
      assert.deepEqual(pids, [rows[0]!.pid]);
      assert.deepEqual(clients, [first]);
      const again = await pool.connect();
      again.release(new Error('broken'));
      assert.equal(pids[1], pids[0], 'a healthy client is handed out again');
      const replaced = await pool.connect();
      assert.notEqual(pids[2], pids[1], 'a client released with an error is not');
      replaced.release();
      // The idle client's connection ends: the pool drops it and emits 'error', which ends the
      // process unless a listener is there (the helper's is the only one).
      assert.equal(pool.listenerCount('error'), 1);
      await db.exec(`SELECT pg_terminate_backend(${pids[2]})`);
      for (let i = 0; pool.totalCount > 0; i++) {
        assert.ok(i < 2000, 'the pool never noticed its connection had ended');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const fresh = await pool.connect();
      fresh.release();
      assert.equal(pids.length, 4);
      assert.notEqual(pids[3], pids[2]);
      assert.equal(clients.length, 4);
    } finally {
      await pool.end();
    }
  });
});
