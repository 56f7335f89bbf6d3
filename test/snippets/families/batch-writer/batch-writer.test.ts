/**
 * batch-writer: memory stays bounded under a slow database (add waits), every item lands exactly
 * once and in order, a failing batch is retried, and one that keeps failing goes to onFailed (or
 * makes close() reject) instead of vanishing; a flush attempt that hangs is given up at its deadline.
 */
import { strict as assert } from 'assert';
import { Pool, type PoolClient } from 'pg';
import { freshDatabase, proves, runGoProof } from '../../harness';
import { importSnippet } from '../../library';
import { patchTimers } from '../../patchTimers';
import { onePool } from '../../onePool';

interface Options<T> {
  maxBatch?: number;
  maxWaitMs?: number;
  maxPending?: number;
  maxAttempts?: number;
  flushTimeoutMs?: number;
  onFailed?: (items: T[], err: unknown) => Promise<void> | void;
}
interface BatchWriterModule {
  BatchWriter: new <T>(flush: (items: T[], signal: AbortSignal) => Promise<void>, options?: Options<T>) => { add(item: T): Promise<void>; close(): Promise<void> };
  poolFlush<T>(pool: Pool, write: (client: PoolClient, items: T[]) => Promise<void>): (items: T[], signal: AbortSignal) => Promise<void>;
}

async function insertAll(pool: Pool, items: number[]): Promise<void> {
  await pool.query('INSERT INTO events (n) SELECT unnest($1::int[])', [items]);
}

describe('batch-writer', function () {
  this.timeout(300_000);
  let pool: Pool;
  before(async () => {
    const db = await freshDatabase('batch_writer_ts');
    pool = new Pool({ connectionString: db.url, max: 4 });
    await pool.query('CREATE TABLE events (id bigserial PRIMARY KEY, n int NOT NULL CHECK (n >= 0))');
  });
  after(() => pool?.end());
  beforeEach(() => pool.query('TRUNCATE events'));

  it('typescript: a producer of 20,000 items against a slow database never has more than maxPending items unflushed; all land once, in order', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    let completed = 0;
    const writer = new BatchWriter<number>(
      async (items) => {
        await new Promise((r) => setTimeout(r, 2)); // the database is slower than the producer
        await insertAll(pool, items);
        completed += items.length;
      },
      { maxBatch: 100, maxPending: 1000, maxWaitMs: 50 },
    );
    let accepted = 0;
    let maxOutstanding = 0;
    for (let i = 0; i < 20_000; i++) {
      await writer.add(i);
      accepted++;
      maxOutstanding = Math.max(maxOutstanding, accepted - completed);
      assert.ok(accepted - completed <= 1000, `${accepted - completed} items accepted but not flushed (limit 1000)`);
    }
    await writer.close();
    assert.ok(maxOutstanding >= 900, `backpressure never engaged (max outstanding ${maxOutstanding})`);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM events ORDER BY id');
    assert.equal(rows.length, 20_000);
    assert.ok(rows.every((r, i) => r.n === i), 'rows arrive in the order they were added');
    proves('batch-writer', 'typescript');
  });

  it("typescript: a maxWaitMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, negative) is refused: a partial batch would be flushed after 1 ms", () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1]) {
      assert.throws(() => new BatchWriter(async () => undefined, { maxWaitMs: bad }), (e: Error) => e instanceof RangeError && /maxWaitMs/.test(e.message), String(bad));
    }
    new BatchWriter(async () => undefined, { maxWaitMs: 2 ** 31 - 1 });
    new BatchWriter(async () => undefined, { maxWaitMs: 0 });
    proves('batch-writer', 'typescript');
  });

  it('typescript: a flushTimeoutMs of 0 or less, or one setTimeout would not keep (over 2^31-1 ms, Infinity, NaN), is refused: every attempt would fail at once or after 1 ms', () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    for (const bad of [0, -1, 2 ** 31, Infinity, NaN]) {
      assert.throws(() => new BatchWriter(async () => undefined, { flushTimeoutMs: bad }), (e: Error) => e instanceof RangeError && /flushTimeoutMs/.test(e.message), String(bad));
    }
    new BatchWriter(async () => undefined, { flushTimeoutMs: 2 ** 31 - 1 });
    new BatchWriter(async () => undefined, { flushTimeoutMs: 1 });
    proves('batch-writer', 'typescript');
  });

  it('typescript: a flush hung on a lock (and ignoring its signal) is given up after flushTimeoutMs: its signal aborts, it is retried, the batch goes to onFailed, close() returns and the writer goes on', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const holder = await pool.connect();
    const signals: AbortSignal[] = [];
    const deadLetters: { items: number[]; err: unknown }[] = [];
    let giveUp: NodeJS.Timeout | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE'); // every INSERT waits: a hung database write
      const writer = new BatchWriter<number>(
        async (items, signal) => {
          signals.push(signal);
          await insertAll(pool, items); // ignores its signal, as a pool.query without a timeout does
        },
        { maxBatch: 1, maxWaitMs: 10, maxAttempts: 2, flushTimeoutMs: 200, onFailed: (items, err) => void deadLetters.push({ items, err }) },
      );
      await writer.add(1);
      const stuck = new Promise<'stuck'>((resolve) => (giveUp = setTimeout(() => resolve('stuck'), 60_000)));
      const closed = await Promise.race([writer.close().then(() => 'closed' as const), stuck]);
      assert.equal(closed, 'closed', 'close() still waiting 60 s later: the hung flush held the writer');
      assert.equal(signals.length, 2, 'both attempts ran');
      assert.ok(signals.every((s) => s.aborted), 'each attempt\'s signal aborted at its deadline');
      assert.equal(deadLetters.length, 1);
      assert.deepEqual(deadLetters[0]!.items, [1]);
      assert.match(String(deadLetters[0]!.err), /ran past its 200 ms deadline/);
      assert.equal(signals[1]!.reason, deadLetters[0]!.err, 'the signal carries the error onFailed got');
    } finally {
      clearTimeout(giveUp);
      // End the abandoned INSERTs (they would otherwise commit once the lock goes), then the lock.
      await holder.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      await holder.query('ROLLBACK');
      holder.release();
    }
    const { rows } = await pool.query<{ c: number }>('SELECT count(*)::int AS c FROM events');
    assert.equal(rows[0]!.c, 0, 'the cancelled writes left nothing');
    const writer = new BatchWriter<number>((items) => insertAll(pool, items), { maxBatch: 1, flushTimeoutMs: 200 });
    await writer.add(2);
    await writer.close();
    const after = await pool.query<{ n: number }>('SELECT n FROM events');
    assert.deepEqual(after.rows.map((r) => r.n), [2], 'a flush that finishes in time still lands');
    proves('batch-writer', 'typescript');
  });

  it('typescript: poolFlush destroys the client of an attempt given up at its deadline, so its retry and later queries get a connection from a pool of one while the abandoned INSERT still waits on the lock', async () => {
    const { BatchWriter, poolFlush } = importSnippet<BatchWriterModule>('batch-writer');
    const one = onePool(pool.options.connectionString!);
    const holder = await pool.connect();
    const deadLetters: number[][] = [];
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE'); // every INSERT waits
      const writer = new BatchWriter<number>(
        poolFlush<number>(one.pool, async (client, items) => {
          await client.query('INSERT INTO events (n) SELECT unnest($1::int[])', [items]);
        }),
        { maxBatch: 1, maxWaitMs: 10, maxAttempts: 2, flushTimeoutMs: 200, onFailed: (items) => void deadLetters.push(items) },
      );
      await writer.add(1);
      await writer.close();
      assert.deepEqual(deadLetters, [[1]], 'both attempts given up');
      assert.equal(one.pids.length, 2, 'the retry got a client: the abandoned attempt gave its own up');
      assert.notEqual(one.pids[0], one.pids[1], 'a new connection: the abandoned one was destroyed, not reused');
      assert.equal(one.pool.totalCount, 0, 'no client of an abandoned attempt is left checked out');
      assert.deepEqual((await one.pool.query('SELECT 1 AS ok')).rows, [{ ok: 1 }], 'the pool still serves while the lock is held');
      // Closing the connection does not stop the statement on the server (hence lock_timeout).
      const { rows } = await holder.query<{ c: number }>('SELECT count(*)::int AS c FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = \'Lock\'', [one.pids]);
      assert.equal(rows[0]!.c, 2, 'the abandoned INSERTs still wait on the server');
    } finally {
      await holder.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      await holder.query('ROLLBACK');
      holder.release();
      await one.pool.end();
    }
    const writer = new BatchWriter<number>(poolFlush<number>(pool, async (client, items) => {
      await client.query('INSERT INTO events (n) SELECT unnest($1::int[])', [items]);
    }), { maxBatch: 1, flushTimeoutMs: 200 });
    await writer.add(2);
    await writer.close();
    const after = await pool.query<{ n: number }>('SELECT n FROM events');
    assert.deepEqual(after.rows.map((r) => r.n), [2], 'the cancelled writes left nothing; a flush in time lands');
    proves('batch-writer', 'typescript');
  });

  it('typescript: poolFlush with a write that releases the client itself: no uncaught exception when the attempt is given up at its deadline (the abort listener\'s release throws inside an event listener), and a write that returns reports the double release as its failure', async () => {
    const { BatchWriter, poolFlush } = importSnippet<BatchWriterModule>('batch-writer');
    const uncaught: unknown[] = [];
    const record = (err: unknown): void => void uncaught.push(err);
    // Mocha's own handler stays: this one only records, so the assertion below names the cause.
    process.on('uncaughtException', record);
    try {
      const failures: unknown[] = [];
      let stop: () => void = () => undefined;
      const stalled = new Promise<void>((resolve) => (stop = resolve));
      const hangs = new BatchWriter<number>(
        poolFlush<number>(pool, async (client) => {
          client.release(); // a mistake: poolFlush releases it
          await stalled; // still running at the deadline
        }),
        { maxBatch: 1, maxAttempts: 1, flushTimeoutMs: 50, onFailed: (_items, err) => void failures.push(err) },
      );
      await hangs.add(1);
      await hangs.close();
      stop();
      await new Promise((resolve) => setImmediate(resolve)); // an event listener's throw is reported on the next tick
      assert.deepEqual(uncaught.map(String), [], 'nothing thrown out of the abort listener');
      assert.match(String(failures[0]), /deadline/, 'the attempt failed at its deadline');
      const returns = new BatchWriter<number>(
        poolFlush<number>(pool, async (client) => {
          client.release();
        }),
        { maxBatch: 1, maxAttempts: 1, onFailed: (_items, err) => void failures.push(err) },
      );
      await returns.add(2);
      await returns.close();
      assert.match(String(failures[1]), /already been released/, 'the double release is the attempt\'s failure');
      assert.deepEqual((await pool.query('SELECT 1 AS ok')).rows, [{ ok: 1 }], 'the pool still serves');
      proves('batch-writer', 'typescript');
    } finally {
      process.removeListener('uncaughtException', record);
    }
  });

  it('typescript: a flush attempt that finishes in time has its deadline timer cleared and its signal left alone (no timer outlives close(), nothing aborts a finished write)', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const deadline = 987_654; // a delay no other code here uses: only the writer's deadline timers
    const signals: AbortSignal[] = [];
    const timers = patchTimers((ms) => ms === deadline, { clearArmed: true });
    try {
      const writer = new BatchWriter<number>(
        async (items, signal) => {
          signals.push(signal);
          await insertAll(pool, items);
        },
        { maxBatch: 2, maxWaitMs: 10, flushTimeoutMs: deadline },
      );
      for (const n of [1, 2, 3]) await writer.add(n);
      await writer.close();
      assert.equal(signals.length, 2, 'two batches, one attempt each');
      assert.equal(timers.armed.length, 2, 'one deadline timer per attempt');
      assert.ok(timers.armed.every(({ timer }) => timers.cleared.has(timer)), 'every deadline timer was cleared when its flush settled');
      assert.ok(signals.every((s) => !s.aborted), 'no finished attempt had its signal aborted');
    } finally {
      timers.restore();
    }
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM events ORDER BY id');
    assert.deepEqual(rows.map((r) => r.n), [1, 2, 3]);
    proves('batch-writer', 'typescript');
  });

  it('typescript: an attempt given up at its deadline may still commit after its retry: a plain INSERT then writes the batch twice, an idempotent one (client ids, ON CONFLICT DO NOTHING) once', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    await pool.query('CREATE TABLE IF NOT EXISTS keyed_events (client_id text PRIMARY KEY, n int NOT NULL)');
    await pool.query('TRUNCATE keyed_events');
    const plain = (items: number[]): Promise<unknown> => insertAll(pool, items);
    const idempotent = (items: number[]): Promise<unknown> =>
      pool.query('INSERT INTO keyed_events (client_id, n) SELECT \'c-\' || n, n FROM unnest($1::int[]) AS n ON CONFLICT (client_id) DO NOTHING', [items]);
    const counts: number[] = [];
    for (const [insert, table] of [[plain, 'events'], [idempotent, 'keyed_events']] as const) {
      const holder = await pool.connect();
      const writes: Promise<unknown>[] = [];
      let unlocked = false;
      try {
        await holder.query('BEGIN');
        await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`); // the first attempt's INSERT waits past its deadline
        const writer = new BatchWriter<number>(
          async (items) => {
            if (writes.length === 1) {
              await holder.query('ROLLBACK'); // the lock goes as the retry starts: the abandoned INSERT goes on too
              unlocked = true;
            }
            const write = insert(items); // ignores its signal, as a pool.query without a timeout does
            writes.push(write);
            await write;
          },
          { maxBatch: 2, maxWaitMs: 10, maxAttempts: 2, flushTimeoutMs: 300 },
        );
        await writer.add(1);
        await writer.add(2);
        await writer.close(); // the retry succeeded: the writer reports no failure
        await Promise.all(writes); // the abandoned attempt has committed too
      } finally {
        if (!unlocked) await holder.query('ROLLBACK');
        holder.release();
      }
      assert.equal(writes.length, 2, 'the first attempt was given up at its deadline and retried');
      const { rows } = await pool.query<{ c: number }>(`SELECT count(*)::int AS c FROM ${table}`);
      counts.push(rows[0]!.c);
    }
    assert.deepEqual(counts, [4, 2], 'plain INSERT: the batch of 2 written twice; idempotent INSERT: once');
    proves('batch-writer', 'typescript');
  });

  it('typescript: a maxBatch, maxPending or maxAttempts that is not a whole number >= 1 is refused (0 or NaN maxBatch spun forever, NaN maxPending blocked add forever, NaN maxAttempts retried forever)', () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const bad: [keyof Options<number>, number][] = [];
    for (const n of [0, -1, 1.5, NaN, Infinity]) bad.push(['maxBatch', n], ['maxPending', n], ['maxAttempts', n]);
    for (const [name, n] of bad) {
      assert.throws(
        () => new BatchWriter(async () => undefined, { [name]: n }),
        (e: Error) => e instanceof RangeError && e.message.includes(name),
        `${name} ${n}`,
      );
    }
    new BatchWriter(async () => undefined, { maxBatch: 1, maxPending: 1, maxAttempts: 1 });
    proves('batch-writer', 'typescript');
  });

  it('typescript: a batch lost with a rejection whose reason is undefined still makes add() and close() reject', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const original = console.error;
    let logged = 0;
    console.error = () => void logged++;
    try {
      const writer = new BatchWriter<number>(() => Promise.reject(undefined), { maxBatch: 1, maxWaitMs: 10, maxAttempts: 1 });
      await writer.add(1);
      for (let i = 0; i < 2000 && logged === 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(logged, 1, 'the batch was lost');
      await assert.rejects(writer.add(2), /lost/, 'the next add() learns of the loss');
      await assert.rejects(writer.close(), /lost/, 'close() reports the lost batch');
      const viaOnFailed = new BatchWriter<number>(async () => {
        throw new Error('down');
      }, { maxBatch: 1, maxAttempts: 1, onFailed: () => Promise.reject(undefined) });
      await viaOnFailed.add(1);
      await assert.rejects(viaOnFailed.close(), /lost/, 'an onFailed that rejects with undefined loses the batch too');
    } finally {
      console.error = original;
    }
    proves('batch-writer', 'typescript');
  });

  it('typescript: a batch that fails twice is retried and lands once; one that keeps failing goes to onFailed, and the rest still lands', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    let transientFailures = 2;
    const deadLetters: { items: number[]; err: unknown }[] = [];
    const writer = new BatchWriter<number>(
      async (items) => {
        if (items.includes(150) && transientFailures-- > 0) throw new Error('connection reset');
        await insertAll(pool, items); // a batch with -1 violates the CHECK constraint every time
      },
      { maxBatch: 100, maxWaitMs: 20, maxAttempts: 3, onFailed: (items, err) => void deadLetters.push({ items, err }) },
    );
    for (let i = 0; i < 500; i++) await writer.add(i === 250 ? -1 : i);
    await writer.close();
    assert.equal(deadLetters.length, 1, 'one batch handed to onFailed');
    assert.deepEqual(deadLetters[0]!.items, Array.from({ length: 100 }, (_, i) => (200 + i === 250 ? -1 : 200 + i)));
    assert.match(String(deadLetters[0]!.err), /check constraint/);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM events ORDER BY id');
    const expected = Array.from({ length: 500 }, (_, i) => i).filter((i) => i < 200 || i >= 300);
    assert.deepEqual(rows.map((r) => r.n), expected, 'every other batch landed once, in order, the retried one included');
    proves('batch-writer', 'typescript');
  });

  it('typescript: without onFailed, a batch that keeps failing makes close() reject; a partial batch is flushed after maxWaitMs', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const writer = new BatchWriter<number>((items) => insertAll(pool, items), { maxBatch: 10, maxWaitMs: 10, maxAttempts: 2 });
    for (const n of [1, 2, 3]) await writer.add(n);
    // No close(): the timer alone must flush the 3 items.
    for (;;) {
      const { rows } = await pool.query<{ c: number }>('SELECT count(*)::int AS c FROM events');
      if (rows[0]!.c === 3) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await writer.add(-5);
    await assert.rejects(writer.close(), /check constraint/);
    proves('batch-writer', 'typescript');
  });

  it('typescript: without onFailed, a lost batch is logged at once and later add() calls reject; add() after close() rejects', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    try {
      const writer = new BatchWriter<number>((items) => insertAll(pool, items), { maxBatch: 1, maxWaitMs: 10, maxAttempts: 1 });
      await writer.add(-1); // violates the CHECK constraint: lost
      for (let i = 0; i < 2000 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(logged.length, 1, 'the lost batch is logged when it is lost, not at close()');
      assert.match(logged[0]!, /check constraint/);
      await assert.rejects(writer.add(7), /check constraint/, 'a producer learns of the loss at its next add()');
      await assert.rejects(writer.close(), /check constraint/);
      const closed = new BatchWriter<number>((items) => insertAll(pool, items));
      await closed.close();
      await assert.rejects(closed.add(1), /closed/, 'an item added after close() would never be flushed');
    } finally {
      console.error = original;
    }
    const { rows } = await pool.query<{ c: number }>('SELECT count(*)::int AS c FROM events');
    assert.equal(rows[0]!.c, 0);
    proves('batch-writer', 'typescript');
  });

  it('typescript: a batch whose commit succeeded but whose answer was lost is retried, and an idempotent flush (client ids, ON CONFLICT DO NOTHING) writes it once', async () => {
    const { BatchWriter } = importSnippet<BatchWriterModule>('batch-writer');
    await pool.query('CREATE TABLE IF NOT EXISTS keyed_events (client_id text PRIMARY KEY, n int NOT NULL)');
    await pool.query('TRUNCATE keyed_events');
    let lostAcks = 1;
    const writer = new BatchWriter<{ id: string; n: number }>(
      async (items) => {
        await pool.query(
          'INSERT INTO keyed_events (client_id, n) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (client_id) DO NOTHING',
          [items.map((i) => i.id), items.map((i) => i.n)],
        );
        if (lostAcks-- > 0) throw new Error('connection reset during COMMIT'); // committed, but the caller cannot know
      },
      { maxBatch: 50, maxWaitMs: 10, maxAttempts: 3 },
    );
    for (let n = 0; n < 100; n++) await writer.add({ id: `c-${n}`, n });
    await writer.close();
    const { rows } = await pool.query<{ c: number; d: number }>('SELECT count(*)::int AS c, count(DISTINCT n)::int AS d FROM keyed_events');
    assert.deepEqual(rows[0], { c: 100, d: 100 }, 'the retried batch landed once');
    proves('batch-writer', 'typescript');
  });

  it('go: Add blocks under a slow flush (bounded memory); items land once and in order; retries; a batch that keeps failing reaches onFailed; NewWriter refuses a nil onFailed or flush, a maxBatch or maxAttempts below 1 and a maxWait under 1 ms (0, negative, or a bare number read as nanoseconds); Close with a stalled flush and a full buffer does not block a later Add past its ctx, the Add waiting for room loses nothing, Add from flush gets ErrClosed, Add after Close gets ErrClosed', async () => {
    await runGoProof({ snippet: 'batch-writer', programs: ['proof_test.go'] });
  });

  it('go: a flush that passes its ctx to ExecContext and hangs on a lock is stopped at the attempt deadline while the lock is held (pgx cancels the INSERT on the server) and the batch is retried and lands once', async () => {
    const db = await freshDatabase('batch_writer_go');
    await runGoProof({ snippet: 'batch-writer', programs: ['deadline_test.go'], env: { SDP_PG_URL: db.url } });
  });
});
