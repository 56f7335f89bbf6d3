/**
 * The test host's stop (stopProcessGroup in scripts/test-host/server.mjs, behind startCodeServer's
 * `stop()`): it resolves once every process of the group has exited, so a caller can remove the
 * run folder straight after it, with no /healthz polling. With a browser connected, the extension
 * host runs in code-server's group and can outlive it: here a grandchild in the child's group plays
 * it. Against real detached children that would otherwise run for ever. And startCodeServer's
 * startup: a code-server killed by a signal fails at once, and one that never answers is stopped
 * before the caller hears of it (a fake code-server in a fake host folder, run in a child Node);
 * a missing Node fails with a message instead of crashing the runner; a /healthz request that is
 * accepted and never answered counts as "not ready yet" instead of hanging the wait.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stopAfterRun, stopProcessGroup } from '../../../scripts/test-host/server.mjs';

function foreverChild(): ChildProcess {
  // Its own process group, as code-server is started.
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
}

/**
 * A detached child that starts a grandchild in its own group and prints the grandchild's pid once
 * the grandchild is ready. The grandchild runs for ever; with `ignoreSigterm` only SIGKILL ends it.
 * With `leaderExits` the child exits on its own once it has printed the pid.
 */
async function childWithGrandchild({ ignoreSigterm, leaderExits }: { ignoreSigterm: boolean; leaderExits: boolean }): Promise<{ child: ChildProcess; grandchild: number }> {
  const grandchildCode = `${ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); process.stdout.write('ready');`;
  const leaderCode = `
    const g = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchildCode)}], { stdio: ['ignore', 'pipe', 'ignore'] });
    g.stdout.once('data', () => {
      g.stdout.destroy();
      process.stdout.write(String(g.pid) + '\\n');
      ${leaderExits ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
    });`;
  const child = spawn(process.execPath, ['-e', leaderCode], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const grandchild = await new Promise<number>((resolvePid, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolvePid(Number(out.trim()));
    });
    child.once('exit', () => (out.includes('\n') ? undefined : reject(new Error('the child exited before its grandchild was ready'))));
  });
  return { child, grandchild };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Whether the process runs: a zombie (an orphan this container's PID 1 never reaps) does not. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return !existsSync('/proc/self/stat'); // gone meanwhile on Linux; no /proc elsewhere
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}

const realKill = process.kill;

/** Runs `replace` in place of process.kill for the group signals while `body` runs (and afterEach restores it, should `body` hang). */
async function withGroupKill<T>(replace: (pid: number, signal: string | number | undefined, real: typeof process.kill) => boolean, body: () => Promise<T>): Promise<T> {
  process.kill = ((pid: number, signal?: string | number) => (pid < 0 ? replace(pid, signal, realKill) : realKill(pid, signal))) as typeof process.kill;
  try {
    return await body();
  } finally {
    process.kill = realKill;
  }
}

describe('the test host\'s stopProcessGroup', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    process.kill = realKill;
    killGroup(child?.pid);
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

  it('a process that has already exited, its group gone: resolves (neither rejects nor waits)', async () => {
    child = spawn(process.execPath, ['-e', ''], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => child!.once('exit', resolve));
    // Rejects (ESRCH taken for an error) or times out (a group taken as still running) if it breaks.
    await stopProcessGroup(child, { killAfterMs: 100, giveUpAfterMs: 200 });
  });

  it('waits for a process of the group that outlives the leader (it ignores SIGTERM: the SIGKILL ends it)', async () => {
    const started = await childWithGrandchild({ ignoreSigterm: true, leaderExits: false });
    child = started.child;
    assert.equal(isRunning(started.grandchild), true);
    await stopProcessGroup(child, { killAfterMs: 200 });
    assert.equal(hasExited(child), true, 'the leader exited');
    assert.equal(isRunning(started.grandchild), false, 'the grandchild is gone when stop resolves');
  });

  it('a leader that has exited already: the rest of its group is stopped, and waited for', async () => {
    const started = await childWithGrandchild({ ignoreSigterm: false, leaderExits: true });
    child = started.child;
    if (!hasExited(child)) await new Promise((resolve) => child!.once('exit', resolve));
    assert.equal(isRunning(started.grandchild), true, 'the grandchild outlived the leader');
    await stopProcessGroup(child);
    assert.equal(isRunning(started.grandchild), false, 'the grandchild is gone when stop resolves');
  });

  it('rejects, naming the cause, when the group cannot be signalled (EPERM), instead of waiting for ever', async () => {
    child = foreverChild();
    await new Promise((resolve) => child!.once('spawn', resolve));
    const eperm = (): boolean => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    };
    await withGroupKill(eperm, () => assert.rejects(stopProcessGroup(child!), /stopping code-server \(process group \d+\) failed: kill EPERM/));
  });

  it('rejects when the group still runs once the SIGKILL has had its chance', async () => {
    const started = await childWithGrandchild({ ignoreSigterm: true, leaderExits: false });
    child = started.child;
    // A SIGKILL that reaches no one: the grandchild survives it.
    const noSigkill = (pid: number, signal: string | number | undefined, real: typeof process.kill): boolean => (signal === 'SIGKILL' ? true : real(pid, signal));
    await withGroupKill(noSigkill, () => assert.rejects(
      stopProcessGroup(child!, { killAfterMs: 100, giveUpAfterMs: 300 }),
      (error: Error) => /still runs \(pid \d+\) 300 ms after its SIGKILL/.test(error.message) && error.message.includes(String(started.grandchild)),
    ));
    assert.equal(hasExited(child), true, 'the leader exited on SIGTERM');
  });

  it('a child that has exited, its pid now another live process: that stranger is not signalled', async function () {
    if (!existsSync('/proc/self/stat')) this.skip();
    // A real exited child would need its pid reused; a stand-in says "exited" with the pid of a
    // live process that leads its own group, as a browser started by someone else might.
    child = foreverChild();
    await new Promise((resolve) => child!.once('spawn', resolve));
    const exited = { pid: child.pid, exitCode: 0, signalCode: null } as unknown as ChildProcess;
    await stopProcessGroup(exited);
    assert.equal(hasExited(child), false, 'the stranger still runs');
    assert.equal(isRunning(child.pid!), true);
  });
});

describe('the test host\'s stopAfterRun', () => {
  const failingStop = { stop: async () => { throw new Error('group still runs'); } };
  let printed: string[] = [];
  const realError = console.error;
  beforeEach(() => {
    printed = [];
    console.error = (message: string) => void printed.push(message);
  });
  afterEach(() => {
    console.error = realError;
  });

  it('a run that passed, a stop that failed: the stop\'s error fails the run', async () => {
    await assert.rejects(stopAfterRun(failingStop, false), /group still runs/);
  });

  it('a run that failed, a stop that failed too: the stop\'s error is printed, not thrown, so the run\'s own error is the one seen', async () => {
    await stopAfterRun(failingStop, true);
    assert.deepEqual(printed, ['group still runs']);
  });

  it('a stop that works: nothing thrown, nothing printed', async () => {
    let stopped = 0;
    await stopAfterRun({ stop: async () => void stopped++ }, false);
    assert.equal(stopped, 1);
    assert.deepEqual(printed, []);
  });
});

describe('the test host\'s startCodeServer when code-server fails at startup', function () {
  // Above the child Node's own 15 s bound, so a startup that hangs fails on that bound's outcome (with --no-config too).
  this.timeout(20_000);
  const serverModule = pathToFileURL(resolve(__dirname, '../../../scripts/test-host/server.mjs')).href;
  let host: string;
  let pidFile: string;
  let nodeBin: string;

  /** A host folder whose node is this Node and whose code-server is `entry` (SDP_TEST_HOST_DIR). */
  beforeEach(() => {
    host = mkdtempSync(join(tmpdir(), 'sdp-start-'));
    pidFile = join(host, 'code-server.pid');
    nodeBin = join(host, 'node24', 'node_modules', `node-${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`, 'bin', 'node');
    mkdirSync(dirname(nodeBin), { recursive: true });
    symlinkSync(process.execPath, nodeBin);
  });
  afterEach(() => {
    if (existsSync(pidFile)) killGroup(Number(readFileSync(pidFile, 'utf8')));
    rmSync(host, { recursive: true, force: true });
  });

  interface Outcome {
    /** What startCodeServer threw (none: it resolved, and the server was stopped). */
    message?: string;
    /** Whether the fake ran its first line (it writes its pid) before startCodeServer settled. */
    started?: boolean;
    /** Whether its process group was gone then; undefined when it never ran (no pid to look for). */
    groupGone?: boolean;
    /** The child Node's ref'd handles (timers, child processes...) once the rejection has settled, but its own stdio. */
    leftovers?: string[];
    /** How many of the child Node's file descriptors still point at code-server.log (Linux; else 0). */
    logFds?: number;
    /** The startup timeout of the run returned (startFake may have tried longer ones). */
    startupTimeoutMs: number;
    status: number | null;
    stderr: string;
  }

  /**
   * Starts the fake code-server through startCodeServer in a child Node; what it threw, whether the
   * group was gone then, and what it left open. The fake gets code-server's arguments
   * (`--bind-addr 127.0.0.1:<port>` among them). On a loaded machine a Node may take longer than
   * the startup timeout to run its first line, and the timeout then ends a fake that never ran:
   * with `untilStarted`, such a run is tried again with a longer timeout (4× and 8×), so each test
   * judges a fake that did run. No time is asserted: the timeout only has to be long enough.
   */
  function startFake(entry: string, { startupTimeoutMs = 500, untilStarted = true }: { startupTimeoutMs?: number; untilStarted?: boolean } = {}): Outcome {
    let outcome = startFakeOnce(entry, startupTimeoutMs);
    for (const factor of [4, 8]) {
      if (!untilStarted || outcome.status !== 0 || outcome.started !== false) break;
      outcome = startFakeOnce(entry, startupTimeoutMs * factor);
    }
    return outcome;
  }

  function startFakeOnce(entry: string, startupTimeoutMs: number): Outcome {
    const entryFile = join(host, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    mkdirSync(dirname(entryFile), { recursive: true });
    writeFileSync(entryFile, `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\n${entry}\n`);
    const dataDir = join(host, 'run');
    mkdirSync(dataDir, { recursive: true });
    const script = `
      import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
      const { startCodeServer } = await import(${JSON.stringify(serverModule)});
      const target = (fd) => {
        try {
          return readlinkSync('/proc/self/fd/' + fd);
        } catch {
          return ''; // closed meanwhile (readdir's own)
        }
      };
      const logFds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').filter((fd) => target(fd).endsWith('code-server.log')).length : 0);
      try {
        const server = await startCodeServer({ dataDir: ${JSON.stringify(dataDir)}, folder: ${JSON.stringify(dataDir)}, startupTimeoutMs: ${startupTimeoutMs} });
        await server.stop();
        console.log(JSON.stringify({}));
      } catch (error) {
        await new Promise((resolve) => setImmediate(resolve)); // a close under way (CloseReq) has ended then
        const leftovers = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
        const started = existsSync(${JSON.stringify(pidFile)});
        let groupGone;
        if (started) {
          groupGone = false;
          try {
            process.kill(-Number(readFileSync(${JSON.stringify(pidFile)}, 'utf8')), 0);
          } catch (e) {
            groupGone = e.code === 'ESRCH';
          }
        }
        console.log(JSON.stringify({ message: error.message, started, groupGone, leftovers, logFds: logFds() }));
      }`;
    // The bound only keeps a hanging startup (the old 60 s wait) from outliving the test.
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, SDP_TEST_HOST_DIR: host }, encoding: 'utf8', timeout: 15_000,
    });
    return { ...(result.status === 0 ? JSON.parse(result.stdout) : {}), startupTimeoutMs, status: result.status, stderr: result.stderr };
  }

  /** The startup-timeout message, naming the timeout of the run it came from. */
  function healthzTimeout(outcome: Outcome): RegExp {
    return new RegExp(`did not answer on http://127\\.0\\.0\\.1:\\d+/healthz within ${String(outcome.startupTimeoutMs / 1000).replace('.', '\\.')} s; see`);
  }

  it('killed by a signal: fails at once, saying so, rather than wait for /healthz', () => {
    const outcome = startFake("process.kill(process.pid, 'SIGKILL');");
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.match(outcome.message ?? '', /code-server was killed by SIGKILL at startup; see .*code-server\.log/);
  });

  it('exiting with a code: fails, naming the code', () => {
    const outcome = startFake('process.exit(3);');
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.match(outcome.message ?? '', /code-server exited with 3 at startup/);
  });

  it('never answering /healthz: its process group is gone by the time the caller hears of it', () => {
    const outcome = startFake('setInterval(() => {}, 1000);');
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.match(outcome.message ?? '', healthzTimeout(outcome));
    assert.equal(outcome.started, true, `the fake ran its first line (last tried with a ${outcome.startupTimeoutMs} ms startup timeout)`);
    assert.equal(outcome.groupGone, true, 'stopped before startCodeServer rejected');
    assert.equal(outcome.logFds, 0, 'the log file is closed');
  });

  it('its Node missing: rejects, naming that Node and the cause, with no crash and nothing left running or open', () => {
    rmSync(nodeBin);
    const outcome = startFake('', { untilStarted: false });
    // Without an 'error' listener the child Node dies of the unhandled 'error' event (status 1, no JSON).
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.ok(outcome.message?.includes(`could not start code-server's Node, ${nodeBin}: spawn ${nodeBin} ENOENT`), outcome.message);
    assert.match(outcome.message ?? '', /ensure\.mjs installs it/);
    // A failed spawn's ProcessWrap is Node's to close, a few loop turns after its 'error' (the pid file shows nothing ran).
    assert.deepEqual(outcome.leftovers?.filter((r) => r !== 'ProcessWrap'), [], 'no timer or pending call left');
    assert.equal(outcome.logFds, 0, 'the log file is closed');
    assert.equal(existsSync(pidFile), false, 'nothing was started');
  });

  /** A fake code-server that listens where it is told and answers /healthz from its `answerFrom`-th request on (never, if 0); it counts the requests in `requestsFile`. */
  function listeningFake(answerFrom: number, requestsFile: string): string {
    return `
      const argv = process.argv;
      const [bindHost, port] = argv[argv.indexOf('--bind-addr') + 1].split(':');
      let requests = 0;
      require('node:http').createServer((request, response) => {
        requests += 1;
        require('node:fs').writeFileSync(${JSON.stringify(requestsFile)}, String(requests));
        if (${answerFrom} > 0 && requests >= ${answerFrom}) response.end('ok'); // else: accepted, never answered
      }).listen(Number(port), bindHost);`;
  }

  it('a /healthz that is accepted and never answered: rejects at the startup timeout, group stopped, instead of hanging on the first request', () => {
    const requestsFile = join(host, 'requests');
    const outcome = startFake(listeningFake(0, requestsFile));
    // Without a timeout per request, the first one hangs (past this test's 15 s bound: status null).
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.match(outcome.message ?? '', healthzTimeout(outcome));
    assert.equal(outcome.started, true, `the fake ran its first line (last tried with a ${outcome.startupTimeoutMs} ms startup timeout)`);
    assert.equal(outcome.groupGone, true, 'stopped before startCodeServer rejected');
    assert.ok(Number(readFileSync(requestsFile, 'utf8')) >= 1, 'the server got a request and let it hang');
  });

  it('a /healthz request that times out counts as "not ready yet": the next one that answers starts the server', () => {
    const requestsFile = join(host, 'requests');
    const outcome = startFake(listeningFake(2, requestsFile), { startupTimeoutMs: 4000 });
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(outcome.message, undefined, 'started');
    assert.ok(Number(readFileSync(requestsFile, 'utf8')) >= 2, 'the first request was left unanswered, a later one answered');
  });
});
