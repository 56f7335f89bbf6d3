/**
 * read-your-writes: with a real streaming replica whose replay is paused (lag you control), a user
 * reads their own write back at once, while other users' reads do go to the lagging replica; once
 * the replica has replayed the write, the user's reads go back to it.
 */
import { strict as assert } from 'assert';
import { Client, Pool, type PoolClient } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { onePool } from '../../onePool';
import { importSnippet } from '../../library';
import { primaryWithReplica } from '../../s2-servers';

interface Router {
  write(userId: string, sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>;
  read<R>(userId: string, sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}
interface ReadYourWritesModule {
  ReadYourWritesRouter: new (primary: Pool, replicas: readonly Pool[], rememberMs?: number) => Router;
}

/**
 * A stand-in replica pool: every connection (from `connect()` or `query()`) answers with `answer`.
 * `released` records each client's release argument (true: destroyed).
 */
function lagging(answer: (sql: string, params?: unknown[]) => unknown[], released: unknown[] = []): Pool {
  const client = () => ({
    query: async (sql: string, params?: unknown[]) => ({ rows: answer(sql, params) }),
    on: () => undefined,
    off: () => undefined,
    release: (destroy?: unknown) => void released.push(destroy),
  });
  return { connect: async () => client(), query: async (sql: string, params?: unknown[]) => client().query(sql, params) } as unknown as Pool;
}

const READ_ALICE = "SELECT bio FROM ryw_profiles WHERE id = 'alice'";
const WRITE_V2 = "UPDATE ryw_profiles SET bio = 'v2' WHERE id = 'alice'";
const CREATE_PROFILES = "CREATE TABLE ryw_profiles (id text PRIMARY KEY, bio text); INSERT INTO ryw_profiles VALUES ('alice', 'v1')";

const routerClass = () => importSnippet<ReadYourWritesModule>('read-your-writes').ReadYourWritesRouter;

/** What `user` reads as alice's bio through the router. */
async function bio(router: Router, user: string): Promise<string | undefined> {
  return (await router.read<{ bio: string }>(user, READ_ALICE)).rows[0]?.bio;
}

/** A replica that never catches up and still holds alice's 'v1'. */
const staleReplica = () => lagging((sql) => (sql.includes('pg_last_wal_replay_lsn') ? [{ caught_up: false }] : [{ bio: 'v1' }]));

/** A database of its own holding ryw_profiles (alice: 'v1'), and a pool of 4 on it. */
async function profilesDatabase(name: string) {
  const db = await freshDatabase(name);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  try {
    await pool.query(CREATE_PROFILES);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { db, pool };
}

/** Alice reads 'v2' three times (she is on the primary); bob still reads `bobSees` from the replica. */
async function assertPinned(router: Router, aliceMessage: string, bobSees: string) {
  for (let i = 0; i < 3; i++) assert.equal(await bio(router, 'alice'), 'v2', aliceMessage);
  assert.equal(await bio(router, 'bob'), bobSees, 'other users still read the replica');
}

/**
 * A replica pool over a real pool whose checked-out clients answer `query` through `query`
 * (given the real client): the check can be made to fail or stall on a real connection.
 */
function replicaThrough(
  pool: Pool,
  query: (client: PoolClient, sql: string, params?: unknown[]) => Promise<unknown>,
): Pool {
  return {
    query: (sql: string, params?: unknown[]) => pool.query(sql, params),
    connect: async () => {
      const client = await pool.connect();
      return new Proxy(client, {
        get(target, prop, receiver) {
          if (prop !== 'query') return Reflect.get(target, prop, receiver);
          return (sql: string, params?: unknown[]) => query(target, sql, params);
        },
      });
    },
  } as unknown as Pool;
}

describe('read-your-writes', function () {
  this.timeout(300_000);

  it('typescript: against a paused streaming replica, a user sees their own write at once, others see the replica, and reads return to the replica once it caught up', async () => {
    const ReadYourWritesRouter = routerClass();
    const { primary: primaryServer, replica: replicaServer } = await primaryWithReplica();
    const setup = new Client({ connectionString: primaryServer.connectionString });
    await setup.connect();
    await setup.query('DROP TABLE IF EXISTS ryw_profiles; CREATE TABLE ryw_profiles (id text PRIMARY KEY, bio text)');
    await setup.query("INSERT INTO ryw_profiles VALUES ('alice', 'v1')");
    await setup.end();
    const primary = new Pool({ connectionString: primaryServer.connectionString, max: 4 });
    const replica = new Pool({ connectionString: replicaServer.connectionString, max: 4 });
    const replicaShows = async (want: string) => {
      for (;;) {
        const { rows } = await replica.query(READ_ALICE);
        if (rows[0]?.bio === want) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      // Wait until the replica has the table and row, then freeze its replay: lag under our control.
      for (;;) {
        try {
          await replicaShows('v1');
          break;
        } catch {
          /* the table has not been replayed yet */
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      await replica.query('SELECT pg_wal_replay_pause()');
      const router = new ReadYourWritesRouter(primary, [replica]);

      await router.write('alice', WRITE_V2);
      assert.equal(await bio(router, 'bob'), 'v1', 'another user reads the lagging replica (the lag is real)');
      for (let i = 0; i < 5; i++) assert.equal(await bio(router, 'alice'), 'v2', 'alice sees her own write');

      await replica.query('SELECT pg_wal_replay_resume()');
      await replicaShows('v2');
      // Caught up: alice's reads go to the replica again. Prove it by pausing the replica once
      // more and writing behind the router's back: alice now reads the replica's (older) view.
      await replica.query('SELECT pg_wal_replay_pause()');
      await primary.query("UPDATE ryw_profiles SET bio = 'v3' WHERE id = 'alice'");
      assert.equal(await bio(router, 'alice'), 'v2', 'after catching up, reads are served by the replica');
      await replica.query('SELECT pg_wal_replay_resume()');
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()').catch(() => {});
      await primary.end();
      await replica.end();
    }
    proves('read-your-writes', 'typescript');
  });
  it('typescript: concurrent writes of one user finishing out of order keep the larger WAL position', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool } = await profilesDatabase('read_your_writes_ts');
    try {
      // The first write's position is read at once but its answer is held until the second write finished.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const positions: string[] = [];
      let lsnQueries = 0;
      const primary = {
        query: async (sql: string, params?: unknown[]) => {
          const result = await pool.query(sql, params);
          if (sql.includes('pg_current_wal_insert_lsn')) {
            positions.push(result.rows[0].lsn);
            if (lsnQueries++ === 0) await held;
          }
          return result;
        },
      } as unknown as Pool;
      const asked: unknown[] = [];
      const replica = lagging((sql, params) => {
        if (sql.includes('pg_last_wal_replay_lsn')) asked.push(params?.[0]);
        return [{ caught_up: false }];
      });
      const router = new ReadYourWritesRouter(primary, [replica]);
      const first = router.write('alice', WRITE_V2);
      while (positions.length === 0) await new Promise((r) => setTimeout(r, 5));
      await router.write('alice', "UPDATE ryw_profiles SET bio = 'v3' WHERE id = 'alice'");
      release();
      await first;
      assert.notEqual(positions[0], positions[1]);
      await router.read('alice', READ_ALICE);
      assert.deepEqual(asked, [positions[1]], 'the replica is checked against the later write, not the one that finished last');
    } finally {
      await pool.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a write whose position cannot be read still returns, and pins the user to the primary', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool } = await profilesDatabase('read_your_writes_ts');
    try {
      const primary = {
        query: async (sql: string, params?: unknown[]) => {
          if (sql.includes('pg_current_wal_insert_lsn')) throw new Error('connection terminated');
          return pool.query(sql, params);
        },
      } as unknown as Pool;
      const replica = { query: async () => ({ rows: [{ bio: 'stale replica' }] }) } as unknown as Pool;
      const router = new ReadYourWritesRouter(primary, [replica]);
      const result = await router.write('alice', WRITE_V2);
      assert.equal(result.rowCount, 1, 'the committed write is reported, not turned into an error the caller would retry');
      await assertPinned(router, 'alice reads the primary', 'stale replica');
    } finally {
      await pool.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a rememberMs that is not a finite number above 0 is refused (NaN forgot every write at once, Infinity kept every writer in memory)', () => {
    const ReadYourWritesRouter = routerClass();
    const pool = {} as Pool;
    for (const bad of [NaN, Infinity, 0, -1]) {
      assert.throws(() => new ReadYourWritesRouter(pool, [pool], bad), (e: Error) => e instanceof RangeError && /rememberMs/.test(e.message), String(bad));
    }
    new ReadYourWritesRouter(pool, [pool]);
    new ReadYourWritesRouter(pool, [pool], 1);
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a replica pool behind a load balancer (connections alternate between a caught-up and a lagging replica) still shows the user their write', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool: primary } = await profilesDatabase('read_your_writes_ts');
    try {
      // Each new connection goes to the next server behind the balancer, as with HAProxy round robin.
      const servers = [
        { caughtUp: true, bio: 'v2' },
        { caughtUp: false, bio: 'v1' },
      ];
      let connections = 0;
      const serverClient = () => {
        const server = servers[connections++ % servers.length]!;
        return {
          query: async (sql: string) => ({ rows: sql.includes('pg_last_wal_replay_lsn') ? [{ caught_up: server.caughtUp }] : [{ bio: server.bio }] }),
          on: () => undefined,
          off: () => undefined,
          release: () => undefined,
        };
      };
      const balanced = {
        connect: async () => serverClient(),
        query: async (sql: string) => serverClient().query(sql),
      } as unknown as Pool;
      const router = new ReadYourWritesRouter(primary, [balanced]);
      await router.write('alice', WRITE_V2);
      for (let i = 0; i < 6; i++) {
        assert.equal(await bio(router, 'alice'), 'v2', `read ${i}: the check and the read must reach the same server`);
      }
      assert.ok(connections >= 3, 'the balanced replica was used');
    } finally {
      await primary.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a write that throws after it committed (the answer was lost) pins the user to the primary', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool } = await profilesDatabase('read_your_writes_ts');
    try {
      const primary = {
        query: async (sql: string, params?: unknown[]) => {
          const result = await pool.query(sql, params);
          if (sql.startsWith('UPDATE')) throw new Error('Connection terminated unexpectedly'); // committed, answer lost
          return result;
        },
      } as unknown as Pool;
      const router = new ReadYourWritesRouter(primary, [staleReplica()]);
      await assert.rejects(router.write('alice', WRITE_V2), /terminated/);
      await assertPinned(router, 'alice reads the primary, where her write did commit', 'v1');
    } finally {
      await pool.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a wall clock stepped forward past rememberMs does not forget a position (the bound runs on a monotonic clock)', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool: primary } = await profilesDatabase('read_your_writes_ts');
    const realNow = Date.now;
    try {
      const router = new ReadYourWritesRouter(primary, [staleReplica()], 60_000);
      await router.write('alice', WRITE_V2);
      const stepped = realNow() + 3_600_000; // NTP or a VM resume steps the wall clock an hour ahead
      Date.now = () => stepped;
      assert.equal(await bio(router, 'alice'), 'v2', 'still pinned: no time has passed for the router');
    } finally {
      Date.now = realNow;
      await primary.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a replica connection that drops during the check does not crash the process (the checked-out client has an error listener); the read is served by the primary and the pool hands out a new client', async () => {
    const ReadYourWritesRouter = routerClass();
    const { db, pool: primary } = await profilesDatabase('read_your_writes_ts');
    const { pool: replicaPool, pids } = onePool(db.url);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      let kill = true;
      // The replica pool hands out its real client, whose backend is terminated just before the check.
      const replica = replicaThrough(replicaPool, async (target, sql, params) => {
        if (kill && sql.includes('pg_last_wal_replay_lsn')) {
          kill = false;
          const pid = (target as unknown as { processID: number }).processID;
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          // Wait until the client has seen its connection end (it emits 'error' then).
          await new Promise<void>((resolve) => target.once('end', () => resolve()));
        }
        return target.query(sql, params);
      });
      const router = new ReadYourWritesRouter(primary, [replica]);
      await router.write('alice', WRITE_V2);
      assert.equal(await bio(router, 'alice'), 'v2', 'served by the primary');
      await replicaPool.query('SELECT 1');
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the dropped client was not handed out again');
    } finally {
      await admin.end();
      await replicaPool.end();
      await primary.end();
    }
    proves('read-your-writes', 'typescript');
  });
  it('typescript: a check that hits query_timeout (the connection stays open, its query still running, which pg-pool cannot see) destroys the client instead of pooling it; the read is served by the primary', async () => {
    const ReadYourWritesRouter = routerClass();
    const { db, pool: primary } = await profilesDatabase('read_your_writes_ts_timeout');
    const { pool: replicaPool, pids } = onePool(db.url, { query_timeout: 300 });
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    let locked = false;
    try {
      // The check waits on a lock the test holds, so the client gives up (query_timeout) while the
      // server still runs it: a client pooled now would hand its next caller a busy connection.
      await admin.query('SELECT pg_advisory_lock(424242)');
      locked = true;
      const replica = replicaThrough(replicaPool, (target, sql, params) =>
        sql.includes('pg_last_wal_replay_lsn')
          ? target.query('SELECT pg_advisory_lock(424242) IS NULL AS caught_up')
          : target.query(sql, params),
      );
      const router = new ReadYourWritesRouter(primary, [replica]);
      await router.write('alice', WRITE_V2);
      assert.equal(await bio(router, 'alice'), 'v2', 'served by the primary');
      await admin.query('SELECT pg_advisory_unlock(424242)');
      locked = false;
      await replicaPool.query('SELECT 1');
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the client whose check timed out was not handed out again');
    } finally {
      if (locked) await admin.query('SELECT pg_advisory_unlock(424242)').catch(() => undefined);
      await admin.end();
      await replicaPool.end();
      await primary.end();
    }
    proves('read-your-writes', 'typescript');
  });
  it('typescript: a write that fails with a constraint violation after its own COMMIT committed part of it, and pins the user to the primary (any error pins)', async () => {
    const ReadYourWritesRouter = routerClass();
    const { pool: primary } = await profilesDatabase('read_your_writes_ts_partial');
    try {
      const router = new ReadYourWritesRouter(primary, [staleReplica()]);
      await assert.rejects(
        router.write('alice', `BEGIN; ${WRITE_V2}; COMMIT; INSERT INTO ryw_profiles VALUES ('alice', 'dup')`),
        (err: { code?: string }) => err.code === '23505',
      );
      assert.equal(await bio(router, 'alice'), 'v2', 'the part before the failure committed, and alice reads it on the primary');
    } finally {
      await primary.end();
    }
    proves('read-your-writes', 'typescript');
  });
});
