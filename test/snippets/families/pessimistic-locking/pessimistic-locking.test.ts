/**
 * pessimistic-locking: opposite concurrent transfers neither deadlock nor lose money (the lock
 * order is what prevents the deadlocks); concurrent withdrawals never overdraw; a non-positive
 * amount moves nothing; a panic inside the Go transaction releases its locks; the Python docstring's
 * deadlock (two transfers per transaction in opposite pair orders) and its advice.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf } from '../../library';
import { onePool } from '../../onePool';
import { timeoutPools, unlockedRows } from '../../timeoutPools';

interface Pessimistic {
  transfer(pool: Pool, fromId: number, toId: number, amountCents: number): Promise<void>;
  InsufficientFundsError: new (...args: unknown[]) => Error;
}

async function balances(pool: Pool): Promise<number[]> {
  const { rows } = await pool.query('SELECT balance_cents FROM accounts ORDER BY id');
  return rows.map((r) => Number(r.balance_cents));
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('pessimistic-locking', function () {
  this.timeout(600_000);

  async function database(name: string): Promise<{ pool: Pool; env: Record<string, string>; url: string }> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('pessimistic-locking'));
    await db.exec('INSERT INTO accounts (id, balance_cents) VALUES (1, 100000), (2, 100000), (3, 1000)');
    return { pool: new Pool({ connectionString: db.url, max: 40 }), env: await proofEnv({ db }), url: db.url };
  }

  it('typescript: a transfer whose ROLLBACK times out (queued behind a lock wait) does not go back to the pool mid-transaction: the next checkout is a new connection and only its transfer moves money', async () => {
    const { transfer } = importSnippet<Pessimistic>('pessimistic-locking');
    const { pool: admin, url } = await database('pessimistic_ts_rollback_timeout');
    // query_timeout rejects a query on the client's side but leaves it running on the server: the
    // ROLLBACK queued behind it times out too, and the connection is still in the transaction.
    const { pool, pids } = onePool(url, { query_timeout: 500 });
    const blocker = await admin.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM accounts WHERE id = 2 FOR UPDATE');
      await assert.rejects(transfer(pool, 1, 2, 100), /timeout/i);
      await blocker.query('COMMIT'); // the stalled lock wait now completes on the first connection
      await transfer(pool, 2, 1, 300);
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the connection whose ROLLBACK failed was handed out again');
      assert.deepEqual(await balances(admin), [100300, 99700, 1000]);
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND state LIKE 'idle in transaction%'", [pids[0]]);
      assert.equal(rows[0].n, 0, 'the failed transfer\'s connection sits idle in its transaction');
      proves('pessimistic-locking', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await pool.end();
      await admin.end();
    }
  });

  it("typescript: a transfer stalled waiting for its second row keeps the first row locked after query_timeout gives up (the server statement runs on in the destroyed client's session); with statement_timeout at or below query_timeout, as the comment advises, the server ends the wait and both rows are free at once", async () => {
    const { transfer } = importSnippet<Pessimistic>('pessimistic-locking');
    const { pool: admin, url } = await database('pessimistic_ts_statement_timeout');
    const free = async (id: number): Promise<boolean> =>
      (await unlockedRows(admin, 'SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE SKIP LOCKED', [id])) === 1;
    const { blocker, clientOnly, withServer, close } = await timeoutPools(admin, url);
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM accounts WHERE id = 2 FOR UPDATE');
      await assert.rejects(transfer(clientOnly.pool, 1, 2, 100), /timeout/i);
      assert.equal(await free(1), false, "query_timeout alone: the destroyed client's session still holds account 1");
      await blocker.query('COMMIT'); // the stalled lock wait ends; the server then sees the client is gone
      await until('the abandoned session lets go of account 1', () => free(1));

      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM accounts WHERE id = 2 FOR UPDATE');
      await assert.rejects(transfer(withServer.pool, 1, 2, 100), /statement timeout/);
      assert.equal(await free(1), true, 'statement_timeout ended the wait on the server: account 1 is free while account 2 stays locked');
      await blocker.query('COMMIT');
      assert.deepEqual(await balances(admin), [100000, 100000, 1000], 'neither transfer moved money');
      proves('pessimistic-locking', 'typescript');
    } finally {
      await close();
    }
  });

  it('typescript: a transfer whose backend is terminated mid-transaction (pg_terminate_backend while it waits on a row lock) fails without ending the process (the checked-out client\'s \'error\' event is handled); the next checkout works on a new connection', async () => {
    const { transfer } = importSnippet<Pessimistic>('pessimistic-locking');
    const { pool: admin, url } = await database('pessimistic_ts_terminated');
    const { pool, pids } = onePool(url);
    const blocker = await admin.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM accounts WHERE id = 2 FOR UPDATE');
      const failed = transfer(pool, 1, 2, 100);
      failed.catch(() => undefined);
      // Wait (by count, not time) until the transfer is parked on the lock, then end its backend.
      for (let i = 0; ; i++) {
        const { rows } = await admin.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        if (rows.length === 1) {
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          break;
        }
        assert.ok(i < 2000, 'the transfer never waited on the lock');
        await new Promise((r) => setImmediate(r));
      }
      await assert.rejects(failed, /terminat/i);
      await blocker.query('COMMIT');
      await transfer(pool, 2, 1, 300);
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0]);
      assert.deepEqual(await balances(admin), [100300, 99700, 1000]);
      proves('pessimistic-locking', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await pool.end();
      await admin.end();
    }
  });

  it('typescript: 400 opposite concurrent transfers neither deadlock nor lose money', async () => {
    const { transfer } = importSnippet<Pessimistic>('pessimistic-locking');
    const { pool } = await database('pessimistic_ts');
    try {
      for (let round = 0; round < 10; round++) {
        await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? transfer(pool, 1, 2, 100) : transfer(pool, 2, 1, 100))));
      }
      assert.deepEqual(await balances(pool), [100000, 100000, 1000]);
      proves('pessimistic-locking', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: 15 concurrent withdrawals of 100 from 1,000 succeed exactly 10 times; a negative amount moves nothing', async () => {
    const { transfer, InsufficientFundsError } = importSnippet<Pessimistic>('pessimistic-locking');
    const { pool } = await database('pessimistic_ts_funds');
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 15 }, () => transfer(pool, 3, 1, 100)));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 10);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof InsufficientFundsError, String(o.reason));
      assert.deepEqual(await balances(pool), [101000, 100000, 0]);
      await assert.rejects(transfer(pool, 1, 3, -500), /positive/);
      await assert.rejects(transfer(pool, 1, 3, 0), /positive/);
      assert.deepEqual(await balances(pool), [101000, 100000, 0], 'nothing moved');
      proves('pessimistic-locking', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('sql: the transfer() function, called from 40 sessions in opposite directions, neither deadlocks nor loses money; no overdraft; no negative amounts', async () => {
    const { pool } = await database('pessimistic_sql');
    try {
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) => pool.query('SELECT transfer($1, $2, 100)', i % 2 === 0 ? [1, 2] : [2, 1])),
        );
      }
      assert.deepEqual(await balances(pool), [100000, 100000, 1000]);
      const outcomes = await Promise.allSettled(Array.from({ length: 15 }, () => pool.query('SELECT transfer(3, 1, 100)')));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 10);
      for (const o of outcomes) if (o.status === 'rejected') assert.match(String(o.reason), /insufficient funds/);
      await assert.rejects(pool.query('SELECT transfer(1, 3, -500)'), /positive/);
      assert.deepEqual(await balances(pool), [101000, 100000, 0]);
      proves('pessimistic-locking', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: 400 opposite transfers from 20 threads neither deadlock nor lose money; no overdraft; no negative amounts, nor one that is not an int (before: True passed the check and failed the UPDATE, bigint - boolean)', async () => {
    const { pool, env } = await database('pessimistic_py');
    await pool.end();
    await runPythonProof({ snippet: 'pessimistic-locking', programs: ['proof.py'], env });
  });

  it('python: the docstring\'s deadlock is real (two transactions, pairs 1-2 and 3-4 in opposite orders: 40P01); its advice (every lock in id order first, or a commit between transfers) completes', async () => {
    const { pool, env } = await database('pessimistic_py_order');
    await pool.end();
    await runPythonProof({ snippet: 'pessimistic-locking', programs: ['proof_lock_order.py'], env });
  });

  it('go: 400 opposite transfers from 40 goroutines neither deadlock nor lose money; no overdraft; no negative amounts; a panic inside the transaction rolls it back (its row locks free at once)', async () => {
    const { pool, env } = await database('pessimistic_go');
    await pool.end();
    await runGoProof({ snippet: 'pessimistic-locking', programs: ['proof_test.go'], env });
  });
});
