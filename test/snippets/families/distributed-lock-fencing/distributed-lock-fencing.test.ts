/**
 * distributed-lock-fencing: the lock is exclusive, a holder whose lease expired can neither write
 * (the storage refuses its older token) nor release the new holder's lock, two holders never both
 * write even if the token counter went backwards, and the keys work on Redis Cluster.
 */
import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { Pool } from 'pg';
import { createClient, createCluster } from 'redis';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof, type ProofDatabase } from '../../harness';
import { importSnippet, sqlOf } from '../../library';
import { sharedRedis } from '../../servers';
import { clusterRedis } from '../../s2-servers';

interface Lease {
  resource: string;
  owner: string;
  fence: number;
}
type AnyRedis = { eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown> };
interface DistributedLock {
  acquireLock(redis: AnyRedis, resource: string, ttlMs?: number): Promise<Lease | null>;
  releaseLock(redis: AnyRedis, lease: Lease): Promise<boolean>;
  writeWithFence(pool: Pool, lease: Lease, value: string): Promise<boolean>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('distributed-lock-fencing', function () {
  this.timeout(600_000);
  let db: ProofDatabase;
  let pool: Pool;
  let redis: ReturnType<typeof createClient>;
  const lock = () => importSnippet<DistributedLock>('distributed-lock-fencing');

  before(async () => {
    db = await freshDatabase('fencing_ts');
    await db.exec(sqlOf('distributed-lock-fencing'));
    pool = new Pool({ connectionString: db.url, max: 10 });
    redis = createClient({ url: (await sharedRedis()).url });
    await redis.connect();
  });
  after(async () => {
    await redis?.quit();
    await pool?.end();
  });

  it('typescript+sql: exclusive while held; a paused holder past its lease is refused by storage and cannot release the new holder', async () => {
    const { acquireLock, releaseLock, writeWithFence } = lock();
    const resource = `report-${randomUUID()}`;
    // A long lease, so that a slow machine cannot let it lapse before the exclusivity check (a
    // 100 ms lease once did, under load); the test then runs it out itself with PEXPIRE.
    const a = await acquireLock(redis, resource, 10_000);
    assert.ok(a);
    assert.equal(await acquireLock(redis, resource, 100), null, 'the lock is exclusive while held');
    assert.ok(await writeWithFence(pool, a, 'from A'));
    assert.ok(await writeWithFence(pool, a, 'from A again'), 'the holder may write several times');

    // A "pauses" past its lease: its key expires; wait until it is gone (no wall-clock assertion).
    assert.equal(await redis.pExpire(`lock:{${resource}}`, 1), 1, 'the lock key the snippet wrote');
    while ((await redis.exists(`lock:{${resource}}`)) === 1) await sleep(20);
    const b = await acquireLock(redis, resource, 10_000);
    assert.ok(b);
    assert.ok(b.fence > a.fence, 'fencing tokens increase');
    assert.ok(await writeWithFence(pool, b, 'from B'));

    assert.equal(await writeWithFence(pool, a, 'late write from A'), false, 'stale token refused');
    assert.equal(await releaseLock(redis, a), false, "A cannot release B's lock");
    assert.equal(await acquireLock(redis, resource, 100), null, "B's lock survived A's release attempt");
    const { rows } = await pool.query('SELECT value FROM fenced_resources WHERE id = $1', [resource]);
    assert.equal(rows[0].value, 'from B');
    assert.equal(await releaseLock(redis, b), true);
    assert.ok(await acquireLock(redis, resource, 100), 'free again after release');
    proves('distributed-lock-fencing', 'typescript');
    proves('distributed-lock-fencing', 'sql');
  });

  it('typescript+sql: when the token counter went backwards (Redis restart), two holders with the same token never both write', async () => {
    const { acquireLock, writeWithFence } = lock();
    const resource = `ledger-${randomUUID()}`;
    const a = await acquireLock(redis, resource, 50);
    assert.ok(a);
    assert.ok(await writeWithFence(pool, a, 'from A'));
    // The counter is lost (a restart without persistence, a failover to a replica behind).
    await redis.set(`lock:{${resource}}:fence`, String(a.fence - 1));
    while ((await redis.exists(`lock:{${resource}}`)) === 1) await sleep(20);
    const b = await acquireLock(redis, resource, 10_000);
    assert.ok(b);
    assert.equal(b.fence, a.fence, 'the counter handed the same token out again');
    const accepted = [await writeWithFence(pool, b, 'from B'), await writeWithFence(pool, a, 'from A, late')];
    assert.equal(accepted.filter(Boolean).length, 1, `exactly one of two holders with one token may write (got ${accepted})`);
    proves('distributed-lock-fencing', 'typescript');
    proves('distributed-lock-fencing', 'sql');
  });

  it('typescript+sql: 8 contenders incrementing through the lock lose no update', async () => {
    const { acquireLock, releaseLock, writeWithFence } = lock();
    const resource = `counter-${randomUUID()}`;
    const clients = await Promise.all(Array.from({ length: 8 }, async () => createClient({ url: (await sharedRedis()).url }).connect()));
    try {
      let held = 0;
      let maxHeld = 0;
      const worker = async (client: AnyRedis): Promise<void> => {
        for (let done = 0; done < 10; ) {
          const lease = await acquireLock(client, resource, 30_000);
          if (!lease) {
            await sleep(2);
            continue;
          }
          held++;
          maxHeld = Math.max(maxHeld, held);
          const { rows } = await pool.query<{ value: string }>('SELECT value FROM fenced_resources WHERE id = $1', [resource]);
          await sleep(1); // widen the read-modify-write window
          assert.ok(await writeWithFence(pool, lease, String(Number(rows[0]?.value ?? 0) + 1)));
          held--;
          assert.ok(await releaseLock(client, lease));
          done++;
        }
      };
      await Promise.all(clients.map((c) => worker(c)));
      const { rows } = await pool.query('SELECT value FROM fenced_resources WHERE id = $1', [resource]);
      assert.equal(rows[0].value, '80', 'every increment made under the lock survived');
      assert.equal(maxHeld, 1, 'never two holders at once');
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
    proves('distributed-lock-fencing', 'typescript');
    proves('distributed-lock-fencing', 'sql');
  });

  it('typescript: a ttlMs Redis would reject (fractional, zero, negative, NaN) is refused before any call, with a clear error', async () => {
    const { acquireLock } = lock();
    const resource = `bad-ttl-${Date.now()}`;
    for (const ttl of [1.5, 0, -5, Number.NaN]) {
      await assert.rejects(acquireLock(redis as unknown as AnyRedis, resource, ttl), /ttlMs must be a whole number of milliseconds >= 1/, String(ttl));
    }
    assert.equal(await redis.exists(`lock:{${resource}}`), 0, 'no lock left behind');
    const lease = await acquireLock(redis as unknown as AnyRedis, resource, 1);
    assert.ok(lease, 'a 1 ms TTL is accepted');
    proves('distributed-lock-fencing', 'typescript');
  });

  it('typescript: an unexpected reply to acquire is an error (and the lock is handed back), never "held by someone else"', async () => {
    const { acquireLock } = lock();
    const resource = `odd-reply-${Date.now()}`;
    let calls = 0;
    const odd: AnyRedis = {
      eval: async (script, options) => {
        const reply = await redis.eval(script, options);
        return calls++ === 0 ? null : reply; // a client or proxy that maps the integer reply to null
      },
    };
    await assert.rejects(acquireLock(odd, resource, 60_000), /unexpected reply/);
    const lease = await acquireLock(redis as unknown as AnyRedis, resource, 60_000);
    assert.ok(lease, 'the lock taken by the odd call was handed back');
    proves('distributed-lock-fencing', 'typescript');
  });

  it('typescript: a token below 1 (a fence key set to -5 or to -1, whose INCR gives 0) or a negative reply (a -1 or -2 from a client mixing up replies) is an error and the lock is handed back; it was read as "held by someone else" and left held for the TTL', async () => {
    const { acquireLock, releaseLock } = lock();
    const resource = `negative-fence-${Date.now()}`;
    const lockKey = `lock:{${resource}}`;
    for (const [counter, token] of [['-5', '-4'], ['-1', '0']]) {
      await redis.set(`${lockKey}:fence`, counter); // the script's INCR gives the token, after it took the lock
      await assert.rejects(acquireLock(redis, resource, 60_000), new RegExp(`fencing token ${token}\\b`), `fence key at ${counter}`);
      assert.equal(await redis.exists(lockKey), 0, `fence key at ${counter}: the lock the script took was handed back`);
    }
    await redis.del(`${lockKey}:fence`);
    for (const bad of [-1, -2]) {
      let calls = 0;
      const mixedUp: AnyRedis = {
        eval: async (script, options) => {
          const reply = await redis.eval(script, options);
          return calls++ === 0 ? bad : reply;
        },
      };
      await assert.rejects(acquireLock(mixedUp, resource, 60_000), /negative fencing token/, String(bad));
      assert.equal(await redis.exists(lockKey), 0, `the lock taken by the call with the ${bad} reply was handed back`);
    }
    const lease = await acquireLock(redis as unknown as AnyRedis, resource, 60_000);
    assert.ok(lease && lease.fence >= 1, 'after the fence key is gone, a token from 1 up');
    await releaseLock(redis as unknown as AnyRedis, lease);
    proves('distributed-lock-fencing', 'typescript');
  });

  it('typescript: an acquire that fails after Redis ran the script (a timeout, a dropped reply) hands the lock back, and never a lock someone else holds', async () => {
    const { acquireLock, releaseLock } = lock();
    const resource = `lost-reply-${Date.now()}`;
    let calls = 0;
    const lossy: AnyRedis = {
      eval: async (script, options) => {
        const reply = await redis.eval(script, options);
        if (calls++ === 0) throw new Error('socket timeout'); // the script ran; its reply was lost
        return reply;
      },
    };
    await assert.rejects(acquireLock(lossy, resource, 60_000), /socket timeout/);
    const lease = await acquireLock(redis as unknown as AnyRedis, resource, 60_000);
    assert.ok(lease, 'the lock taken by the failed call was handed back, not held for the 60 s TTL');

    // The hand-back releases only its own owner id: a failed call that found the lock held (the
    // script refused it) must leave the holder's lock in place.
    calls = 0;
    await assert.rejects(acquireLock(lossy, resource, 60_000), /socket timeout/);
    assert.equal(await acquireLock(redis as unknown as AnyRedis, resource, 60_000), null, 'the holder still has the lock');
    assert.equal(await releaseLock(redis as unknown as AnyRedis, lease), true, "the hand-back did not release the holder's lock");
    proves('distributed-lock-fencing', 'typescript');
  });

  it('typescript: acquire and release work on Redis Cluster (lock and fence keys share a slot)', async () => {
    const { acquireLock, releaseLock } = lock();
    const { url } = await clusterRedis();
    const cluster = createCluster({ rootNodes: [{ url }] });
    await cluster.connect();
    try {
      for (const resource of ['a', 'b', 'report-42', `r-${randomUUID()}`]) {
        const lease = await acquireLock(cluster, resource, 10_000);
        assert.ok(lease, `acquired ${resource}`);
        assert.equal(await acquireLock(cluster, resource, 10_000), null);
        assert.ok(await releaseLock(cluster, lease));
      }
    } finally {
      await cluster.quit();
    }
    proves('distributed-lock-fencing', 'typescript');
  });

  async function otherLanguageEnv(name: string): Promise<Record<string, string>> {
    const langDb = await freshDatabase(name);
    await langDb.exec(sqlOf('distributed-lock-fencing'));
    const cluster = await clusterRedis();
    return { ...(await proofEnv({ db: langDb, redis: true })), SDP_CLUSTER_REDIS_HOST: cluster.host, SDP_CLUSTER_REDIS_PORT: String(cluster.port) };
  }

  it('python: exclusive; expiry hands out a higher token the storage prefers; no release of the next holder; works on a cluster; an acquire that fails after the script ran hands the lock back; a token below 1 (a fence key at -5, or at -1 whose INCR gives 0) or a -1 or -2 reply is an error and the lock goes back', async () => {
    await runPythonProof({ snippet: 'distributed-lock-fencing', programs: ['proof.py'], env: await otherLanguageEnv('fencing_py') });
  });

  it('go: exclusive; expiry hands out a higher token the storage prefers; no release of the next holder; works on a cluster; an acquire that fails after the script ran hands the lock back; a token below 1 (a fence key at -5, or at -1 whose INCR gives 0) or a -1 or -2 reply is an error and the lock goes back', async () => {
    await runGoProof({ snippet: 'distributed-lock-fencing', programs: ['proof_test.go'], env: await otherLanguageEnv('fencing_go'), resp: true });
  });
});
