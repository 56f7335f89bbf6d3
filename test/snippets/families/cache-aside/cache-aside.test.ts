/**
 * cache-aside: one load per key however many callers miss at once (in one process and across
 * processes), no stale value cached by a reader that raced an invalidation, a Redis outage served
 * from the database, a failed load hands its lease back, and TTLs carry jitter (in every language).
 */
import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Pool } from 'pg';
import { createClient } from 'redis';
import { gate } from '../../gate';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof } from '../../harness';
import { variant, WORK_DIR } from '../../library';
import { sharedRedis, startRedis } from '../../servers';

type Redis = ReturnType<typeof createClient>;
interface CacheAside {
  getOrLoad<T>(
    redis: Redis,
    key: string,
    load: () => Promise<T>,
    options?: { ttlSeconds?: number; jitter?: number; leaseMs?: number; waitMs?: number; onCacheError?: (err: unknown) => void },
  ): Promise<T>;
  invalidate(redis: Redis, key: string, options?: { timeoutMs?: number; onCacheError?: (err: unknown) => void }): Promise<boolean>;
}

/** The shipped TypeScript variant loaded as `copies` separate modules: separate "processes". */
function processes(copies: number): CacheAside[] {
  const dir = path.join(WORK_DIR, 'modules', 'cache-aside-processes');
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: copies }, (_, i) => {
    const file = path.join(dir, `process${i}.ts`);
    fs.writeFileSync(file, variant('cache-aside', 'typescript').code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as CacheAside;
  });
}

/**
 * Runs `body` against a private Redis whose `stall()` holds every client's commands for 60 s (CLIENT
 * PAUSE): the socket stays up and no reply comes (node-redis has no command timeout of its own, and
 * the offline queue does not apply to a connected client). `admin` sends any other command on a
 * connection of its own (another pause, CLIENT UNPAUSE). The server is stopped afterwards.
 */
async function withStallableRedis<T>(
  body: (redis: Redis, stall: () => Promise<unknown>, admin: (...args: string[]) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const server = await startRedis();
  const redis = createClient({ url: server.url });
  const admin = createClient({ url: server.url });
  redis.on('error', () => {});
  admin.on('error', () => {});
  await Promise.all([redis.connect(), admin.connect()]);
  try {
    return await body(
      redis as unknown as Redis,
      () => admin.sendCommand(['CLIENT', 'PAUSE', '60000', 'ALL']),
      (...args) => admin.sendCommand(args),
    );
  } finally {
    redis.destroy();
    admin.destroy();
    await server.stop();
  }
}

/** `promise`'s outcome, or 'still waiting after 10 s' (inside the 60 s stall: a caller held by it). */
async function orGiveUp<T>(promise: Promise<T>): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting after 10 s'), 10_000)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('cache-aside', function () {
  this.timeout(600_000);
  let clients: Redis[] = [];
  const client = async (): Promise<Redis> => {
    // node-redis's typed client generics differ between createClient() and the snippet's parameter type; same object.
    const c = createClient({ url: (await sharedRedis()).url }) as unknown as Redis;
    await c.connect();
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => {})));
    clients = [];
  });

  it('typescript: 3 processes x 30 concurrent misses load the key once and all get its value', async () => {
    const procs = processes(3);
    const redis = await Promise.all(procs.map(() => client()));
    const key = `cache-aside:stampede:${randomUUID()}`;
    let loads = 0;
    const release = gate();
    const load = async () => {
      loads++;
      await release.wait; // a slow query: every other caller arrives while it runs
      return { id: 7, name: 'widget' };
    };
    const calls = procs.flatMap((p, i) => Array.from({ length: 30 }, () => p.getOrLoad(redis[i]!, key, load, { waitMs: 60_000 })));
    // Let every caller reach Redis before the load finishes.
    while ((await redis[0]!.get(key)) === null) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    release.open();
    const values = await Promise.all(calls);
    assert.equal(loads, 1, 'one load for 90 concurrent misses');
    assert.ok(values.every((v) => v.name === 'widget'));
    assert.deepEqual(JSON.parse((await redis[0]!.get(key))!), { id: 7, name: 'widget' });
    proves('cache-aside', 'typescript');
  });

  it('typescript: a reader that loaded before a write cannot cache its stale row after the invalidation', async () => {
    const db = await freshDatabase('cache_aside_ts');
    const pool = new Pool({ connectionString: db.url, max: 4 });
    try {
      await pool.query("CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'old name')");
      const [cache] = processes(1);
      const redis = await client();
      const key = `cache-aside:product:${randomUUID()}`;
      const readDone = gate();
      const resume = gate();
      const reader = cache!.getOrLoad(redis, key, async () => {
        const { rows } = await pool.query('SELECT name FROM products WHERE id = 1');
        readDone.open();
        await resume.wait; // the reader stalls after reading (GC pause, slow network)
        return rows[0].name as string;
      });
      await readDone.wait;
      // The writer commits, then invalidates, while the reader holds the old row.
      await pool.query("UPDATE products SET name = 'new name' WHERE id = 1");
      await cache!.invalidate(redis, key);
      resume.open();
      assert.equal(await reader, 'old name', 'the racing reader itself saw the old row');
      const next = await cache!.getOrLoad(redis, key, async () => {
        const { rows } = await pool.query('SELECT name FROM products WHERE id = 1');
        return rows[0].name as string;
      });
      assert.equal(next, 'new name', 'the stale row must not have been cached');
    } finally {
      await pool.end();
    }
    proves('cache-aside', 'typescript');
  });

  it('typescript: a caller after invalidate() does not join a load that started before the write', async () => {
    const db = await freshDatabase('cache_aside_ts');
    const pool = new Pool({ connectionString: db.url, max: 4 });
    try {
      await pool.query("CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'old name')");
      const [cache] = processes(1);
      const redis = await client();
      const key = `cache-aside:inflight:${randomUUID()}`;
      const readDone = gate();
      const resume = gate();
      const reader = cache!.getOrLoad(redis, key, async () => {
        const { rows } = await pool.query('SELECT name FROM products WHERE id = 1');
        readDone.open();
        await resume.wait;
        return rows[0].name as string;
      });
      await readDone.wait;
      await pool.query("UPDATE products SET name = 'new name' WHERE id = 1");
      await cache!.invalidate(redis, key);
      const after = cache!.getOrLoad(redis, key, async () => {
        const { rows } = await pool.query('SELECT name FROM products WHERE id = 1');
        return rows[0].name as string;
      });
      resume.open();
      assert.equal(await reader, 'old name');
      assert.equal(await after, 'new name', 'a read that began after the invalidation sees the write');
    } finally {
      await pool.end();
    }
    proves('cache-aside', 'typescript');
  });

  it('typescript: with the default wait, a load slower than 2 s (shorter than its lease) is still done once, not by every waiter', async () => {
    const procs = processes(2);
    const redis = await Promise.all(procs.map(() => client()));
    const key = `cache-aside:slow:${randomUUID()}`;
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 2500));
      return 'slow value';
    };
    const first = procs[0]!.getOrLoad(redis[0]!, key, load, { leaseMs: 3000 });
    while ((await redis[0]!.get(key)) === null) await new Promise((r) => setTimeout(r, 5));
    const second = procs[1]!.getOrLoad(redis[1]!, key, load, { leaseMs: 3000 });
    assert.deepEqual(await Promise.all([first, second]), ['slow value', 'slow value']);
    assert.equal(loads, 1, 'the waiter in the other process waited for the lease holder');
    proves('cache-aside', 'typescript');
  });

  it('typescript: with Redis down, reads are served from the loader instead of failing', async () => {
    const [cache] = processes(1);
    const server = await startRedis();
    const redis = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
    redis.on('error', () => {});
    await redis.connect();
    await server.stop(); // the outage
    const errors: unknown[] = [];
    let loads = 0;
    const value = await cache!.getOrLoad(redis as unknown as Redis, 'cache-aside:outage', async () => ++loads, {
      onCacheError: (err) => errors.push(err),
    });
    assert.equal(value, 1);
    assert.equal(loads, 1);
    assert.ok(errors.length >= 1, 'the outage is reported to onCacheError');
    proves('cache-aside', 'typescript');
  });

  it('typescript: a Redis that keeps the connection open but answers nothing costs the wait, not the answer: the caller gets the load\'s outcome while Redis is still stalled (a 60 s pause, given up on after 10 s), whether it stalls before the read or during the load (which succeeds or fails)', async () => {
    const [cache] = processes(1);
    /** Reads a key through a Redis that stops answering before the read (`when` 'before') or during the load. */
    const stalled = (when: 'before' | 'during-load' | 'during-failing-load'): Promise<{ outcome: unknown; errors: unknown[] }> =>
      withStallableRedis(async (redis, stall) => {
        if (when === 'before') await stall();
        const errors: unknown[] = [];
        const outcome = await orGiveUp(
          cache!.getOrLoad(
            redis,
            'cache-aside:hung',
            async () => {
              if (when !== 'before') await stall();
              if (when === 'during-failing-load') throw new Error('db down');
              return 'loaded';
            },
            { waitMs: 300, leaseMs: 300, onCacheError: (err) => errors.push(err) },
          ),
        ).catch((err: Error) => err.message);
        return { outcome, errors };
      });
    for (const when of ['before', 'during-load', 'during-failing-load'] as const) {
      const { outcome, errors } = await stalled(when);
      const want = when === 'during-failing-load' ? 'db down' : 'loaded';
      assert.equal(outcome, want, `Redis stalled ${when}: the caller gets the load's outcome`);
      assert.ok(errors.length >= 1, `Redis stalled ${when}: the stall is reported to onCacheError`);
    }
    proves('cache-aside', 'typescript');
  });

  it('typescript: a lease whose SET NX the caller gave up on, but which landed afterwards, is deleted at once: the next caller loads instead of waiting out the orphan lease (60 s, given up on after 10 s)', async () => {
    const [first, second] = processes(2);
    const key = `cache-aside:orphan:${randomUUID()}`;
    let loads = 0;
    const load = async () => `loaded ${++loads}`;
    const { gaveUp, next, left } = await withStallableRedis(async (redis, _stall, admin) => {
      // Reads are answered and writes held: the caller's GET finds no key, its SET NX gets no reply.
      await admin('CLIENT', 'PAUSE', '60000', 'WRITE');
      const gaveUp = await orGiveUp(first!.getOrLoad(redis, key, load, { leaseMs: 60_000, waitMs: 300 }));
      // The held SET NX lands now, after its caller stopped waiting for it; the next caller's GET
      // comes after it on the same connection, so it sees whatever the SET left.
      await admin('CLIENT', 'UNPAUSE');
      const next = await orGiveUp(second!.getOrLoad(redis, key, load, { leaseMs: 60_000 }));
      // The delete spares a lease that is not ours: another caller's SET (held first) takes the key,
      // ours then finds it taken, and what follows our give-up must leave the other lease alone.
      const otherKey = `${key}:other`;
      const other = redis.duplicate();
      other.on('error', () => {});
      await other.connect();
      try {
        await admin('CLIENT', 'PAUSE', '60000', 'WRITE');
        const otherSet = other.set(otherKey, '\u0000lease:other', { PX: 60_000 });
        // Held first: Redis counts the held client as blocked before ours sends anything.
        while (!/blocked_clients:1\b/.test(String(await admin('INFO', 'clients')))) await new Promise((r) => setTimeout(r, 5));
        await orGiveUp(first!.getOrLoad(redis, otherKey, load, { leaseMs: 60_000, waitMs: 300 }));
        await admin('CLIENT', 'UNPAUSE');
        await otherSet;
        const left = await redis.get(otherKey);
        return { gaveUp, next, left };
      } finally {
        other.destroy();
      }
    });
    assert.equal(gaveUp, 'loaded 1', 'the caller that gave up on the lease loads by itself');
    assert.equal(next, 'loaded 2', 'the next caller loads at once instead of waiting for a lease nobody loads for');
    assert.equal(left, '\u0000lease:other', "giving up deleted another caller's lease");
    proves('cache-aside', 'typescript');
  });

  it('typescript: invalidate() through a Redis that keeps the connection open but answers nothing resolves false after its timeout (the write happened: no throw) and reports the possible staleness, to onCacheError or by default as a console warning; the held delete still lands when Redis answers again', async () => {
    const [cache] = processes(1);
    const key = `cache-aside:hung:${randomUUID()}`;
    const warned: unknown[] = [];
    const warn = console.warn;
    const result = await withStallableRedis(async (redis, _stall, admin) => {
      await redis.set(key, '"before the write"');
      await admin('CLIENT', 'PAUSE', '60000', 'WRITE'); // DEL is held; CLIENT UNPAUSE still goes through
      const errors: unknown[] = [];
      const settle = (p: Promise<boolean>) => orGiveUp(p.then((ok) => `resolved ${ok}`, (err: Error) => 'rejected: ' + err.message));
      const reported = await settle(cache!.invalidate(redis, key, { timeoutMs: 300, onCacheError: (err) => errors.push(err) }));
      console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
      let byDefault: unknown;
      try {
        byDefault = await settle(cache!.invalidate(redis, key, { timeoutMs: 300 }));
      } finally {
        console.warn = warn;
      }
      await admin('CLIENT', 'UNPAUSE');
      const after = await redis.get(key); // on the same connection, after the held DELs
      return { reported, byDefault, errors: errors.map(String), after };
    });
    assert.equal(result.reported, 'resolved false', 'the writer is told the delete is not confirmed, without a throw');
    assert.equal(result.errors.length, 1, 'the unconfirmed delete is reported to onCacheError');
    assert.match(result.errors[0]!, new RegExp(`${key}.*not confirmed.*before the write`));
    assert.equal(result.byDefault, 'resolved false');
    assert.equal(warned.length, 1, 'without onCacheError the unconfirmed delete is a console warning');
    assert.match(String(warned[0]), /not confirmed/);
    assert.equal(result.after, null, 'the held delete landed once Redis answered again');
    proves('cache-aside', 'typescript');
  });

  it('typescript: a failing load hands its lease back, so the next caller loads at once', async () => {
    const [cache] = processes(1);
    const redis = await client();
    const key = `cache-aside:failing:${randomUUID()}`;
    await assert.rejects(cache!.getOrLoad(redis, key, async () => Promise.reject(new Error('db down'))), /db down/);
    assert.equal(await redis.get(key), null, 'no lease left behind');
    assert.equal(await cache!.getOrLoad(redis, key, async () => 'loaded', { waitMs: 600_000 }), 'loaded');
    assert.equal(JSON.parse((await redis.get(key))!), 'loaded');
    proves('cache-aside', 'typescript');
  });

  it('typescript: a loaded value JSON cannot hold (undefined for a missing row, a BigInt) is returned uncached and its lease handed back, so the next caller loads at once instead of waiting out the lease', async () => {
    const [cache] = processes(1);
    const redis = await client();
    for (const [what, value] of [
      ['undefined', undefined],
      ['a BigInt', 10n],
    ] as const) {
      const key = `cache-aside:unencodable:${randomUUID()}`;
      const errors: unknown[] = [];
      // A lease of 10 minutes: one left behind would hold every later caller of the key.
      assert.equal(await cache!.getOrLoad(redis, key, async () => value, { leaseMs: 600_000, onCacheError: (err) => errors.push(err) }), value);
      assert.equal(await redis.get(key), null, `${what}: no lease left behind, nothing cached`);
      // undefined is a miss, not a failure; JSON.stringify's TypeError on a BigInt is reported.
      assert.deepEqual(errors.map((e) => (e as Error).name), what === 'undefined' ? [] : ['TypeError'], `${what}: reports`);
      // The next caller takes the lease and caches its value; with the old lease still there it
      // would wait its whole waitMs for a loader that has finished.
      let calls = 0;
      const next = cache!.getOrLoad(redis, key, async () => ++calls, { leaseMs: 600_000, waitMs: 600_000 });
      assert.equal(await orGiveUp(next), 1, `${what}: the next caller loads at once`);
      assert.equal(await redis.get(key), '1', `${what}: the next value is cached`);
      await redis.del(key);
    }
    proves('cache-aside', 'typescript');
  });

  it('typescript: a loaded value JSON cannot hold hands its lease back before it is reported, so an onCacheError that throws does not leave the lease on the key', async () => {
    const [cache] = processes(1);
    const redis = await client();
    const key = `cache-aside:unencodable-throwing-report:${randomUUID()}`;
    const strict = (err: unknown) => {
      throw err;
    };
    await assert.rejects(
      cache!.getOrLoad(redis, key, async () => 10n, { leaseMs: 600_000, onCacheError: strict }),
      (err: Error) => err.name === 'TypeError',
    );
    assert.equal(await redis.get(key), null, 'no lease left behind by a throwing report');
    let calls = 0;
    const next = cache!.getOrLoad(redis, key, async () => ++calls, { leaseMs: 600_000, waitMs: 600_000 });
    assert.equal(await orGiveUp(next), 1, 'the next caller loads at once');
    await redis.del(key);
    proves('cache-aside', 'typescript');
  });

  it('typescript: a load slower than its lease, through a Redis that answers in 5 ms, reports no Redis failure (its lease has expired: nothing to fill or hand back), whether it succeeds or fails', async () => {
    const [cache] = processes(1);
    const real = await client();
    // A Redis a few milliseconds away (another zone): each reply comes 5 ms after the real one.
    const late = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      const reply = await call(...args);
      await new Promise((r) => setTimeout(r, 5));
      return reply;
    };
    const redis = {
      get: late(real.get.bind(real)),
      set: late(real.set.bind(real)),
      eval: late(real.eval.bind(real)),
      del: late(real.del.bind(real)),
    } as unknown as Redis;
    const errors: unknown[] = [];
    const slow = (outcome: 'value' | 'failure') => async () => {
      await new Promise((r) => setTimeout(r, 250));
      if (outcome === 'failure') throw new Error('db down');
      return 'loaded';
    };
    const options = { leaseMs: 100, waitMs: 1000, onCacheError: (err: unknown) => errors.push(err) };
    const key = `cache-aside:slow-load:${randomUUID()}`;
    assert.equal(await cache!.getOrLoad(redis, key, slow('value'), options), 'loaded');
    await assert.rejects(cache!.getOrLoad(redis, `${key}:failing`, slow('failure'), options), /db down/);
    assert.deepEqual(errors.map(String), [], 'Redis answered every command: onCacheError reports a Redis failure');
    assert.equal(await real.get(key), null, 'a value filled after its lease expired');
    proves('cache-aside', 'typescript');
  });

  it('typescript: TTLs are jittered within [ttl, ttl * (1 + jitter)]', async () => {
    const [cache] = processes(1);
    const redis = await client();
    const ttls: number[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `cache-aside:ttl:${randomUUID()}`;
      await cache!.getOrLoad(redis, key, async () => i, { ttlSeconds: 1000, jitter: 0.5 });
      ttls.push(await redis.ttl(key));
      await redis.del(key);
    }
    assert.ok(ttls.every((t) => t >= 995 && t <= 1500), `TTLs out of range: ${ttls}`);
    assert.ok(new Set(ttls).size > 10, `TTLs are not spread: ${ttls}`);
    proves('cache-aside', 'typescript');
  });

  it('typescript: a ttlSeconds that rounds to 0 s (0.49, 0, -1, NaN) or is Infinity, and a jitter below 0 (which can bring the expiry to 0), NaN or Infinity, and either one not a number (true, null, a string; before: a jitter of true was kept as 100%), are refused before Redis is asked (Redis refuses the fill\'s EX 0, leaving the lease on the key); 0.5 rounds to 1 s and is kept', async () => {
    const [cache] = processes(1);
    const redis = await client();
    const key = `cache-aside:ttl0:${randomUUID()}`;
    let loads = 0;
    for (const bad of [0.49, 0, -1, NaN, Infinity]) {
      await assert.rejects(cache!.getOrLoad(redis, key, async () => ++loads, { ttlSeconds: bad }), (err: Error) => err instanceof RangeError && /ttlSeconds/.test(err.message), `ttlSeconds ${bad}`);
    }
    for (const bad of [-0.5, -1, NaN, Infinity]) {
      await assert.rejects(cache!.getOrLoad(redis, key, async () => ++loads, { ttlSeconds: 1, jitter: bad }), (err: Error) => err instanceof RangeError && /jitter/.test(err.message), `jitter ${bad}`);
    }
    // Not numbers, as a JavaScript caller or a loosely typed config may pass them (before: a jitter of true was 100%, null none, '0.5' half).
    for (const bad of [true, false, null, '0.5', '300'] as unknown as number[]) {
      await assert.rejects(cache!.getOrLoad(redis, key, async () => ++loads, { ttlSeconds: bad }), (err: Error) => err instanceof RangeError && /ttlSeconds/.test(err.message), `ttlSeconds ${String(bad)}`);
      await assert.rejects(cache!.getOrLoad(redis, key, async () => ++loads, { ttlSeconds: 1, jitter: bad }), (err: Error) => err instanceof RangeError && /jitter/.test(err.message), `jitter ${String(bad)}`);
    }
    assert.equal(loads, 0, 'nothing was loaded');
    assert.equal(await redis.get(key), null, 'no lease was taken');
    // Redis accepting the fill (EX 1) is read from onCacheError, not from the key, which may expire before a read.
    const errors: unknown[] = [];
    assert.equal(await cache!.getOrLoad(redis, key, async () => 'v', { ttlSeconds: 0.5, jitter: 0, onCacheError: (err) => errors.push(err) }), 'v');
    assert.deepEqual(errors.map(String), [], 'a 0.5 s TTL (1 s) fills');
    await redis.del(key);
    proves('cache-aside', 'typescript');
  });

  it('python: threads of 2 processes load once; no stale re-cache after invalidation; outage served; failed load frees the lease, as does a value JSON cannot encode (returned uncached); the default wait outlasts a 2.5 s load; TTLs jittered; a ttl_seconds under 1 (0.99, 0, -1, nan) or inf, and a jitter below 0, nan or inf, are refused when the cache is built, and either one that is a bool (before: ttl_seconds=True was a 1 s TTL, jitter=True 100%)', async () => {
    const db = await freshDatabase('cache_aside_py');
    await runPythonProof({ snippet: 'cache-aside', programs: ['proof.py'], env: await proofEnv({ db, redis: true }) });
  });

  it('python: a Redis that keeps the socket open but answers nothing (CLIENT PAUSE) costs the wait plus the socket timeout, stalled before the read, during a load or during a failing load; invalidate() through a stalled Redis does not raise (the write committed): it returns False and reports to on_error or as a logging warning; 40 timed-out SET NX start one background worker, not a thread each, and it deletes their orphan leases; the worker outlives a delete that fails with a non-Redis error, and a process forked after it started deletes its orphans too; a lease whose SET NX timed out on a busy Redis but landed later is deleted, so the next caller does not wait out its 60 s; a client (a Redis one or a one-node RedisCluster) without socket_timeout is refused', async () => {
    const server = await startRedis();
    try {
      const env = { SDP_REDIS_HOST: server.host, SDP_REDIS_PORT: String(server.port), SDP_REDIS_URL: server.url };
      await runPythonProof({ snippet: 'cache-aside', programs: ['proof_stall.py'], env, label: 'stall' });
    } finally {
      await server.stop();
    }
  });

  it('python: a full orphan-lease delete backlog reports 150 drops in 3 warnings (the 1st, 10th and 100th) and one summary with the count once it has emptied, not a warning each; the dropped deletes are not sent and the queued ones are; at interpreter exit the pending deletes are sent (with the worker held in a delete until the flush began, only that flush can), the one in flight then is retried in it, none goes before its 0.1 s after the SET are up, and against a Redis that holds every delete (1 s socket timeout) at most one starts within the flush\'s 1 s (40 pending; given up on after 20 s); a retry due after the flush\'s limit is sent in it; a delete that never returns does not hold the exit; the flush waits for the worker\'s delete in flight when the backlog is empty (its lease is deleted) and does not wait at all once the worker has died; a dead worker is replaced by the next add, and a failed thread start drops that delete with a warning while the caller still loads', async () => {
    const server = await startRedis();
    try {
      const env = { SDP_REDIS_HOST: server.host, SDP_REDIS_PORT: String(server.port), SDP_REDIS_URL: server.url };
      await runPythonProof({ snippet: 'cache-aside', programs: ['proof_backlog.py', 'exit_orphan.py'], env, label: 'backlog' });
    } finally {
      await server.stop();
    }
  });

  it('python: while Redis fails, get_or_load logs at most one line per 60 s (its own clock, no wall clock): 100 failing reads log one warning with the traceback, the next line counts the failures in between without one, failing fills are counted too, the first answered read after 60 s logs that Redis answers again with the count, and a new outage after a quiet spell has its traceback again', async () => {
    await runPythonProof({ snippet: 'cache-aside', programs: ['proof_failures.py'], env: await proofEnv({ redis: true }), label: 'failures' });
  });

  it('python: a loaded value JSON cannot encode is logged at most once per 60 s (its own clock), the next line counting the loads in between, not a traceback per load, and once such values stop the first call a minute after the last line, a hit too, logs the count still unlogged (before: never logged); a value nested past the recursion limit (RecursionError) is returned uncached and its lease handed back', async () => {
    await runPythonProof({ snippet: 'cache-aside', programs: ['proof_unencodable.py'], env: await proofEnv({ redis: true }), label: 'unencodable' });
  });

  it('go: goroutines load once; no stale re-cache after invalidation; Invalidate drops the in-flight load; the leader\'s cancel does not fail waiters; zero fields get defaults; the default wait outlasts a slow load; a panicking loader releases its waiters; outage served; TTLs jittered (zero Jitter takes 10%, a negative one means none); a TTL under 1 ms is refused before anything is loaded; NewCache sets the zero-field defaults; Lease times the load alone, so waiting out a dead loader, a wait that ran long or a hung Redis does not shorten it (a hung Redis still gets the value); a lease handed back through a hung Redis holds the callers no longer than the lease; a lease whose SetNX was given up on but landed later is deleted (the next caller does not wait out its minute) and another caller\'s lease is spared; the retries stop once a delete succeeded; Invalidate returns a delete the store did not confirm; while Redis fails, reads and fills log at most one line a minute (the test\'s own clock), and so do loaded values JSON cannot encode (20 loads, one line), whose count still unlogged when they stop is logged by the first call a minute after the last line, a hit too (before: never logged); at most 1000 orphan-lease deletes are pending in a process, more are dropped and counted (lines at the 1st, 10th and 100th drop, one summary once none is pending) while every caller still loads; FlushReleases at shutdown sends the pending deletes (gone once the process has exited), a delete waiting for its next retry at once and as its last, and a delete that never returns does not hold it; a SetNX timed out after the flush still gets its one delete (child processes given up on after 20 s); probes give up after 10 s', async () => {
    const db = await freshDatabase('cache_aside_go');
    await runGoProof({ snippet: 'cache-aside', programs: ['proof_test.go'], env: await proofEnv({ db, redis: true }), resp: true });
  });
});
