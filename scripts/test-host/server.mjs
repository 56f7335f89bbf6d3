// Starts a throw-away code-server (a real VS Code) on loopback and stops it with its whole
// process group, so no extension host is left behind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
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
  return dir;
}

/**
 * Starts code-server and resolves once /healthz answers. `stop()` ends its process group and
 * resolves once code-server has exited. `smokeTestDriver` enables the
 * workbench's test driver, which runs extension-host test suites from the page's payload.
 */
export async function startCodeServer({ dataDir, folder, smokeTestDriver = false, workspaceTrust = false, env = {}, extraArgs = [] }) {
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
  const logFile = join(dataDir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(nodeBin, args, {
    detached: true, // its own process group, so stop() reaches the extension host too
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env, HOME: join(dataDir, 'home') },
  });
  mkdirSync(join(dataDir, 'home'), { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`test host: code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopProcessGroup(child);
      throw new Error(`test host: code-server did not answer on ${url}/healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, logFile, stop: () => stopProcessGroup(child) };
}

/**
 * Sends SIGTERM to the child's process group (code-server, its extension host and the rest), and
 * SIGKILL 3 s later to whatever of the group is still there. Resolves once the child itself has
 * exited (at once if it already had), so a caller can remove its folder without polling /healthz.
 */
export function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The group is already gone: its exit event is on its way.
    return exited;
  }
  const pid = child.pid;
  setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 3000).unref();
  return exited;
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
