/**
 * read-your-writes: with a real streaming replica whose replay is paused (lag you control), a user
 * reads their own write back at once, while other users' reads do go to the lagging replica; once
 * the replica has replayed the write, the user's reads go back to it.
 */
import { strict as assert } from 'assert';
import { Client, Pool } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { importSnippet } from '../../library';
import { primaryWithReplica } from '../../s2-servers';

interface Router {
  write(userId: string, sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>;
  read<R>(userId: string, sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}
interface ReadYourWritesModule {
  ReadYourWritesRouter: new (primary: Pool, replicas: readonly Pool[], rememberMs?: number) => Router;
}

describe('read-your-writes', function () {
  this.timeout(300_000);

  it('typescript: against a paused streaming replica, a user sees their own write at once, others see the replica, and reads return to the replica once it caught up', async () => {
    const { ReadYourWritesRouter } = importSnippet<ReadYourWritesModule>('read-your-writes');
    const { primary: primaryServer, replica: replicaServer } = await primaryWithReplica();
    const setup = new Client({ connectionString: primaryServer.connectionString });
    await setup.connect();
    await setup.query('DROP TABLE IF EXISTS ryw_profiles; CREATE TABLE ryw_profiles (id text PRIMARY KEY, bio text)');
    await setup.query("INSERT INTO ryw_profiles VALUES ('alice', 'v1')");
    await setup.end();
    const primary = new Pool({ connectionString: primaryServer.connectionString, max: 4 });
    const replica = new Pool({ connectionString: replicaServer.connectionString, max: 4 });
    const bio = async (router: Router, user: string) =>
      (await router.read<{ bio: string }>(user, "SELECT bio FROM ryw_profiles WHERE id = 'alice'")).rows[0]?.bio;
    try {
      // Wait until the replica has the table and row, then freeze its replay: lag under our control.
      for (;;) {
        try {
          const { rows } = await replica.query("SELECT bio FROM ryw_profiles WHERE id = 'alice'");
          if (rows[0]?.bio === 'v1') break;
        } catch {
          /* the table has not been replayed yet */
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await replica.query('SELECT pg_wal_replay_pause()');
      const router = new ReadYourWritesRouter(primary, [replica]);

      await router.write('alice', "UPDATE ryw_profiles SET bio = 'v2' WHERE id = 'alice'");
      assert.equal(await bio(router, 'bob'), 'v1', 'another user reads the lagging replica (the lag is real)');
      for (let i = 0; i < 5; i++) assert.equal(await bio(router, 'alice'), 'v2', 'alice sees her own write');

      await replica.query('SELECT pg_wal_replay_resume()');
      for (;;) {
        const { rows } = await replica.query("SELECT bio FROM ryw_profiles WHERE id = 'alice'");
        if (rows[0]?.bio === 'v2') break;
        await new Promise((r) => setTimeout(r, 50));
      }
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
    const { ReadYourWritesRouter } = importSnippet<ReadYourWritesModule>('read-your-writes');
    const db = await freshDatabase('read_your_writes_ts');
    const pool = new Pool({ connectionString: db.url, max: 4 });
    try {
      await pool.query("CREATE TABLE ryw_profiles (id text PRIMARY KEY, bio text); INSERT INTO ryw_profiles VALUES ('alice', 'v1')");
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
      const replica = {
        query: async (sql: string, params?: unknown[]) => {
          if (sql.includes('pg_last_wal_replay_lsn')) asked.push(params?.[0]);
          return { rows: [{ caught_up: false }] };
        },
      } as unknown as Pool;
      const router = new ReadYourWritesRouter(primary, [replica]);
      const first = router.write('alice', "UPDATE ryw_profiles SET bio = 'v2' WHERE id = 'alice'");
      while (positions.length === 0) await new Promise((r) => setTimeout(r, 5));
      await router.write('alice', "UPDATE ryw_profiles SET bio = 'v3' WHERE id = 'alice'");
      release();
      await first;
      assert.notEqual(positions[0], positions[1]);
      await router.read('alice', "SELECT bio FROM ryw_profiles WHERE id = 'alice'");
      assert.deepEqual(asked, [positions[1]], 'the replica is checked against the later write, not the one that finished last');
    } finally {
      await pool.end();
    }
    proves('read-your-writes', 'typescript');
  });

  it('typescript: a write whose position cannot be read still returns, and pins the user to the primary', async () => {
    const { ReadYourWritesRouter } = importSnippet<ReadYourWritesModule>('read-your-writes');
    const db = await freshDatabase('read_your_writes_ts');
    const pool = new Pool({ connectionString: db.url, max: 4 });
    try {
      await pool.query("CREATE TABLE ryw_profiles (id text PRIMARY KEY, bio text); INSERT INTO ryw_profiles VALUES ('alice', 'v1')");
      const primary = {
        query: async (sql: string, params?: unknown[]) => {
          if (sql.includes('pg_current_wal_insert_lsn')) throw new Error('connection terminated');
          return pool.query(sql, params);
        },
      } as unknown as Pool;
      const replica = { query: async () => ({ rows: [{ bio: 'stale replica' }] }) } as unknown as Pool;
      const router = new ReadYourWritesRouter(primary, [replica]);
      const result = await router.write('alice', "UPDATE ryw_profiles SET bio = 'v2' WHERE id = 'alice'");
      assert.equal(result.rowCount, 1, 'the committed write is reported, not turned into an error the caller would retry');
      for (let i = 0; i < 3; i++) {
        const { rows } = await router.read<{ bio: string }>('alice', "SELECT bio FROM ryw_profiles WHERE id = 'alice'");
        assert.equal(rows[0]?.bio, 'v2', 'alice reads the primary');
      }
      const { rows } = await router.read<{ bio: string }>('bob', "SELECT bio FROM ryw_profiles WHERE id = 'alice'");
      assert.equal(rows[0]?.bio, 'stale replica', 'other users still read the replica');
    } finally {
      await pool.end();
    }
    proves('read-your-writes', 'typescript');
  });
});
