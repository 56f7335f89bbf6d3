/**
 * transactional-outbox: events exist only with their committed change; concurrent relays publish
 * each event once, in order per aggregate, without waiting for each other; a failing event is
 * retried on its own and dead-lettered, without blocking or re-publishing the others; a batch stops
 * publishing when its time budget is spent (a slow or hung broker), commits what it sent, and leaves
 * the rest pending for the next batch.
 */
import { strict as assert } from 'assert';
import { Pool, type PoolClient } from 'pg';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf, variant } from '../../library';
import { expandSnippetBody } from '../../../../src/core/snippets';
import { onePool } from '../../onePool';
import { timeoutPools, unlockedRows } from '../../timeoutPools';
import { patchTimers } from '../../patchTimers';

interface Event {
  id: string;
  aggregateId: string;
  eventType: string;
  payload: unknown;
}
interface Outbox {
  enqueueEvent(tx: PoolClient, aggregateId: string, eventType: string, payload: unknown): Promise<void>;
  relayBatch(pool: Pool, publish: (event: Event) => Promise<void>, batchSize?: number, publishTimeoutMs?: number, batchBudgetMs?: number): Promise<number>;
  runRelay(pool: Pool, publish: (e: Event) => Promise<void>, signal: AbortSignal, idleMs?: number, onError?: (err: unknown) => void, batch?: { batchSize?: number; publishTimeoutMs?: number; batchBudgetMs?: number }): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await sleep(25);
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('transactional-outbox', function () {
  this.timeout(600_000);

  async function database(name: string): Promise<{ pool: Pool; env: Record<string, string> }> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('transactional-outbox'));
    return { pool: new Pool({ connectionString: db.url, max: 20 }), env: await proofEnv({ db }) };
  }

  async function enqueueMany(pool: Pool, o: Outbox, n: number, aggregates: number): Promise<void> {
    const client = await pool.connect();
    await client.query('BEGIN');
    for (let i = 0; i < n; i++) await o.enqueueEvent(client, `agg-${i % aggregates}`, 'Happened', { i });
    await client.query('COMMIT');
    client.release();
  }

  /** Two transactions write events of one aggregate; the one with the later id commits first unless it must wait. */
  async function commitOrderRace(
    pool: Pool,
    enqueue: (tx: PoolClient, type: string) => Promise<void>,
    relay: (publish: (type: string) => void) => Promise<number>,
  ): Promise<string[]> {
    const t1 = await pool.connect();
    const t2 = await pool.connect();
    try {
      await t1.query('BEGIN');
      await enqueue(t1, 'First');
      await t2.query('BEGIN');
      let secondDone = false;
      const second = (async () => {
        await enqueue(t2, 'Second');
        await t2.query('COMMIT');
      })().finally(() => (secondDone = true));
      second.catch(() => undefined);
      await until('the second writer waits for the first, or commits', async () =>
        secondDone || (await pool.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n > 0,
      );
      const published: string[] = [];
      await relay((type) => published.push(type)); // while the first writer is still open
      await t1.query('COMMIT');
      await second;
      while ((await relay((type) => published.push(type))) > 0);
      return published;
    } finally {
      await t1.query('ROLLBACK').catch(() => undefined);
      t1.release();
      t2.release();
    }
  }

  it('typescript: two writers of one aggregate: its events go out in commit order (the second writer waits)', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_commit_order');
    try {
      const published = await commitOrderRace(
        pool,
        (tx, type) => o.enqueueEvent(tx, 'order-9', type, {}),
        (record) => o.relayBatch(pool, async (e) => record(e.eventType)),
      );
      assert.deepEqual(published, ['First', 'Second']);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('sql: enqueue_outbox makes writers of one aggregate take turns, so claim_outbox publishes in commit order', async () => {
    const { pool } = await database('outbox_sql_commit_order');
    try {
      const published = await commitOrderRace(
        pool,
        async (tx, type) => void (await tx.query("SELECT enqueue_outbox('order-9', $1, '{}')", [type])),
        async (record) => {
          const tx = await pool.connect();
          try {
            await tx.query('BEGIN');
            const { rows } = await tx.query('SELECT id, event_type FROM claim_outbox(10)');
            for (const row of rows) {
              record(row.event_type);
              await tx.query('SELECT published_outbox($1)', [row.id]);
            }
            await tx.query('COMMIT');
            return rows.length;
          } finally {
            tx.release();
          }
        },
      );
      assert.deepEqual(published, ['First', 'Second']);
      proves('transactional-outbox', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('typescript: a hung publish times out and counts as a failed attempt; the batch goes on', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_publish_timeout');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await o.enqueueEvent(client, 'h', 'Hang', {});
      await o.enqueueEvent(client, 'k', 'Ok', {});
      await client.query('COMMIT');
      client.release();
      const published: string[] = [];
      const outcome = await Promise.race([
        o.relayBatch(
          pool,
          async (e) => {
            if (e.eventType === 'Hang') await new Promise<void>(() => undefined); // a broker that never answers
            published.push(e.eventType);
          },
          100,
          100,
        ),
        sleep(10_000).then(() => 'still waiting on the hung publish'),
      ]);
      assert.equal(outcome, 2);
      assert.deepEqual(published, ['Ok']);
      const { rows } = await pool.query("SELECT attempts, published_at, last_error FROM outbox WHERE event_type = 'Hang'");
      assert.equal(rows[0].attempts, 1);
      assert.equal(rows[0].published_at, null);
      assert.match(rows[0].last_error, /timed out/);
      proves('transactional-outbox', 'typescript');
    } finally {
      // a relay stuck on the hung publish keeps its client checked out: do not wait for it
      await Promise.race([pool.end(), sleep(1000)]);
    }
  });

  it('typescript: a batch whose budget is spent while the broker hangs stops publishing and commits; the events it did not reach go out next, in order per aggregate', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_budget');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      for (const [aggregate, type] of [['a', 'A1'], ['b', 'B1'], ['c', 'C1'], ['a', 'A2']]) await o.enqueueEvent(client, aggregate!, type!, {});
      await client.query('COMMIT');
      client.release();
      const calls: string[] = [];
      const publish = async (e: Event): Promise<void> => {
        calls.push(e.eventType);
        if (e.eventType === 'A1' && calls.length === 1) await new Promise<void>(() => undefined); // a broker that never answers
      };
      // The budget's timer (the default 30 s, a delay nothing else here uses) fires at once: the
      // budget runs out while A1's publish hangs. The 10 s publish timeout runs as asked.
      const timers = patchTimers((ms) => ms === 30_000, { atOnce: true, clearArmed: true });
      let claimed: number;
      try {
        claimed = await o.relayBatch(pool, publish);
      } finally {
        timers.restore();
      }
      assert.deepEqual(timers.armed.map((t) => t.ms), [30_000], 'one budget timer for the batch');
      assert.equal(claimed, 3, 'A1, B1 and C1 claimed (A2 waits behind A1)');
      assert.deepEqual(calls, ['A1'], 'nothing is published once the budget is spent');
      const { rows } = await pool.query(
        "SELECT event_type, attempts, published_at IS NOT NULL AS published, coalesce(last_error, '') ~ 'budget' AS cut_off FROM outbox ORDER BY id",
      );
      assert.deepEqual(
        rows,
        [
          { event_type: 'A1', attempts: 1, published: false, cut_off: true },
          { event_type: 'B1', attempts: 0, published: false, cut_off: false },
          { event_type: 'C1', attempts: 0, published: false, cut_off: false },
          { event_type: 'A2', attempts: 0, published: false, cut_off: false },
        ],
        "A1's failure is committed; the events the batch did not reach are untouched",
      );
      calls.length = 0;
      await o.relayBatch(pool, publish);
      assert.deepEqual(calls, ['B1', 'C1'], 'the next batch takes them (A1 backs off, A2 waits behind it)');
      await pool.query('UPDATE outbox SET next_attempt_at = now()');
      while ((await o.relayBatch(pool, publish)) > 0);
      assert.deepEqual(calls, ['B1', 'C1', 'A1', 'A2'], 'every event goes out, A1 before A2');
      proves('transactional-outbox', 'typescript');
    } finally {
      await Promise.race([pool.end(), sleep(1000)]);
    }
  });

  async function databaseUrl(name: string): Promise<{ admin: Pool; url: string }> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('transactional-outbox'));
    return { admin: new Pool({ connectionString: db.url, max: 5 }), url: db.url };
  }

  it('typescript: a batch whose connection is terminated mid-publish fails without ending the process (the checked-out client\'s \'error\' event is handled); the next batch runs on a new connection and publishes the event again', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { admin, url } = await databaseUrl('outbox_ts_terminated');
    const { pool, pids } = onePool(url);
    try {
      await enqueueMany(admin, o, 1, 1);
      const published: string[] = [];
      let terminated = false;
      const publish = async (e: Event): Promise<void> => {
        if (!terminated) {
          terminated = true;
          const pid = pids[pids.length - 1];
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await until('the relay\'s backend is gone', async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0);
        }
        published.push(e.id);
      };
      await assert.rejects(o.relayBatch(pool, publish), /terminat|not queryable/i);
      assert.equal(await o.relayBatch(pool, publish), 1);
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0]);
      assert.equal(published.length, 2, 'the event goes out again (at least once)');
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      assert.equal(rows[0].n, 0);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
      await admin.end();
    }
  });

  it('typescript: a batch whose ROLLBACK times out (query_timeout, queued behind a stalled UPDATE) does not go back to the pool mid-transaction holding its claimed rows; the next batch is a new connection', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { admin, url } = await databaseUrl('outbox_ts_rollback_timeout');
    // A stall under the proof's control: the relay's UPDATE waits while the proof holds an advisory
    // lock (a shared one, so nothing else ever waits on it once the proof lets go).
    await admin.query(`CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END'`);
    await admin.query('CREATE TRIGGER stall BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION stall()');
    await enqueueMany(admin, o, 1, 1);
    const { pool, pids } = onePool(url, { query_timeout: 500 });
    const blocker = await admin.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(4242)');
      await assert.rejects(o.relayBatch(pool, async () => undefined), /timeout/i);
      await blocker.query('COMMIT'); // the stalled UPDATE now completes on the first connection
      assert.equal(await o.relayBatch(pool, async () => undefined), 1);
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the connection whose ROLLBACK failed was handed out again');
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND state LIKE 'idle in transaction%'", [pids[0]]);
      assert.equal(rows[0].n, 0, 'the failed batch\'s connection sits idle in its transaction');
      proves('transactional-outbox', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await pool.end();
      await admin.end();
    }
  });

  it("typescript: with the pool setup relayBatch's comment asks for (an 'error' listener on the pool), a pooled connection that drops while idle does not end the process; the next batch runs on a new connection", async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { admin, url } = await databaseUrl('outbox_ts_idle_error');
    const pool = new Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
    const reported: Error[] = [];
    pool.on('error', (err) => void reported.push(err)); // the listener the comment asks for
    const pids: number[] = [];
    pool.on('connect', (client) => void pids.push((client as unknown as { processID: number }).processID));
    try {
      await enqueueMany(admin, o, 1, 1);
      const sent: string[] = [];
      const publish = async (e: Event): Promise<void> => void sent.push(e.id);
      assert.equal(await o.relayBatch(pool, publish), 1);
      assert.equal(pool.idleCount, 1, 'the batch handed its connection back to the pool');
      await admin.query('SELECT pg_terminate_backend($1)', [pids[0]]);
      await until("the pool reports its idle connection's error", () => reported.length === 1);
      await enqueueMany(admin, o, 1, 1);
      assert.equal(await o.relayBatch(pool, publish), 1);
      assert.equal(pids.length, 2);
      assert.equal(sent.length, 2);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
      await admin.end();
    }
  });

  it("typescript: a batch stalled in a lock wait keeps its claimed rows locked after query_timeout gives up (the server statement runs on in the destroyed client's session); with statement_timeout at or below query_timeout, as relayBatch's comment advises, the server ends it and the rows are free at once", async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { admin, url } = await databaseUrl('outbox_ts_statement_timeout');
    await admin.query(`CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END'`);
    await admin.query('CREATE TRIGGER stall BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION stall()');
    await enqueueMany(admin, o, 1, 1);
    const claimable = (): Promise<number> => unlockedRows(admin, 'SELECT id FROM outbox FOR UPDATE SKIP LOCKED');
    const { blocker, clientOnly, withServer, close } = await timeoutPools(admin, url);
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(4242)');
      await assert.rejects(o.relayBatch(clientOnly.pool, async () => undefined), /timeout/i);
      assert.equal(await claimable(), 0, "query_timeout alone: the destroyed client's session still holds the claimed row");
      await blocker.query('COMMIT'); // the stalled statement ends; the server then sees the client is gone
      await until('the abandoned session lets go of the row', async () => (await claimable()) === 1);

      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(4242)');
      await assert.rejects(o.relayBatch(withServer.pool, async () => undefined), /statement timeout/);
      assert.equal(await claimable(), 1, 'statement_timeout ended the stalled statement on the server: the row is free while the stall lasts');
      proves('transactional-outbox', 'typescript');
    } finally {
      await close();
    }
  });

  it('typescript: a publish timeout, batch budget or idle pause setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, 0, negative), and a batch size of 0, -1, 2.5 or NaN, are refused before anything is claimed; 2^31-1 itself is kept', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_timer_limits');
    try {
      await enqueueMany(pool, o, 1, 1);
      const published: string[] = [];
      const publish = async (e: Event): Promise<void> => void published.push(e.id);
      for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, 0, -1]) {
        await assert.rejects(o.relayBatch(pool, publish, 100, bad, 30_000), (err: Error) => err instanceof RangeError && /publishTimeoutMs/.test(err.message), `publishTimeoutMs ${bad}`);
        await assert.rejects(o.relayBatch(pool, publish, 100, 10_000, bad), (err: Error) => err instanceof RangeError && /batchBudgetMs/.test(err.message), `batchBudgetMs ${bad}`);
        // Should the relay start anyway, its first batch or error stops it: the proof fails, it does not spin.
        const stop = new AbortController();
        const stopping = async (): Promise<void> => stop.abort();
        await assert.rejects(o.runRelay(pool, stopping, stop.signal, bad, () => stop.abort()), (err: Error) => err instanceof RangeError && /idleMs/.test(err.message), `idleMs ${bad}`);
      }
      // A batch size below 1 (LIMIT 0 claims nothing, forever; a negative LIMIT fails every batch), a fraction or NaN.
      for (const bad of [0, -1, 2.5, NaN]) {
        await assert.rejects(o.relayBatch(pool, publish, bad), (err: Error) => err instanceof RangeError && /batchSize/.test(err.message), `batchSize ${bad}`);
      }
      assert.deepEqual(published, []);
      const { rows } = await pool.query('SELECT attempts, published_at FROM outbox');
      assert.deepEqual(rows, [{ attempts: 0, published_at: null }], 'nothing was claimed or recorded');
      assert.equal(await o.relayBatch(pool, publish, 100, 2 ** 31 - 1, 2 ** 31 - 1), 1);
      assert.equal(published.length, 1);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: an event rolled back with its change is never published', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_tx');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await o.enqueueEvent(client, 'order-1', 'OrderPlaced', {});
      await client.query('ROLLBACK');
      client.release();
      const sent: string[] = [];
      assert.equal(await o.relayBatch(pool, async (e) => void sent.push(e.id)), 0);
      assert.deepEqual(sent, []);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: two relays publish each of 400 events once, in order per aggregate', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_two');
    try {
      await enqueueMany(pool, o, 400, 40);
      const delivered: Event[] = [];
      const relay = async (): Promise<void> => {
        while ((await o.relayBatch(pool, async (e) => void delivered.push(e), 10)) > 0) await new Promise((r) => setImmediate(r));
      };
      await Promise.all([relay(), relay()]);
      // A relay can stop while the other still holds the last rows; drain what is left.
      while ((await o.relayBatch(pool, async (e) => void delivered.push(e), 10)) > 0);
      assert.equal(delivered.length, 400, 'each event delivered once, none twice');
      assert.equal(new Set(delivered.map((e) => e.id)).size, 400);
      const perAggregate = new Map<string, number[]>();
      for (const e of delivered) perAggregate.set(e.aggregateId, [...(perAggregate.get(e.aggregateId) ?? []), Number(e.id)]);
      for (const [agg, ids] of perAggregate) assert.deepEqual(ids, [...ids].sort((a, b) => a - b), `${agg} out of order`);
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: a relay does not wait for another relay that holds a batch (SKIP LOCKED)', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_skip');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    try {
      await enqueueMany(pool, o, 20, 20);
      const first: string[] = [];
      let aStarted = false;
      const a = o.relayBatch(pool, async (e) => {
        first.push(e.id);
        aStarted = true;
        await held;
      }, 5);
      await until('relay A holds its batch', () => aStarted);
      const second: string[] = [];
      let bDone = false;
      const b = o.relayBatch(pool, async (e) => void second.push(e.id), 5).then((n) => ((bDone = true), n));
      await until('relay B finishes while A still holds its rows', () => bDone);
      assert.equal(await b, 5);
      release();
      assert.equal(await a, 5);
      assert.equal(new Set([...first, ...second]).size, first.length + second.length, 'disjoint batches');
      proves('transactional-outbox', 'typescript');
    } finally {
      release();
      await pool.end();
    }
  });

  it('typescript: a poison event is retried alone, dead-lettered, and then its aggregate moves on', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_poison');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await o.enqueueEvent(client, 'a', 'Good', { n: 1 });
      await o.enqueueEvent(client, 'p', 'Poison', {}); // always fails
      await o.enqueueEvent(client, 'b', 'Good', { n: 2 });
      await o.enqueueEvent(client, 'p', 'AfterPoison', {}); // must wait for the poison event
      await o.enqueueEvent(client, 'a', 'Good', { n: 3 });
      await client.query('COMMIT');
      client.release();
      const published: string[] = [];
      let poisonTries = 0;
      const publish = async (e: Event): Promise<void> => {
        if (e.eventType === 'Poison') {
          poisonTries++;
          throw new Error('broker rejects it');
        }
        published.push(`${e.aggregateId}:${e.eventType}`);
      };
      for (let round = 0; round < 12; round++) {
        await o.relayBatch(pool, publish, 100);
        await pool.query('UPDATE outbox SET next_attempt_at = now()'); // skip the backoff wait
      }
      assert.equal(poisonTries, 10, 'retried up to MAX_ATTEMPTS, then given up');
      assert.deepEqual(published, ['a:Good', 'b:Good', 'a:Good', 'p:AfterPoison'], 'each good event once; p waits for its dead event');
      const { rows } = await pool.query("SELECT attempts, last_error, dead_at IS NOT NULL AS dead FROM outbox WHERE event_type = 'Poison'");
      assert.deepEqual(rows[0], { attempts: 10, last_error: 'broker rejects it', dead: true });
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: a publish error whose message PostgreSQL cannot store (NUL bytes), is no string or cannot be printed still counts as one failed attempt; the batch is not re-published', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_nul');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await o.enqueueEvent(client, 'a', 'Good', {});
      await o.enqueueEvent(client, 'p', 'Poison', {});
      await o.enqueueEvent(client, 'n', 'NumberMessage', {});
      await o.enqueueEvent(client, 'u', 'UnprintableMessage', {});
      await client.query('COMMIT');
      client.release();
      const published: string[] = [];
      const publish = async (e: Event): Promise<void> => {
        // An Error whose message is no string (a library that sets a code there), or one whose
        // text cannot even be made: each is still one recorded failed attempt.
        const odd = (message: unknown): Error => Object.assign(new Error('x'), { message });
        if (e.eventType === 'NumberMessage') throw odd(42);
        if (e.eventType === 'UnprintableMessage') throw odd({ toString: () => { throw new Error('no text'); } });
        // A broker's error that quotes raw bytes: PostgreSQL text cannot hold a NUL.
        // Two NULs, so replacing only the first is not enough.
        if (e.eventType === 'Poison') throw new Error('broker said: \u0000\u0001 bad \u0000 frame');
        published.push(`${e.aggregateId}:${e.eventType}`);
      };
      for (let round = 0; round < 3; round++) {
        await o.relayBatch(pool, publish, 100).catch(() => 0);
        await pool.query('UPDATE outbox SET next_attempt_at = now()');
      }
      const { rows } = await pool.query("SELECT attempts, last_error FROM outbox WHERE event_type = 'Poison'");
      assert.equal(rows[0].attempts, 3, 'each round records the failed attempt (else the poison event is retried at once, forever, and never dead-lettered)');
      assert.equal(rows[0].last_error, 'broker said: \uFFFD\u0001 bad \uFFFD frame', 'every NUL replaced, the rest kept');
      const odd = await pool.query("SELECT event_type, attempts, last_error FROM outbox WHERE event_type <> 'Poison' AND event_type <> 'Good' ORDER BY event_type");
      assert.deepEqual(odd.rows, [
        { event_type: 'NumberMessage', attempts: 3, last_error: '42' },
        { event_type: 'UnprintableMessage', attempts: 3, last_error: 'unprintable error' },
      ]);
      assert.deepEqual(published, ['a:Good'], 'the good event of the same batch goes out once, not again with every rolled-back batch');
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: runRelay refuses batch settings relayBatch would refuse (a batch size of 0, -1, 2.5 or NaN; a publish timeout or batch budget setTimeout would not keep) at its start, with a RangeError, instead of reporting them to onError on every pass; good ones reach relayBatch', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_run_refused');
    try {
      await enqueueMany(pool, o, 2, 2); // two aggregates: a batch of 100 claims both
      const bad: [string, Record<string, number>][] = [
        ...[0, -1, 2.5, NaN].map((v): [string, Record<string, number>] => ['batchSize', { batchSize: v }]),
        ...[0, 2 ** 31, NaN].map((v): [string, Record<string, number>] => ['publishTimeoutMs', { publishTimeoutMs: v }]),
        ...[0, 2 ** 31, NaN].map((v): [string, Record<string, number>] => ['batchBudgetMs', { batchBudgetMs: v }]),
      ];
      for (const [name, batch] of bad) {
        const stop = new AbortController();
        const reported: unknown[] = [];
        const published: string[] = [];
        // Should the relay start anyway, its first publish or report stops it: the proof fails, it does not spin.
        const running = o.runRelay(pool, async (e) => void (published.push(e.id), stop.abort()), stop.signal, 20, (err) => void (reported.push(err), stop.abort()), batch);
        await assert.rejects(running, (err: Error) => err instanceof RangeError && err.message.startsWith(name), `${name} ${Object.values(batch)[0]}`);
        assert.deepEqual(reported.map(String), [], `${name}: reported to onError`);
        assert.deepEqual(published, [], `${name}: published`);
      }
      // A batch size of 1 is used: one event a batch, so the first publish stops the relay with one sent.
      const stop = new AbortController();
      const published: string[] = [];
      await o.runRelay(pool, async (e) => void (published.push(e.id), stop.abort()), stop.signal, 20, (err) => assert.fail(String(err)), { batchSize: 1 });
      assert.equal(published.length, 1, 'a batch of 1');
      proves('transactional-outbox', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: runRelay reports a database error and keeps relaying', async () => {
    const o = importSnippet<Outbox>('transactional-outbox');
    const { pool } = await database('outbox_ts_run');
    const stop = new AbortController();
    try {
      await pool.query('ALTER TABLE outbox RENAME TO outbox_away');
      const errors: unknown[] = [];
      const sent: string[] = [];
      const running = o.runRelay(pool, async (e) => void sent.push(e.id), stop.signal, 20, (err) => errors.push(err));
      await until('an error is reported', () => errors.length > 0);
      await pool.query('ALTER TABLE outbox_away RENAME TO outbox');
      await enqueueMany(pool, o, 3, 3);
      await until('the relay recovers', () => sent.length === 3);
      stop.abort();
      await running;
      proves('transactional-outbox', 'typescript');
    } finally {
      stop.abort();
      await pool.end();
    }
  });

  it('sql: two transactions enqueueing the same two aggregates in opposite orders deadlock (the comment says so); in one fixed order both commit', async () => {
    const { pool } = await database('outbox_sql_lock_order');
    const a = await pool.connect();
    const b = await pool.connect();
    const both = async (first: [string, string], second: [string, string]): Promise<string[]> => {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query("SELECT enqueue_outbox($1, 'E', '{}')", [first[0]]);
      await b.query("SELECT enqueue_outbox($1, 'E', '{}')", [second[0]]);
      const outcome = await Promise.allSettled([
        a.query("SELECT enqueue_outbox($1, 'E', '{}')", [first[1]]).then(() => a.query('COMMIT')),
        b.query("SELECT enqueue_outbox($1, 'E', '{}')", [second[1]]).then(() => b.query('COMMIT')),
      ]);
      await a.query('ROLLBACK').catch(() => undefined);
      await b.query('ROLLBACK').catch(() => undefined);
      return outcome.map((o) => (o.status === 'fulfilled' ? 'committed' : (o.reason as { code?: string }).code ?? String(o.reason))).sort();
    };
    try {
      assert.deepEqual(await both(['X', 'Y'], ['Y', 'X']), ['40P01', 'committed'], 'opposite orders: PostgreSQL aborts one');
      // One fixed order: the second transaction waits at its first enqueue, then both commit.
      await a.query('BEGIN');
      await a.query("SELECT enqueue_outbox('X', 'E', '{}')");
      await b.query('BEGIN');
      const bPid = (await b.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const second = b
        .query("SELECT enqueue_outbox('X', 'E', '{}')")
        .then(() => b.query("SELECT enqueue_outbox('Y', 'E', '{}')"))
        .then(() => b.query('COMMIT'));
      second.catch(() => undefined);
      // b must really be waiting for X's lock before a goes on to Y (else this shows no ordering).
      for (let i = 0; ; i++) {
        const waits = (await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [bPid])).rows[0].n;
        if (waits === 1) break;
        if (i > 2400) assert.fail('b never waited on a lock at its first enqueue');
        await new Promise((res) => setTimeout(res, 25));
      }
      await a.query("SELECT enqueue_outbox('Y', 'E', '{}')");
      await a.query('COMMIT');
      await second;
      assert.equal((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n, 6, 'two events from the pair that committed before, four from this pair');
      proves('transactional-outbox', 'sql');
    } finally {
      a.release();
      b.release();
      await pool.end();
    }
  });

  it('sql: claim/published/failed functions: disjoint claims across sessions, oldest per aggregate, dead-lettering', async () => {
    const { pool } = await database('outbox_sql');
    const s1 = await pool.connect();
    const s2 = await pool.connect();
    try {
      await pool.query(
        "INSERT INTO outbox (aggregate_id, event_type, payload) SELECT 'agg-' || (i % 5), 'E', '{}' FROM generate_series(1, 20) i",
      );
      await s1.query('BEGIN');
      const c1 = (await s1.query('SELECT id, aggregate_id FROM claim_outbox(3)')).rows;
      await s2.query('BEGIN');
      // SKIP LOCKED: the second session must not wait for the rows the first one holds.
      await s2.query("SET LOCAL statement_timeout = '10s'");
      const c2 = (await s2.query('SELECT id, aggregate_id FROM claim_outbox(10)')).rows;
      assert.equal(c1.length, 3);
      assert.equal(c2.length, 2, 'only the oldest pending event of each of the 5 aggregates is claimable');
      assert.equal(new Set([...c1, ...c2].map((r) => r.aggregate_id)).size, 5, 'disjoint, one per aggregate');
      for (const r of c1) await s1.query('SELECT published_outbox($1)', [r.id]);
      await s1.query('COMMIT');
      await s2.query("SELECT failed_outbox($1, 'nope', 2)", [c2[0].id]);
      await s2.query('COMMIT');
      const failed = (await pool.query('SELECT attempts, dead_at, next_attempt_at > now() AS later FROM outbox WHERE id = $1', [c2[0].id])).rows[0];
      assert.equal(failed.attempts, 1);
      assert.equal(failed.dead_at, null);
      assert.equal(failed.later, true, 'a failed event backs off');
      await pool.query("SELECT failed_outbox($1, 'nope', 2)", [c2[0].id]);
      const dead = (await pool.query('SELECT attempts, dead_at IS NOT NULL AS dead FROM outbox WHERE id = $1', [c2[0].id])).rows[0];
      assert.deepEqual(dead, { attempts: 2, dead: true });
      // The dead event no longer holds back its aggregate.
      const next = (await pool.query('SELECT id, aggregate_id FROM claim_outbox(10)')).rows;
      assert.ok(next.some((r) => r.aggregate_id === c2[0].aggregate_id));
      await pool.query("UPDATE outbox SET published_at = now() - interval '30 days' WHERE id = $1", [c1[0].id]);
      assert.equal((await pool.query("SELECT purge_outbox('7 days') AS n")).rows[0].n, '1');
      proves('transactional-outbox', 'sql');
    } finally {
      s1.release();
      s2.release();
      await pool.end();
    }
  });

  it('python: rolled-back events never go out; two relays, each event once and in order per aggregate; SKIP LOCKED; poison dead-lettered; the relay survives a database error; writers of one aggregate publish in commit order; a hung publish times out; a batch stops publishing when its time budget is spent and commits what it sent; a publish timeout or budget of 0 or less, inf or nan, a batch size below 1, and an idle pause of 0 or less, are refused before anything is claimed; run_relay takes relay_batch\'s settings and refuses bad ones (a batch size of inf, True or 2^63 too, and 2.5, which PostgreSQL rounded) at its start, reporting nothing', async () => {
    const { pool, env } = await database('outbox_py');
    await pool.end();
    await runPythonProof({ snippet: 'transactional-outbox', programs: ['proof.py'], env });
  });

  it('python: run_relay on the variant as inserted with a batch size PostgreSQL cannot use (float("inf") at its tab stop, meant as no limit) refuses it at its start; it logged the same database error (bigint out of range) on every pass', async () => {
    const { pool, env } = await database('outbox_py_staged');
    await pool.end();
    const py = variant('transactional-outbox', 'python') as { body: string; code: string };
    const original = py.code;
    const stop = '${4:100}';
    assert.ok(py.body.includes(stop), 'the batch size tab stop moved: update this test');
    try {
      py.code = expandSnippetBody(py.body.replace(stop, '${4:float("inf")}'));
      assert.ok(py.code.includes('batch_size: int = float("inf"),'));
      await runPythonProof({ snippet: 'transactional-outbox', programs: ['proof_run_staged.py'], env, label: 'batch-inf' });
    } finally {
      py.code = original;
    }
  });

  it('go: rolled-back events never go out; two relays, each event once and in order per aggregate; SKIP LOCKED; poison dead-lettered; Run reports errors and carries on; writers of one aggregate publish in commit order; a hung publish times out; a batch stops publishing when its time budget is spent and commits what it sent; a budget under 1 ms, a batch size below 1, and a Run idle pause of 0 or less, are refused before anything is claimed', async () => {
    const { pool, env } = await database('outbox_go');
    await pool.end();
    await runGoProof({ snippet: 'transactional-outbox', programs: ['proof_test.go'], env });
  });

  // PublishTimeout and BatchSize are constants: stage the variant as a user who typed each value at
  // their tab stop inserts it, run the one Go test that checks that value, and restore the variant.
  async function stagedGo(dbName: string, stop: string, constant: string, values: Array<[string, string]>, test: string) {
    const { pool, env } = await database(dbName);
    await pool.end();
    const go = variant('transactional-outbox', 'go') as { body: string; code: string };
    const original = go.code;
    const number = stop.slice(2, stop.indexOf(':'));
    assert.ok(go.body.includes(stop), `the ${constant} tab stop moved: update this test`);
    try {
      for (const [label, value] of values) {
        go.code = expandSnippetBody(go.body.replace(stop, `\${${number}:${value}}`));
        assert.ok(go.code.includes(`const ${constant} = ${value}\n`), label);
        const passed = await runGoProof({
          snippet: 'transactional-outbox',
          programs: ['proof_test.go'],
          env,
          label: `${constant}-${label}`,
          args: ['-run', `^${test}$`],
        });
        assert.deepEqual(passed, [test], label);
      }
    } finally {
      go.code = original;
    }
  }

  it('go: a PublishTimeout under 1 ms (the variant as inserted with 0, -time.Second, a bare 10 (10 ns) or 999 * time.Microsecond at its tab stop) is refused by RelayBatch and Run before anything is claimed; it used to dead-letter every event unpublished', async () => {
    await stagedGo('outbox_go_pt', '${6:10 * time.Second}', 'PublishTimeout',
      [['zero', '0'], ['negative', '-time.Second'], ['no-unit', '10'], ['under-1ms', '999 * time.Microsecond']],
      'TestPublishTimeoutUnderOneMillisecondIsRefusedBeforeAnythingIsClaimed');
  });

  it('go: a BatchSize below 1 (the variant as inserted with 0 or -1 at its tab stop) is refused by Run; it used to claim nothing forever (0) or fail every batch (-1)', async () => {
    await stagedGo('outbox_go_bs', '${4:100}', 'BatchSize', [['zero', '0'], ['negative', '-1']],
      'TestRunRefusesBatchSizeBelowOne');
  });
});
