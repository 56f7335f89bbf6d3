// Starts a throw-away code-server (a real VS Code) on loopback and stops it with its whole
// process group, so no extension host is left behind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, openSync, closeSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { clearTimeout } from 'node:timers';
import { join } from 'node:path';
import { nodeBin, codeServerBin, runsDir } from './paths.mjs';

export const CLEAN_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.commandCenter': false,
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function codeServerArgs(dataDir) {
  return [codeServerBin, '--user-data-dir', join(dataDir, 'ud'), '--extensions-dir', join(dataDir, 'ext')];
}

/** Installs a .vsix into the run's extensions folder before the server starts. */
export function installVsix(dataDir, vsixPath) {
  const result = spawnSync(nodeBin, [...codeServerArgs(dataDir), '--install-extension', vsixPath, '--force'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`test host: installing ${vsixPath} failed:\n${result.stdout}\n${result.stderr}`);
}

export function writeUserSettings(dataDir, settings) {
  const dir = join(dataDir, 'ud', 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...CLEAN_SETTINGS, ...settings }, null, 2));
}

/** A fresh data folder for one run, under .vscode-test/runs/. */
export function freshDataDir(name) {
  const dir = join(runsDir, `${name}-${process.pid}-${Date.now()}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'ud', 'User'), { recursive: true });
  mkdirSync(join(dir, 'ext'), { recursive: true });
  // HOME for code-server (startCodeServer and scripts/start.mjs set it here).
  mkdirSync(join(dir, 'home'), { recursive: true });
  return dir;
}

/**
 * Starts code-server and resolves once /healthz answers. `stop()` ends its process group and
 * resolves once every process of the group has exited. `smokeTestDriver` enables the
 * workbench's test driver, which runs extension-host test suites from the page's payload.
 * `startupTimeoutMs` bounds the wait for /healthz (the unit tests make it short); each /healthz
 * request has its own, shorter bound (a quarter of it, at most 5 s), and one not answered in time
 * counts as "not ready yet", so a server that accepts the connection and never answers cannot
 * hold the wait past it. A node that cannot be started (missing, not
 * executable) rejects at once, naming it and the cause.
 */
export async function startCodeServer({ dataDir, folder, smokeTestDriver = false, workspaceTrust = false, env = {}, extraArgs = [], startupTimeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    ...codeServerArgs(dataDir),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    // With workspace trust on (the web level), a folder opens in Restricted Mode until trusted.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    // For example ['--locale', 'qps-ploc'] (scripts/test-host/run-pseudo-locale.mjs).
    ...extraArgs,
    folder,
  ];
  // HOME exists before code-server starts: it may write there at once.
  mkdirSync(join(dataDir, 'home'), { recursive: true });
  const logFile = join(dataDir, 'code-server.log');
  const log = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(nodeBin, args, {
      detached: true, // its own process group, so stop() reaches the extension host too
      stdio: ['ignore', log, log],
      env: { ...process.env, ...env, HOME: join(dataDir, 'home') },
    });
  } finally {
    closeSync(log); // the child has its own copy
  }
  // Without a listener, a failed spawn (ENOENT, EACCES) is an unhandled 'error' event that ends
  // the whole runner. It comes instead of 'spawn'; no process was started, so none is left.
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`test host: could not start code-server's Node, ${nodeBin}: ${error.message}. Is the test host installed? (node scripts/test-host/ensure.mjs installs it)`, { cause: error })));
  });
  // A later 'error' (none is expected once it runs) must not end the runner either.
  child.on('error', (error) => console.error(`test host: code-server (pid ${child.pid}): ${error.message}`));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startupTimeoutMs;
  const healthzTimeoutMs = Math.min(HEALTHZ_TIMEOUT_MS, startupTimeoutMs / 4);
  for (;;) {
    // Killed by a signal, code-server has signalCode set and exitCode null: it failed all the same.
    if (hasExited(child)) {
      const how = child.signalCode !== null ? `was killed by ${child.signalCode}` : `exited with ${child.exitCode}`;
      // What it started may still run in its group.
      const stopped = await stopProcessGroup(child).then(() => '', (error) => `; ${error.message}`);
      throw new Error(`test host: code-server ${how} at startup${stopped}; see ${logFile}`);
    }
    if (await answersHealthz(`${url}/healthz`, healthzTimeoutMs)) break;
    if (Date.now() > deadline) {
      // Stopped before the caller hears of the failure: it may remove the run folder at once.
      const stopped = await stopProcessGroup(child).then(() => '', (error) => `; ${error.message}`);
      throw new Error(`test host: code-server did not answer on ${url}/healthz within ${startupTimeoutMs / 1000} s${stopped}; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, logFile, stop: () => stopProcessGroup(child) };
}

/** The most one /healthz request may take (code-server answers it in milliseconds once up). */
const HEALTHZ_TIMEOUT_MS = 5_000;

/**
 * Whether `url` answers 2xx within `timeoutMs`. Not listening yet, an error status, or no answer in
 * time (a server that accepts and never answers) all count as "not ready yet": false.
 */
async function answersHealthz(url, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    await response.body?.cancel(); // the body is not read: free the connection
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops the server after a run. A stop that fails fails a run that passed (a group left running
 * would outlive the level); after a run that failed, the stop's error is printed and the run's own
 * error stays the one the caller sees.
 */
export async function stopAfterRun(server, runFailed) {
  try {
    await server.stop();
  } catch (error) {
    if (!runFailed) throw error;
    console.error(error.message);
  }
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends SIGTERM to the child's process group (code-server, its extension host and the rest), and
 * SIGKILL `killAfterMs` later to whatever of the group is still there. Resolves once the child
 * itself has exited and no process of its group runs any more (the extension host can outlive
 * code-server, and a caller removes the run folder next); at once if all that was already so.
 * Rejects if the group still runs `giveUpAfterMs` after the SIGKILL, or if signalling the group
 * fails for a reason other than its being gone (EPERM, say), rather than wait for ever.
 */
export async function stopProcessGroup(child, { killAfterMs = 3000, giveUpAfterMs = 5000, pollMs = 50 } = {}) {
  const pgid = child.pid;
  if (pgid === undefined) return; // never started
  // Once the child has exited (and been reaped) and its whole group has gone, Linux may give its
  // pid to a new process, which may lead a group of its own: another session's browser, say. A
  // live process with that pid after the child's exit is that stranger (no pid is reused while
  // its group still has a member), so nothing is signalled.
  if (hasExited(child) && existsSync(`/proc/${pgid}`)) return;
  let killError;
  let killTimer;
  try {
    // Signalled even when the child has exited already: what it started may still run in its group.
    signalGroup(pgid, 'SIGTERM');
    killTimer = setTimeout(() => {
      try {
        signalGroup(pgid, 'SIGKILL');
      } catch (error) {
        killError = error;
      }
    }, killAfterMs);
    const deadline = Date.now() + killAfterMs + giveUpAfterMs;
    for (;;) {
      if (killError) throw killError;
      if (hasExited(child) && runningInGroup(pgid).length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`process group ${pgid} still runs (pid ${runningInGroup(pgid).join(', ') || '?'}) ${giveUpAfterMs} ms after its SIGKILL. A process that outlives SIGKILL is almost always in the D state, waiting on I/O (a hung mount, say): see ps -o pid,stat,wchan,cmd -s ${pgid}, and send kill -9 -${pgid} again once it unblocks`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch (error) {
    throw new Error(`test host: stopping code-server (process group ${pgid}) failed: ${error.message}`, { cause: error });
  } finally {
    clearTimeout(killTimer);
  }
}

/** Sends `signal` to the process group; false when the group is gone. Other failures throw. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * The pids of the group's processes that still run. A zombie does not count: it runs no code and
 * holds no file, and where PID 1 reaps no orphans (this container's does not) an extension host
 * that outlived code-server stays a zombie for ever. Linux tells zombies apart through /proc;
 * elsewhere any member of the group counts.
 */
function runningInGroup(pgid) {
  if (!signalGroup(pgid, 0)) return [];
  if (!existsSync('/proc/self/stat')) return [String(pgid)];
  let names;
  try {
    names = readdirSync('/proc');
  } catch (error) {
    // Unreadable: the group counts as gone once code-server has exited (the caller checks that).
    console.warn(`test host: /proc could not be read (${error.message}); the process group is taken as gone`);
    return [];
  }
  const running = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') running.push(name);
  }
  return running;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
