import * as assert from 'node:assert/strict';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './servers';

// Each server a proof starts adds a process 'exit' listener that kills it if the run dies; a
// stopped server must take its listener away again, or a run that starts more than ten servers
// gets Node's MaxListenersExceededWarning and keeps a closure per server for the whole run.
describe('snippet test servers', () => {
  it('a stopped PostgreSQL or Redis leaves no process exit listener behind', async () => {
    const exitListeners = (): unknown[] => process.listeners('exit');
    const before = new Set(exitListeners());
    let pg: PostgresServer | undefined;
    let redis: RedisServer | undefined;
    try {
      pg = await startPostgres();
      redis = await startRedis();
      // Compared by identity, not by count, so work left over from an earlier test cannot hide a leak.
      const added = exitListeners().filter((l) => !before.has(l));
      assert.equal(added.length, 2, 'each running server is killed on exit');
      pg.stop();
      await redis.stop();
      const left = exitListeners().filter((l) => added.includes(l));
      assert.equal(left.length, 0, 'a stopped server keeps no exit listener');
    } finally {
      // Both stops may run twice; a Redis left running would keep mocha (no --exit) from ending.
      try {
        pg?.stop();
      } finally {
        await redis?.stop();
      }
    }
  });
});
