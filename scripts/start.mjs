#!/usr/bin/env node
// `npm start`: build and package the extension, install it into a throw-away VS Code and open
// examples/. By default that VS Code is code-server (installed on first use into .vscode-test/)
// and you open the printed URL in a browser. `npm start -- --desktop` uses the desktop `code`
// on your PATH instead, with a throw-away profile. `npm start -- --web` installs a copy without
// the Node entry, so code-server runs the browser bundle in its web worker extension host.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './test-host/paths.mjs';

const desktop = process.argv.includes('--desktop');
const web = process.argv.includes('--web');
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.SDP_PORT ?? 8080);

const packaged = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
if (packaged.status !== 0) {
  console.error('start: packaging failed; see the messages above.');
  process.exit(1);
}
let vsix = join(repoRoot, 'dist', 'system-design-patterns.vsix');

if (desktop) {
  const which = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.error('start: --desktop needs the `code` command on your PATH (VS Code: "Shell Command: Install \'code\' command in PATH"). Without --desktop, npm start uses code-server.');
    process.exit(1);
  }
  const profile = mkdtempSync(join(tmpdir(), 'sdp-desktop-'));
  const args = ['--user-data-dir', join(profile, 'ud'), '--extensions-dir', join(profile, 'ext')];
  spawnSync('code', [...args, '--install-extension', vsix, '--force'], { stdio: 'inherit' });
  spawnSync('code', [...args, '--new-window', join(repoRoot, 'examples')], { stdio: 'inherit' });
  console.log(`start: opened examples/ in desktop VS Code with a throw-away profile in ${profile}`);
  process.exit(0);
}

// Only code-server is needed here (Chromium is for the tests): a bare machine gets no more than that.
const { ensureCodeServer } = await import('./test-host/ensure.mjs');
const { freshDataDir, writeUserSettings, installVsix } = await import('./test-host/server.mjs');
const { nodeBin, codeServerBin } = await import('./test-host/paths.mjs');
try {
  ensureCodeServer();
  if (web) vsix = (await import('./test-host/run-web.mjs')).packageWebExtension();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const dataDir = freshDataDir('start');
// A new user's startup editor, so the extension's Get Started walkthrough opens on this first run.
writeUserSettings(dataDir, { 'workbench.colorTheme': 'Default Dark Modern', 'workbench.startupEditor': 'welcomePage' });
installVsix(dataDir, vsix);
const workspace = join(dataDir, 'examples');
mkdirSync(workspace, { recursive: true });
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const server = spawn(
  nodeBin,
  [
    codeServerBin,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', join(dataDir, 'ud'),
    '--extensions-dir', join(dataDir, 'ext'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ],
  { detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, HOME: join(dataDir, 'home') } },
);
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already stopped
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  console.error(`start: code-server exited (${code}). Is port ${port} free? Try: npm start -- --port 8081`);
  process.exit(1);
});
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
for (let i = 0; i < 120; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch {
    // starting
  }
  await new Promise((r) => setTimeout(r, 250));
}
const where = web ? ' (the browser bundle, in the web worker extension host)' : '';
console.log(`\nSystem Design Patterns${where} is running in VS Code (code-server).\nOpen ${url}\nand click the System Design Patterns icon in the activity bar. Ctrl+C stops it.\n`);
