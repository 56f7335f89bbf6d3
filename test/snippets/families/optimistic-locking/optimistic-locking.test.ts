/** optimistic-locking: concurrent writers lose no update, in every language the snippet ships in. */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proofEnv, proves, runGoProof, runJavaProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf } from '../../library';

interface Optimistic {
  updateWithVersion(pool: Pool, id: number, change: (n: number) => number, maxAttempts?: number): Promise<{ value: number; version: number; attempts: number }>;
}

describe('optimistic-locking', function () {
  this.timeout(600_000);

  async function database(name: string) {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('optimistic-locking'));
    return proofEnv({ db });
  }

  it('typescript: 20 concurrent writers lose no update; an always-overtaken writer gives up and writes nothing; a maxAttempts of 0, -1, NaN, 1.5, Infinity or 2**53 is refused; the version wraps at the integer limit', async () => {
    const { updateWithVersion } = importSnippet<Optimistic>('optimistic-locking');
    const db = await freshDatabase('optimistic_ts');
    await db.exec(sqlOf('optimistic-locking'));
    const pool = new Pool({ connectionString: db.url, max: 25 });
    try {
      await pool.query('INSERT INTO items (id, quantity) VALUES (1, 0)');
      const results = await Promise.all(Array.from({ length: 20 }, () => updateWithVersion(pool, 1, (q) => q + 1, 100)));
      const { rows } = await pool.query('SELECT quantity, version FROM items WHERE id = 1');
      assert.deepEqual(rows[0], { quantity: 20, version: 20 }, 'every increment survives');
      assert.deepEqual(results.map((r) => r.value).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.ok(results.some((r) => r.attempts > 1), 'writers should actually have collided');
      // A pool on which another writer always commits between our read and our write.
      const overtaken = {
        query: async (text: string, values?: unknown[]) => {
          if (text.startsWith('UPDATE')) await pool.query('UPDATE items SET version = version + 1 WHERE id = 1');
          return pool.query(text, values);
        },
      } as unknown as Pool;
      await assert.rejects(updateWithVersion(overtaken, 1, (q) => q + 1, 3), /gave up/);
      assert.equal((await pool.query('SELECT quantity FROM items WHERE id = 1')).rows[0].quantity, 20, 'a lost attempt writes nothing');
      // A retry budget that allows no attempt is refused before anything is read.
      let queries = 0;
      const counting = { query: (text: string, values?: unknown[]) => { queries++; return pool.query(text, values); } } as unknown as Pool;
      // 1.5 would make one attempt and report 1.5; Infinity would retry for ever.
      for (const bad of [0, -1, NaN, 1.5, Infinity, 2 ** 53]) {
        await assert.rejects(updateWithVersion(counting, 1, (q) => q + 1, bad), (err: Error) => err instanceof RangeError && /maxAttempts must be (a whole number of )?1 or more/.test(err.message), `maxAttempts ${bad}`);
      }
      assert.equal(queries, 0, 'a refused budget reads nothing');
      assert.deepEqual((await updateWithVersion(counting, 1, (q) => q + 1, 1)).value, 21, 'a budget of 1 still writes');
      // A row at the integer version's largest value stays writable: the version wraps to 1.
      await pool.query('INSERT INTO items (id, quantity, version) VALUES (2, 5, 2147483647)');
      const wrapped = await updateWithVersion(pool, 2, (q) => q + 1);
      assert.deepEqual({ value: wrapped.value, version: wrapped.version }, { value: 6, version: 1 });
      assert.deepEqual((await updateWithVersion(pool, 2, (q) => q + 1)).version, 2);
      proves('optimistic-locking', 'typescript');
    } finally {
      await pool.end();
    }
  });

  it('typescript: at REPEATABLE READ (the connections\' default_transaction_isolation) an UPDATE that waited for another writer\'s commit meets a serialization failure (40001) and is retried like a lost version, in a fresh transaction', async () => {
    const { updateWithVersion } = importSnippet<Optimistic>('optimistic-locking');
    const db = await freshDatabase('optimistic_ts_rr');
    await db.exec(sqlOf('optimistic-locking'));
    const pool = new Pool({ connectionString: db.url, max: 4 });
    const repeatable = new Pool({ connectionString: db.url, max: 2, options: '-c default_transaction_isolation=repeatable\\ read' });
    const holder = await pool.connect();
    try {
      await pool.query('INSERT INTO items (id, quantity) VALUES (3, 100)');
      assert.deepEqual((await repeatable.query('SHOW transaction_isolation')).rows, [{ transaction_isolation: 'repeatable read' }]);
      // Another writer changes the row and holds it: the updater reads 100 (the last commit), and
      // its UPDATE waits for the row; the other writer commits once it waits (seen in pg_stat_activity).
      await holder.query('BEGIN');
      await holder.query('UPDATE items SET quantity = 200, version = version + 1 WHERE id = 3');
      const seen: number[] = [];
      const update = updateWithVersion(repeatable, 3, (q) => { seen.push(q); return q + 1; });
      update.catch(() => undefined); // awaited below
      for (let i = 0; ; i++) {
        const waiting = await pool.query<{ c: number }>("SELECT count(*)::int AS c FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        if (waiting.rows[0]!.c === 1) break;
        assert.ok(i < 1200, 'the updater\'s UPDATE never waited for the row'); // a guard, not a measured time
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await holder.query('COMMIT');
      const written = await update;
      assert.deepEqual(seen, [100, 200], 'the attempt that met 40001 was retried, and the retry read the other writer\'s value');
      assert.deepEqual({ value: written.value, attempts: written.attempts }, { value: 201, attempts: 2 });
      assert.deepEqual((await pool.query('SELECT quantity FROM items WHERE id = 3')).rows, [{ quantity: 201 }], 'the retried write was committed');
      proves('optimistic-locking', 'typescript');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await repeatable.end();
      await pool.end();
    }
  });

  it('sql: 20 sessions read and call write_items() with retries; no update is lost; a stale version writes nothing; the version wraps at the integer limit', async () => {
    const db = await freshDatabase('optimistic_sql');
    await db.exec(sqlOf('optimistic-locking'));
    const pool = new Pool({ connectionString: db.url, max: 25 });
    try {
      await pool.query('INSERT INTO items (id, quantity) VALUES (1, 0)');
      let collisions = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (let i = 0; i < 10; i++) {
            for (;;) {
              const read = (await pool.query('SELECT quantity, version FROM items WHERE id = 1')).rows[0];
              const wrote = (await pool.query('SELECT write_items(1, $1, $2) AS v', [read.quantity + 1, read.version])).rows[0].v;
              if (wrote !== null) break;
              collisions++;
            }
          }
        }),
      );
      assert.deepEqual((await pool.query('SELECT quantity, version FROM items WHERE id = 1')).rows[0], { quantity: 200, version: 200 });
      assert.ok(collisions > 0, 'sessions should actually have collided');
      assert.equal((await pool.query('SELECT write_items(1, 0, 5) AS v')).rows[0].v, null, 'a stale version is refused');
      assert.equal((await pool.query('SELECT quantity FROM items WHERE id = 1')).rows[0].quantity, 200);
      await pool.query('INSERT INTO items (id, quantity, version) VALUES (2, 5, 2147483647)');
      assert.equal((await pool.query('SELECT write_items(2, 6, 2147483647) AS v')).rows[0].v, 1, 'the version wraps at the integer limit');
      proves('optimistic-locking', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: 8 threads x 25 increments lose no update; an always-overtaken writer gives up; a max_attempts of 0 or -1 is refused, and one that is a bool, a float, a string or None (before: True made one attempt); a budget of 1030 attempts, each lost, runs to its end and raises ConcurrentUpdateError (before: OverflowError at the 1024th, from the back-off cap); the version wraps at the integer limit; at REPEATABLE READ a serialization failure (40001) is retried when the attempt is a transaction of its own, and raised at once inside the caller\'s transaction', async () => {
    await runPythonProof({ snippet: 'optimistic-locking', programs: ['proof.py'], env: await database('optimistic_py') });
  });

  it('go: 10 goroutines x 20 increments lose no update; an always-overtaken writer gives up; a maxAttempts of 0 or -1 is refused; the version wraps at the integer limit; compiles in a package with its own min; at REPEATABLE READ an UPDATE that waited for another writer\'s commit meets a serialization failure (40001) and is retried', async () => {
    await runGoProof({ snippet: 'optimistic-locking', programs: ['proof_test.go', 'package_min_test.go'], env: await database('optimistic_go') });
  });

  it('java: 8 threads x 25 increments lose no update; an always-overtaken writer gives up; a maxAttempts of 0 or -1 is refused; the version wraps at the integer limit; through connections with autocommit off every returned write is committed (4 threads x 10 increments lose none); at REPEATABLE READ a serialization failure (40001) is retried like a lost version', async () => {
    await runJavaProof({ snippet: 'optimistic-locking', programs: ['OptimisticProof.java'], env: await database('optimistic_java') });
  });
});
