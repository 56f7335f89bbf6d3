/**
 * The test host's stop (stopProcessGroup in scripts/test-host/server.mjs, behind startCodeServer's
 * `stop()`): it resolves once the process has exited, so a caller can remove the run folder
 * straight after it, with no /healthz polling. Against a real detached child that would otherwise
 * run for ever.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcessGroup } from '../../../scripts/test-host/server.mjs';

function foreverChild(): ChildProcess {
  // Its own process group, as code-server is started.
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

describe('the test host\'s stopProcessGroup', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && !hasExited(child) && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    child = undefined;
  });

  it('resolves once the process has exited', async () => {
    child = foreverChild();
    await new Promise((resolve) => child!.once('spawn', resolve));
    assert.equal(hasExited(child), false);
    await stopProcessGroup(child);
    assert.equal(hasExited(child), true, 'exited when stop resolved');
    assert.equal(child.signalCode, 'SIGTERM');
  });

  it('resolves at once for a process that has already exited', async () => {
    child = spawn(process.execPath, ['-e', ''], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => child!.once('exit', resolve));
    await stopProcessGroup(child);
    assert.equal(child.exitCode, 0);
  });
});
