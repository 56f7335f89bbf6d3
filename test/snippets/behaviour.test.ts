/**
 * Behaviour under concurrency and failure, proven against real PostgreSQL and Redis. Every test
 * runs the snippet's own code: the TypeScript variant expanded with its defaults and imported, and
 * the SQL variant executed to create the schema it expects.
 */
import { strict as assert } from 'assert';
import { Client, Pool } from 'pg';
import { createClient } from 'redis';
import { proves } from './harness';
import { importSnippet, sqlOf } from './library';
import { sharedPostgres, sharedRedis } from './servers';

type Redis = Awaited<ReturnType<typeof redisClient>>;

// The shapes the tests rely on. The snippet sources contain tab stops, so they cannot be imported
// as types before expansion; these declarations are checked at run time by the tests themselves.
interface Lease {
  resource: string;
  owner: string;
  fence: number;
}
interface DistributedLock {
  acquireLock(redis: Redis, resource: string, ttlMs?: number): Promise<Lease | null>;
  releaseLock(redis: Redis, lease: Lease): Promise<boolean>;
  writeWithFence(pool: Pool, lease: Lease, value: string): Promise<boolean>;
}
interface ReconnectBackoff {
  backoffDelay(attempt: number, options?: { baseMs?: number; maxMs?: number }): number;
  consumeWithReconnect(
    connect: (lastEventId: string | undefined, signal: AbortSignal) => AsyncIterable<{ id: string; data: string }>,
    onMessage: (m: { id: string; data: string }) => void,
    signal: AbortSignal,
    options?: { baseMs?: number; maxMs?: number },
  ): Promise<void>;
}

/** A pool whose sessions use their own schema, created from the snippet's SQL variant. */
async function schemaPool(name: string, snippetIds: string[], max = 30): Promise<Pool> {
  const server = await sharedPostgres();
  const setup = new Client({ connectionString: server.connectionString });
  await setup.connect();
  try {
    await setup.query(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name}; SET search_path TO ${name}`);
    for (const id of snippetIds) await setup.query(sqlOf(id));
  } finally {
    await setup.end();
  }
  return new Pool({ connectionString: server.connectionString, options: `-c search_path=${name}`, max });
}

async function redisClient() {
  const server = await sharedRedis();
  const client = createClient({ url: server.url });
  await client.connect();
  return client;
}

describe('behaviour against real servers', function () {
  this.timeout(120_000);

  it('distributed lock: a holder with a stale fencing token is rejected, and cannot release the new holder', async () => {
    const { acquireLock, releaseLock, writeWithFence } = importSnippet<DistributedLock>('distributed-lock-fencing');
    proves('distributed-lock-fencing', 'typescript');
    const pool = await schemaPool('behave_fencing', ['distributed-lock-fencing']);
    const redis = await redisClient();
    try {
      // A long lease, so that a slow machine cannot let it lapse before the exclusivity check;
      // the test then runs it out itself (PEXPIRE), as a holder that pauses past it would.
      const a = await acquireLock(redis, 'report-42', 10_000);
      assert.ok(a);
      assert.equal(await acquireLock(redis, 'report-42', 100), null, 'the lock is exclusive while held');
      assert.ok(await writeWithFence(pool, a, 'from A'));

      // A "pauses" past its lease: its lock key expires (no clock in the assertion).
      assert.equal(await redis.pExpire('lock:{report-42}', 1), 1, 'the lock key the snippet wrote');
      while ((await redis.exists('lock:{report-42}')) === 1) await new Promise((r) => setTimeout(r, 5));
      const b = await acquireLock(redis, 'report-42', 10_000);
      assert.ok(b);
      assert.ok(b.fence > a.fence, 'fencing tokens increase');
      assert.ok(await writeWithFence(pool, b, 'from B'));

      assert.equal(await writeWithFence(pool, a, 'late write from A'), false, 'stale token rejected');
      assert.equal(await releaseLock(redis, a), false, 'A cannot release B\'s lock');
      const { rows } = await pool.query('SELECT value FROM fenced_resources WHERE id = $1', ['report-42']);
      assert.equal(rows[0].value, 'from B');
      assert.equal(await releaseLock(redis, b), true);
    } finally {
      await redis.quit();
      await pool.end();
    }
  });

  it('reconnect backoff: delays stay within their bounds and grow to the cap', () => {
    const { backoffDelay } = importSnippet<ReconnectBackoff>(
      'reconnect-backoff',
    );
    proves('reconnect-backoff', 'typescript');
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      for (let i = 0; i < 500; i++) {
        const delay = backoffDelay(attempt);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${attempt}: ${delay} outside [${ceiling / 2}, ${ceiling}]`);
      }
    }
    const custom = Array.from({ length: 1000 }, () => backoffDelay(3, { baseMs: 100, maxMs: 1000 }));
    assert.ok(custom.every((d) => d >= 400 && d <= 800));
    assert.ok(new Set(custom).size > 900, 'delays are jittered, not identical');
  });

  it('reconnect: resumes from the last event id after a drop', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>(
      'reconnect-backoff',
    );
    proves('reconnect-backoff', 'typescript');
    const log = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), data: `m${i + 1}` }));
    const asked: (string | undefined)[] = [];
    const stop = new AbortController();
    const received: string[] = [];
    let connections = 0;
    await consumeWithReconnect(
      async function* (lastEventId) {
        asked.push(lastEventId);
        connections++;
        const start = lastEventId ? Number(lastEventId) : 0;
        for (const m of log.slice(start, start + 4)) yield m;
        if (connections < 3) throw new Error('connection reset');
      },
      (m) => {
        received.push(m.data);
        if (received.length === 10) stop.abort();
      },
      stop.signal,
      { baseMs: 1, maxMs: 5 },
    );
    assert.deepEqual(received, log.map((m) => m.data), 'nothing lost, nothing duplicated');
    assert.deepEqual(asked, [undefined, '4', '8']);
  });
});
