import * as assert from 'node:assert/strict';
import { startPostgres, startRedis } from './servers';

// Each server a proof starts adds a process 'exit' listener that kills it if the run dies; a
// stopped server must take its listener away again, or a run that starts more than ten servers
// gets Node's MaxListenersExceededWarning and keeps a closure per server for the whole run.
describe('snippet test servers', () => {
  it('a stopped PostgreSQL or Redis leaves no process exit listener behind', async () => {
    const before = process.listenerCount('exit');
    const pg = await startPostgres();
    const redis = await startRedis();
    assert.equal(process.listenerCount('exit'), before + 2, 'each running server is killed on exit');
    pg.stop();
    await redis.stop();
    assert.equal(process.listenerCount('exit'), before, 'a stopped server keeps no exit listener');
  });
});
