/**
 * idempotency-key: a retried request (same caller, same key) has one effect and the same response;
 * another caller's identical key runs its own request; a key reused with another body is refused;
 * a failed or 5xx attempt stores nothing, so the retry runs.
 */
import { strict as assert } from 'assert';
import { Pool, type PoolClient } from 'pg';
import { gate } from '../../gate';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf } from '../../library';
import { onePool } from '../../onePool';

interface Req {
  scope: string;
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}
interface Res {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
interface Idempotency {
  withIdempotency(pool: Pool, handler: (req: Req, tx: PoolClient) => Promise<Res>): (req: Req) => Promise<Res>;
}

describe('idempotency-key', function () {
  this.timeout(600_000);

  async function database(name: string): Promise<{ pool: Pool; env: Record<string, string>; url: string }> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('idempotency-key'));
    await db.exec('CREATE TABLE payments (id bigserial PRIMARY KEY, scope text NOT NULL, amount integer NOT NULL)');
    // The middlewares must not depend on the database default isolation: make it REPEATABLE READ,
    // under which a duplicate that waits on the first request's key row gets a serialization error.
    await db.exec(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    // For the guard proofs: a row another connection can hold, and a trigger that refuses one key's
    // claim with an error other than lock_not_available (55000 is in the same class, 55).
    await db.exec(`CREATE TABLE held (id integer PRIMARY KEY); INSERT INTO held VALUES (1);
      CREATE FUNCTION refuse_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.key = 'key-refused' THEN RAISE EXCEPTION 'claim refused by a trigger' USING ERRCODE = '55000'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_key BEFORE INSERT ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION refuse_key();`);
    return { pool: new Pool({ connectionString: db.url, max: 20 }), env: await proofEnv({ db }), url: db.url };
  }

  it('typescript: concurrent and later retries have one effect and one response, per caller; misuse refused; failures store nothing', async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool } = await database('idem_ts');
    try {
      let calls = 0;
      let failNext: 'throw' | '503' | '402' | undefined;
      const handler = withIdempotency(pool, async (req, tx) => {
        calls++;
        await new Promise((r) => setTimeout(r, 50)); // widen the race window
        const { rows } = await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, $2) RETURNING id', [
          req.scope,
          (req.body as { amount: number }).amount,
        ]);
        if (failNext === 'throw') throw new Error('card network down');
        if (failNext === '503') return { status: 503, body: { error: 'try later' } };
        if (failNext === '402') return { status: 402, body: { error: 'card declined' } };
        return { status: 201, body: { paymentId: rows[0].id } };
      });
      const request: Req = { scope: 'tenant-a', key: 'key-123', method: 'POST', path: '/payments', body: { amount: 500 } };
      const responses = await Promise.all(Array.from({ length: 5 }, () => handler(request)));
      const later = await handler(request);
      assert.equal(calls, 1, 'the handler ran once');
      for (const r of [...responses, later]) assert.deepEqual(r, responses[0]);
      assert.equal(responses[0]!.status, 201);
      assert.equal((await pool.query("SELECT count(*)::int AS n FROM payments WHERE scope = 'tenant-a'")).rows[0].n, 1);

      // Another caller that happens to use the same key and body gets its own effect and response.
      const other = await handler({ ...request, scope: 'tenant-b' });
      assert.equal(calls, 2);
      assert.equal(other.status, 201);
      assert.notDeepEqual(other.body, responses[0]!.body, "tenant-b must not receive tenant-a's payment");

      assert.equal((await handler({ ...request, body: { amount: 999 } })).status, 422, 'a key reused for another body is refused');
      assert.equal((await handler({ ...request, path: '/payments?amount=999' })).status, 422, 'and for another query string');
      assert.equal((await handler({ ...request, key: undefined })).status, 400);
      await assert.rejects(handler({ ...request, scope: '' }), /scope is empty/, 'an empty scope is refused');
      assert.equal(calls, 2, 'and runs nothing');
      // The same body serialised with its keys in another order is the same request.
      const ordered: Req = { ...request, key: 'key-order', body: { amount: 500, currency: 'EUR', meta: { a: 1, b: 2 } } };
      const first = await handler(ordered);
      const reordered = await handler({ ...ordered, body: { meta: { b: 2, a: 1 }, currency: 'EUR', amount: 500 } });
      assert.deepEqual(reordered, first, 'replayed, not refused as another request');
      assert.equal(calls, 3);

      // A failed attempt (throws, or answers 5xx) leaves nothing behind; the retry runs and counts once.
      const retry: Req = { ...request, key: 'key-retry' };
      failNext = 'throw';
      await assert.rejects(handler(retry), /card network down/);
      failNext = '503';
      assert.equal((await handler(retry)).status, 503);
      failNext = undefined;
      assert.equal((await handler(retry)).status, 201);
      assert.equal((await handler(retry)).status, 201);
      assert.equal(calls, 6);
      assert.equal((await pool.query("SELECT count(*)::int AS n FROM payments WHERE scope = 'tenant-a'")).rows[0].n, 3, 'the failed attempts left no payment');

      // A 4xx is an answer (the comment's choice): stored and replayed, the handler not run again.
      const declined: Req = { ...request, key: 'key-declined' };
      failNext = '402';
      assert.equal((await handler(declined)).status, 402);
      failNext = undefined;
      assert.deepEqual(await handler(declined), { status: 402, body: { error: 'card declined' } }, 'the retry gets the stored 402');
      assert.equal(calls, 7, 'the handler did not run again');

      // The response's headers are part of it: a replay carries the Location of the first attempt.
      let created = 0;
      const locating = withIdempotency(pool, async (req, tx) => {
        created++;
        const { rows } = await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, 1) RETURNING id', [req.scope]);
        return { status: 201, headers: { Location: `/payments/${rows[0].id}` }, body: { paymentId: rows[0].id } };
      });
      const located: Req = { ...request, scope: 'tenant-loc', key: 'key-location' };
      const firstLocated = await locating(located);
      assert.match(firstLocated.headers?.Location ?? '', /^\/payments\/\d+$/);
      assert.deepEqual(await locating(located), firstLocated, 'the replay carries the Location header');
      assert.equal(created, 1);
      proves('idempotency-key', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: a request whose connection is terminated inside the handler fails without ending the process (the checked-out client\'s \'error\' event is handled) and stores nothing; the retry runs on a new connection', async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool: admin, url } = await database('idem_ts_terminated');
    const { pool } = onePool(url);
    const pids: number[] = [];
    try {
      let calls = 0;
      const handler = withIdempotency(pool, async (req, tx) => {
        const pid = (tx as unknown as { processID: number }).processID;
        pids.push(pid);
        if (calls++ === 0) {
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          for (let i = 0; (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount !== 0; i++) {
            assert.ok(i < 2000, 'the backend never went away');
            await new Promise((r) => setTimeout(r, 5));
          }
        }
        await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, 1)', [req.scope]);
        return { status: 201, body: { ok: true } };
      });
      const request: Req = { scope: 'tenant-t', key: 'key-terminated', method: 'POST', path: '/payments', body: { amount: 1 } };
      await assert.rejects(handler(request), /terminat|not queryable/i);
      assert.equal((await handler(request)).status, 201, 'nothing was stored: the retry runs');
      assert.equal(calls, 2);
      assert.notEqual(pids[1], pids[0]);
      assert.equal((await admin.query("SELECT count(*)::int AS n FROM payments WHERE scope = 'tenant-t'")).rows[0].n, 1);
      proves('idempotency-key', 'typescript');
    } finally {
      await pool.end();
      await admin.end();
    }
  });

  it('typescript: a request whose ROLLBACK times out (query_timeout, the handler parked on a row lock) is not pooled mid-transaction: its key is never committed as in progress, the retry runs on a new connection; 20 requests on one client leave one error listener', async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool: admin, url } = await database('idem_ts_rollback_timeout');
    // query_timeout rejects on the client's side but leaves the statement running: the ROLLBACK
    // queued behind it times out too, and the connection is still in the request's transaction.
    const { pool, pids, clients } = onePool(url, { query_timeout: 500, connectionTimeoutMillis: 10_000 });
    const blocker = await admin.connect();
    try {
      let calls = 0;
      const handler = withIdempotency(pool, async (req, tx) => {
        calls++;
        if (req.key === 'key-stalled' && calls === 1) await tx.query('SELECT 1 FROM held WHERE id = 1 FOR UPDATE');
        await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, 1)', [req.scope]);
        return { status: 201, body: { ok: true } };
      });
      const stalled: Req = { scope: 'tenant-q', key: 'key-stalled', method: 'POST', path: '/payments', body: { amount: 1 } };
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM held WHERE id = 1 FOR UPDATE');
      await assert.rejects(handler(stalled), /timeout/i);
      await blocker.query('COMMIT'); // the stalled handler query now completes on the first connection
      const other: Req = { scope: 'tenant-q', key: 'key-other', method: 'POST', path: '/payments', body: { amount: 1 } };
      assert.equal((await handler(other)).status, 201);
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the connection whose ROLLBACK failed was handed out again');
      const placeholder = await admin.query("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'key-stalled'");
      assert.equal(placeholder.rows[0].n, 0, 'the timed-out request\'s claim was committed by the next caller');
      assert.equal((await handler(stalled)).status, 201, 'the retry runs');
      // A replay reads the stored answer on the connection it holds: asking the pool for a second
      // one would wait forever on a pool of 1 (and starve a pool of N under N duplicates).
      const ran = calls;
      assert.equal((await handler(stalled)).status, 201, 'the replay is answered on a pool of one connection');
      assert.equal(calls, ran, 'the replay did not run the handler');
      // Listeners are removed at release: a long-lived pooled client does not collect them.
      for (let i = 0; i < 20; i++) await handler({ ...other, key: `key-many-${i}` });
      assert.equal(pids[pids.length - 1], pids[1], 'the healthy client is reused');
      assert.equal(clients[clients.length - 1]!.listenerCount('error'), 1, 'only the pool\'s idle listener stays on a released client');
      assert.equal((await admin.query("SELECT count(*)::int AS n FROM payments WHERE scope = 'tenant-q'")).rows[0].n, 22);
      proves('idempotency-key', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await pool.end();
      await admin.end();
    }
  });

  it('typescript: a duplicate of an attempt that hangs holding its key is answered 409 (bounded lock wait), not parked on a pooled connection', async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool } = await database('idem_ts_hung');
    const hung = gate();
    let calls = 0;
    let bound: NodeJS.Timeout | undefined;
    try {
      const handler = withIdempotency(pool, async (req, tx) => {
        calls++;
        await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, 1)', [req.scope]);
        await hung.wait; // the first attempt hangs (a slow downstream call, a host gone mid-transaction)
        return { status: 201, body: { ok: true } };
      });
      const request: Req = { scope: 'tenant-h', key: 'key-hung', method: 'POST', path: '/payments', body: { amount: 1 } };
      const first = handler(request);
      while ((await pool.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'payments'")).rows[0].n === 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
      // Liveness bound only (no timing claim): the duplicate must answer while the first still hangs.
      const unanswered = new Promise<'still waiting'>((r) => (bound = setTimeout(() => r('still waiting'), 30_000)));
      const duplicate = await Promise.race([handler(request), unanswered]);
      assert.notEqual(duplicate, 'still waiting', 'the duplicate waited for the hung attempt with no bound');
      assert.equal((duplicate as Res).status, 409, `the duplicate is told to retry: ${JSON.stringify(duplicate)}`);
      assert.equal((duplicate as Res).headers?.['Retry-After'], '1', 'the 409 says when to retry (Retry-After)');
      hung.open();
      assert.equal((await first).status, 201, 'the first attempt still completes');
      assert.deepEqual(await handler(request), { status: 201, body: { ok: true } }, 'and a later retry replays it');
      assert.equal(calls, 1);
      proves('idempotency-key', 'typescript');
    } finally {
      clearTimeout(bound);
      hung.open();
      await pool.end();
    }
  });

  it("typescript: as the comment warns, a pool statement_timeout below the claim's lock_timeout makes a waiting duplicate fail with the statement timeout instead of its 409", async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool, url } = await database('idem_ts_statement_timeout');
    const short = new Pool({ connectionString: url, max: 2, statement_timeout: 300, query_timeout: 1000 });
    short.on('error', () => undefined);
    const hung = gate();
    try {
      const hangs = async (req: Req, tx: PoolClient): Promise<Res> => {
        await tx.query('INSERT INTO payments (scope, amount) VALUES ($1, 1)', [req.scope]);
        await hung.wait; // the first attempt holds its uncommitted key row
        return { status: 201, body: { ok: true } };
      };
      const request: Req = { scope: 'tenant-s', key: 'key-short', method: 'POST', path: '/payments', body: { amount: 1 } };
      const first = withIdempotency(pool, hangs)(request);
      while ((await pool.query("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'payments'")).rows[0].n === 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await assert.rejects(withIdempotency(short, hangs)(request), (err: Error & { code?: string }) => err.code === '57014', 'the duplicate gets the statement timeout, not 409');
      hung.open();
      assert.equal((await first).status, 201);
      proves('idempotency-key', 'typescript');
    } finally {
      hung.open();
      await short.end();
      await pool.end();
    }
  });

  it("typescript: the handler runs under the connection's own lock_timeout (a pool's on-connect SET), not the database default", async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool } = await database('idem_ts_setting');
    pool.on('connect', (client) => void client.query("SET lock_timeout = '7s'"));
    try {
      let seen: string | undefined;
      const handler = withIdempotency(pool, async (_req, tx) => {
        seen = (await tx.query("SELECT current_setting('lock_timeout') AS v")).rows[0].v;
        return { status: 201, body: {} };
      });
      assert.equal((await handler({ scope: 't', key: 'key-setting', method: 'POST', path: '/p', body: {} })).status, 201);
      assert.equal(seen, '7s', "the claim's bound was undone by resetting to the database default, wiping the pool's SET");
      proves('idempotency-key', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: only a lock timeout on the claim is a 409; another error on the claim, and a 55P03 of the handler itself, are thrown', async () => {
    const { withIdempotency } = importSnippet<Idempotency>('idempotency-key');
    const { pool } = await database('idem_ts_errors');
    const holder = await pool.connect();
    try {
      let calls = 0;
      const handler = withIdempotency(pool, async (_req, tx) => {
        calls++;
        await tx.query('SELECT id FROM held WHERE id = 1 FOR UPDATE NOWAIT');
        return { status: 201, body: {} };
      });
      const request: Req = { scope: 't', key: 'key-refused', method: 'POST', path: '/p', body: {} };
      await assert.rejects(
        handler(request),
        (err: { code?: string }) => err.code === '55000',
        'a trigger error on the claim (SQLSTATE 55000) must be thrown, not answered 409',
      );
      assert.equal(calls, 0);
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM held WHERE id = 1 FOR UPDATE');
      await assert.rejects(
        handler({ ...request, key: 'key-nowait' }),
        (err: { code?: string }) => err.code === '55P03',
        "the handler's own lock_not_available must be thrown, not answered 409",
      );
      assert.equal(calls, 1);
      await holder.query('ROLLBACK');
      assert.equal((await handler({ ...request, key: 'key-nowait' })).status, 201, 'nothing was stored: the retry runs');
      proves('idempotency-key', 'typescript');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await pool.end();
    }
  });

  it('sql: keys are unique per (scope, key); a concurrent duplicate waits for the first and then does nothing; purge removes old keys', async () => {
    const { pool } = await database('idem_sql');
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await a.query("INSERT INTO idempotency_keys (scope, key, request_hash, response_code, response_body) VALUES ('t1', 'k', 'h', 0, 'null')");
      await b.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const dup = b.query(
        "INSERT INTO idempotency_keys (scope, key, request_hash, response_code, response_body) VALUES ('t1', 'k', 'h', 0, 'null') ON CONFLICT (scope, key) DO NOTHING",
      );
      await a.query("UPDATE idempotency_keys SET response_code = 201, response_body = '{\"id\": 1}' WHERE scope = 't1' AND key = 'k'");
      await a.query('COMMIT');
      assert.equal((await dup).rowCount, 0, 'the duplicate claims nothing once the first committed');
      await b.query('COMMIT');
      const other = await pool.query(
        "INSERT INTO idempotency_keys (scope, key, request_hash, response_code, response_body) VALUES ('t2', 'k', 'h', 0, 'null') ON CONFLICT (scope, key) DO NOTHING",
      );
      assert.equal(other.rowCount, 1, 'the same key from another scope is its own');
      await pool.query("UPDATE idempotency_keys SET created_at = now() - interval '2 days' WHERE scope = 't1'");
      assert.equal((await pool.query('SELECT purge_idempotency_keys() AS n')).rows[0].n, '1');
      assert.deepEqual((await pool.query('SELECT scope FROM idempotency_keys')).rows, [{ scope: 't2' }]);
      proves('idempotency-key', 'sql');
    } finally {
      a.release();
      b.release();
      await pool.end();
    }
  });

  // purge_idempotency_keys('0') or a negative interval deleted every key, the ones answered a moment
  // ago too, so a retry arriving next ran its effect a second time.
  it('sql: purge refuses a retention of zero, less or NULL (SQLSTATE 22023) and deletes nothing', async () => {
    const { pool } = await database('idem_sql_purge');
    try {
      await pool.query("INSERT INTO idempotency_keys (scope, key, request_hash, response_code, response_body) VALUES ('t1', 'k', 'h', 201, '{}')");
      // '-1 year 361 days' compares above interval '0' (a year counts as 360 days there), but
      // now() - it is 4 or 5 days ahead, so a check on the interval let it delete every key.
      for (const bad of ['0 hours', '-1 hour', '1 hour ago', null, '-1 year 361 days', '1 day -25 hours']) {
        await assert.rejects(pool.query('SELECT purge_idempotency_keys($1) AS n', [bad]), (e: { code?: string; message: string }) => e.code === '22023' && /above zero/.test(e.message), String(bad));
      }
      assert.equal((await pool.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n, 1, 'the fresh key is kept');
      assert.equal((await pool.query("SELECT purge_idempotency_keys('1 second') AS n")).rows[0].n, '0', 'a positive retention keeps a fresh key');
      proves('idempotency-key', 'sql');
    } finally {
      await pool.end();
    }
  });

  // purge_idempotency_keys('24') read 24 as seconds (PostgreSQL's interval input) and deleted the
  // keys of requests answered a minute ago, whose retries then ran their effect again.
  it('sql: purge refuses a retention without a unit (\'24\', a number parameter; SQLSTATE 22023) and deletes nothing; with a unit, or no argument (24 hours), it keeps younger keys', async () => {
    const { pool } = await database('idem_sql_purge_unit');
    const ages = [1 / 60, 1, 23, 25, 49]; // hours
    try {
      for (const [i, hours] of ages.entries()) {
        await pool.query(
          "INSERT INTO idempotency_keys (scope, key, request_hash, response_code, response_body, created_at) VALUES ('t1', $1, 'h', 201, '{}', now() - make_interval(mins => $2))",
          [`k${i}`, Math.round(hours * 60)],
        );
      }
      const left = async (): Promise<number> => (await pool.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n;
      const bare = (await pool.query("SELECT '24'::interval = interval '24 seconds' AS seconds, version() AS v")).rows[0];
      assert.equal(bare.seconds, true, `the trap: a bare '24' is 24 seconds (${bare.v})`);
      for (const bad of ['24', ' 24 ', '1.5', '1 day 24', '@ 24', 24]) {
        await assert.rejects(
          pool.query('SELECT purge_idempotency_keys($1) AS n', [bad]),
          (e: { code?: string; message: string }) => e.code === '22023' && /has no unit/.test(e.message),
          JSON.stringify(bad),
        );
      }
      await assert.rejects(pool.query("SELECT purge_idempotency_keys('24')"), /has no unit/, 'a literal in SQL too');
      assert.equal(await left(), 5, 'nothing deleted');
      assert.equal((await pool.query("SELECT purge_idempotency_keys('48 hours') AS n")).rows[0].n, '1');
      assert.equal((await pool.query("SELECT purge_idempotency_keys('PT30H') AS n")).rows[0].n, '0');
      assert.equal((await pool.query('SELECT purge_idempotency_keys() AS n')).rows[0].n, '1', 'the default is 24 hours: the 25-hour-old key goes');
      assert.equal((await pool.query("SELECT purge_idempotency_keys('22:00:00') AS n")).rows[0].n, '1');
      assert.equal((await pool.query('SELECT purge_idempotency_keys(make_interval(hours => 2)) AS n')).rows[0].n, '0', 'an interval value goes straight to the purge');
      assert.deepEqual((await pool.query('SELECT key FROM idempotency_keys ORDER BY key')).rows.map((r) => r.key), ['k0', 'k1']);
      proves('idempotency-key', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: concurrent retries have one effect and one response, per caller; misuse refused; failures store nothing; another JSON key order is the same request', async () => {
    const { pool, env } = await database('idem_py');
    await pool.end();
    await runPythonProof({ snippet: 'idempotency-key', programs: ['proof.py'], env });
  });

  it('python: a duplicate of an attempt that hangs holding its key is answered 409 (bounded lock wait)', async () => {
    const { pool, env } = await database('idem_py_hung');
    await pool.end();
    await runPythonProof({ snippet: 'idempotency-key', programs: ['proof_hung.py'], env, label: 'hung' });
  });

  it("python: the handler keeps the connection's lock_timeout; only a lock timeout on the claim is a 409; another claim error and the handler's own 55P03 propagate", async () => {
    const { pool, env } = await database('idem_py_guards');
    await pool.end();
    await runPythonProof({ snippet: 'idempotency-key', programs: ['proof_guards.py'], env, label: 'guards' });
  });

  it('go: concurrent retries have one effect and one response with headers and exact bytes, per caller; bodies over MaxBody get 413; 5xx stores nothing; a duplicate of a hung attempt gets 409 with Retry-After; the handler keeps the lock_timeout of its connection; only a lock timeout on the claim is a 409, a 55P03 met by the handler is its own answer; a JSON body in another key order is the same request, numbers compared as sent, strings that decode to U+FFFD compared as sent', async () => {
    const { pool, env } = await database('idem_go');
    await pool.end();
    await runGoProof({ snippet: 'idempotency-key', programs: ['proof_test.go', 'guards_test.go'], env });
  });
});
