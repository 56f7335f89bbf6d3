import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  it('a PostgreSQL whose stop fails is still running and stopped again on exit: its listener and data directory stay until a stop succeeds', async () => {
    const before = new Set(process.listeners('exit'));
    const pg = await startPostgres();
    // The server's folder holds its socket (-k); pg_ctl finds the server by data/postmaster.pid.
    const dir = fs.readdirSync(os.tmpdir()).map((d) => path.join(os.tmpdir(), d)).find((d) => path.basename(d).startsWith('sdp-pg-') && fs.existsSync(path.join(d, `.s.PGSQL.${pg.port}`)));
    assert.ok(dir, 'the server\'s folder is found by its socket');
    const pidFile = path.join(dir, 'data', 'postmaster.pid');
    const hidden = `${pidFile}.hidden`;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      const [listener] = process.listeners('exit').filter((l) => !before.has(l));
      assert.ok(listener, 'the running server is stopped on exit');
      // With its PID file away, pg_ctl finds no server to stop and fails.
      fs.renameSync(pidFile, hidden);
      assert.throws(() => pg.stop(), /pg_ctl failed/);
      assert.ok(process.listeners('exit').includes(listener), 'a failed stop keeps the exit listener, so the exit tries again');
      assert.ok(fs.existsSync(path.join(dir, 'data')), 'a failed stop keeps the data directory, where pg_ctl finds the server');
      fs.renameSync(hidden, pidFile);
      pg.stop();
      assert.ok(!process.listeners('exit').includes(listener), 'a stopped server keeps no exit listener');
      assert.ok(!fs.existsSync(dir), 'a stopped server\'s folder is deleted');
    } finally {
      // Whatever failed above: no server or folder left behind. A server still running (its stop
      // failed, or gave up) is killed by its process id, once its command line shows it is this one.
      if (fs.existsSync(hidden)) fs.renameSync(hidden, pidFile);
      try {
        pg.stop();
      } catch {
        // killed below
      }
      let command = '';
      try {
        command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        // gone
      }
      if (command.includes(dir)) process.kill(pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
