// Installs the test host on first use: Node 24 (from the npm registry) and code-server (from the
// npm registry) with no native module built, so no compiler, make or Python is needed; the modules
// VS Code needs ship prebuilt binaries or get a JavaScript stand-in (docs/test-host.md). Finds
// Debian's Chromium, installing it when running as root.
import { existsSync, mkdirSync, writeFileSync, readFileSync, rmSync, symlinkSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostDir, nodeDir, nodeBin, codeServerDir, codeServerBin, CODE_SERVER_VERSION, NODE_MAJOR, chromiumCandidates } from './paths.mjs';

/**
 * The environment for a nested npm: without the npm_* variables an outer `npm test` exports.
 * Inherited, they override the inner npm's config; code-server's install script, for one,
 * reads the Node version from npm_config_user_agent and would see the outer Node 20.
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function npmInstall(dir, spec, env = cleanNpmEnv(), extra = []) {
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'sdp-test-host', private: true }, null, 2));
  console.log(`test host: npm install ${spec} in ${dir} (first use only)…`);
  const result = spawnSync('npm', ['install', spec, '--no-audit', '--no-fund', '--no-save', ...extra], { cwd: dir, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`test host: "npm install ${spec}" failed in ${dir}; see the npm output above.`);
}

export function ensureNode24() {
  if (existsSync(nodeBin)) return nodeBin;
  npmInstall(join(hostDir, 'node24'), `node-${process.platform}-${process.arch}@${NODE_MAJOR}`);
  if (!existsSync(nodeBin)) throw new Error(`test host: Node ${NODE_MAJOR} was installed but ${nodeBin} is missing.`);
  return nodeBin;
}

/**
 * How code-server is installed here. A folder installed by another recipe (or before the marker
 * existed) is installed again from scratch, so every machine runs the same install.
 * 2: no native module is built at all (1 built all but kerberos, with make, g++ and python3).
 * The spdlog stand-in is not part of the recipe: every use compares the installed copy with the
 * repository's and copies it again when they differ (syncSpdlogStandIn), with no reinstall.
 */
export const INSTALL_RECIPE = `code-server ${CODE_SERVER_VERSION}, recipe 2: no native builds; prebuilt node-pty and @parcel/watcher; @vscode/spdlog in JavaScript`;

/** Marks a code-server folder whose install finished (an interrupted one is installed again). */
const completeMarker = join(codeServerDir, '.sdp-complete');

function installIsCurrent() {
  if (!existsSync(codeServerBin) || !existsSync(completeMarker)) return false;
  return readFileSync(completeMarker, 'utf8').trim() === INSTALL_RECIPE;
}

/** The repository's spdlog stand-in, and where the installed code-server loads @vscode/spdlog from. */
export const spdlogStandInSource = fileURLToPath(new URL('./spdlog-stand-in.cjs', import.meta.url));
const vscodeDir = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
const installedSpdlogIndex = join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'index.js');

/**
 * Puts the stand-in at `target` unless the file there is already byte for byte the same, so a
 * change to spdlog-stand-in.cjs reaches an existing install on its next use, with no reinstall.
 * Written to a temporary file and renamed, so a server starting meanwhile reads one whole version.
 * Returns whether it copied.
 */
export function syncSpdlogStandIn(target = installedSpdlogIndex, source = spdlogStandInSource) {
  const wanted = readFileSync(source);
  if (existsSync(target) && readFileSync(target).equals(wanted)) return false;
  if (!existsSync(dirname(target))) {
    throw new Error(`test host: ${dirname(target)} is missing, so the spdlog stand-in has nowhere to go; delete ${codeServerDir} to install code-server again.`);
  }
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, wanted);
  renameSync(temporary, target);
  return true;
}

export function ensureCodeServer() {
  // Node 24 runs code-server, so it is checked on every use (one existsSync when present): a
  // removed .vscode-test/node24 would otherwise only show as a server that fails to start.
  ensureNode24();
  if (installIsCurrent()) {
    if (syncSpdlogStandIn()) console.log(`test host: updated the spdlog stand-in in ${installedSpdlogIndex} from scripts/test-host/spdlog-stand-in.cjs.`);
    return codeServerBin;
  }
  const env = cleanNpmEnv({
    PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}`,
    // Nothing is compiled, but should a package still reach for node-gyp, it must use Node 24's
    // headers from the package instead of downloading them.
    npm_config_nodedir: nodeDir,
  });
  if (existsSync(codeServerDir)) {
    console.log(`test host: ${codeServerDir} was installed by another recipe or not finished; installing it again.`);
    rmSync(codeServerDir, { recursive: true, force: true });
  }
  // code-server's own postinstall (lib/vscode: npm install) would compile a dozen native modules;
  // it is skipped here and done step by step below, without compiling anything.
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env, ['--ignore-scripts']);
  installVsCodeDependencies(env);
  if (!existsSync(codeServerBin)) throw new Error(`test host: code-server installed but ${codeServerBin} is missing.`);
  writeFileSync(completeMarker, `${INSTALL_RECIPE}\n`);
  return codeServerBin;
}

/**
 * What code-server's postinstall.sh does, without compiling: VS Code's dependencies are installed
 * with their install scripts off. What each native module does and what its absence costs is in
 * docs/test-host.md; in short, nothing this extension or its tests use:
 * - node-pty (integrated terminal) and @parcel/watcher (file watching) ship prebuilt binaries,
 *   in the package and as an optional dependency; they are checked to load below.
 * - @vscode/spdlog (every log file and every Output channel, this extension's log included) gets
 *   the JavaScript stand-in in spdlog-stand-in.cjs.
 * - kerberos (proxy Kerberos sign-in), @vscode/native-watchdog (kills a hung extension host whose
 *   window went away), @vscode/deviceid (a telemetry id), @vscode/sqlite3 and @vscode/fs-copyfile
 *   (the agent host of the Copilot agents) stay unbuilt: VS Code loads each lazily and goes on
 *   without it. The windows-* modules are for Windows only; ssh2's crypto binding and cpu-features
 *   are never loaded (VS Code's own allowScripts does not build them either).
 */
function installVsCodeDependencies(env) {
  const run = (args, cwd) => {
    console.log(`test host: npm ${args.join(' ')} (in ${cwd})`);
    const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, env, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`test host: "npm ${args.join(' ')}" failed in ${cwd}; see the npm output above.`);
  };
  run(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  syncSpdlogStandIn();
  // The built-in extensions' TypeScript; its postinstall only trims files (JavaScript, no build).
  run(['install', '--omit=dev'], join(vscodeDir, 'extensions'));
  // The two launcher links postinstall.sh makes (the integrated terminal's `code` and `browser`).
  const link = (dir, target, name) => {
    rmSync(join(dir, name), { force: true });
    symlinkSync(target, join(dir, name));
  };
  const suffix = process.platform === 'darwin' ? 'darwin' : 'linux';
  link(join(vscodeDir, 'bin', 'remote-cli'), `code-${suffix}.sh`, 'code-server');
  link(join(vscodeDir, 'bin', 'helpers'), `browser-${suffix}.sh`, 'browser.sh');
  reportPrebuiltModules(vscodeDir);
}

/** The modules used for their prebuilt binary, and what VS Code lacks when one does not load. */
const PREBUILT_MODULES = [
  ['node-pty', 'the integrated terminal'],
  ['@parcel/watcher', 'file watching (changes made outside VS Code go unnoticed)'],
];

/**
 * Loads each prebuilt module with Node 24. Where a platform has no prebuilt binary, one line says
 * which feature is missing; VS Code loads these lazily, so the rest of it runs without them.
 */
function reportPrebuiltModules(vscodeDir) {
  for (const [name, feature] of PREBUILT_MODULES) {
    const probe = spawnSync(nodeBin, ['-e', `require(${JSON.stringify(name)})`], { cwd: vscodeDir, encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`test host: ${name} has no prebuilt binary for ${process.platform}-${process.arch}, so this VS Code runs without ${feature}.`);
    }
  }
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * The command a user runs to install `packages`. With the package lists refreshed first: a fresh
 * Debian image has none, and `apt-get install` alone then finds no package at all.
 */
export function aptInstallCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
}

/**
 * Installs Debian packages when this process may (root, apt-get present); otherwise throws
 * with the exact command to run.
 */
function aptInstall(packages, why) {
  const command = aptInstallCommand(packages);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    throw new Error(`test host: ${packages.join(', ')} ${packages.length > 1 ? 'are' : 'is'} needed ${why}. Install with:\n  ${command}`);
  }
  console.log(`test host: installing ${packages.join(' ')} ${why} (apt-get, running as root)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  if (result.status !== 0) throw new Error(`test host: "apt-get install -y ${packages.join(' ')}" failed; see its output above.`);
}

export function findChromium() {
  const found = () => chromiumCandidates.find((candidate) => existsSync(candidate));
  if (found()) return found();
  if (process.platform === 'linux') aptInstall(['chromium'], 'to run the UI tests (or set SDP_CHROMIUM to a Chromium binary)');
  const installed = found();
  if (!installed) throw new Error(`test host: Chromium is not installed. Install it with: ${aptInstallCommand(['chromium'])} (or set SDP_CHROMIUM to a Chromium binary).`);
  return installed;
}

export function ensureTestHost() {
  return { node: ensureNode24(), codeServer: ensureCodeServer(), chromium: findChromium() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureTestHost());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
