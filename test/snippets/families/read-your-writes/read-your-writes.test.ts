/**
 * read-your-writes: with a real streaming replica whose replay is paused (lag you control), a user
 * reads their own write back at once, while other users' reads do go to the lagging replica; once
 * the replica has replayed the write, the user's reads go back to it.
 */
import { strict as assert } from 'assert';
import { Client, Pool } from 'pg';
import { proves } from '../../harness';
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
});
