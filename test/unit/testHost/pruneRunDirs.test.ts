/** The test host prunes the run folders of ended test runs (scripts/test-host/server.mjs). */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('test host: run folders of ended runs are pruned', () => {
  let dir: string;
  let prune: typeof import('../../../scripts/test-host/server.mjs').pruneRunDirs;
  before(async () => {
    prune = (await import('../../../scripts/test-host/server.mjs')).pruneRunDirs;
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-runs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const make = (name: string, ageSeconds: number): void => {
    mkdirSync(join(dir, name, 'ud'), { recursive: true });
    const t = new Date(Date.now() - ageSeconds * 1000);
    utimesSync(join(dir, name), t, t);
  };

  it('removes ended runs past the newest few, and never a running one or a folder it did not name', () => {
    const alive = new Set([222]);
    make('e2e-111-1000', 500);
    make('integration-112-1000', 400);
    make('web-113-1000', 300);
    make('pseudo-locale-114-1000', 200);
    make('e2e-222-1000', 1000); // still running: kept however old
    make(`e2e-${process.pid}-1000`, 2000); // this process
    make('my-notes', 5000); // not a run folder
    const removed = prune(dir, { keep: 2, isAlive: (pid: number) => alive.has(pid) });
    assert.deepEqual(removed.sort(), ['e2e-111-1000', 'integration-112-1000']);
    assert.deepEqual(readdirSync(dir).sort(), [`e2e-${process.pid}-1000`, 'e2e-222-1000', 'my-notes', 'pseudo-locale-114-1000', 'web-113-1000'].sort());
  });

  it('keeps everything when SDP_KEEP_RUN_DIRS=1, and does nothing for a missing folder', () => {
    make('e2e-111-1000', 500);
    make('e2e-112-1000', 400);
    const saved = process.env['SDP_KEEP_RUN_DIRS'];
    process.env['SDP_KEEP_RUN_DIRS'] = '1';
    try {
      assert.deepEqual(prune(dir, { keep: 0, isAlive: () => false }), []);
    } finally {
      if (saved === undefined) delete process.env['SDP_KEEP_RUN_DIRS'];
      else process.env['SDP_KEEP_RUN_DIRS'] = saved;
    }
    assert.equal(readdirSync(dir).length, 2);
    assert.deepEqual(prune(join(dir, 'missing'), { keep: 0, isAlive: () => false }), []);
  });

  it('asks the system whether a run\'s process is alive when no check is given', () => {
    make(`e2e-${process.ppid}-1000`, 100); // the parent (mocha's runner or the shell): alive
    make('e2e-2147483646-1000', 100); // no such process
    const removed = prune(dir, { keep: 0 });
    assert.deepEqual(removed, ['e2e-2147483646-1000']);
  });
});
