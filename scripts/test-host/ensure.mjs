// Installs the test host on first use: Node 24 (from the npm registry) and code-server
// (from the npm registry, built against that Node's headers, without the Kerberos module that
// would need libkrb5-dev). Finds Debian's Chromium, installing it when running as root.
import { existsSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, delimiter } from 'node:path';
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
 * Native modules of code-server's VS Code that are never built. kerberos is loaded by VS Code only
 * to answer a proxy that asks for Kerberos (Negotiate) authentication, with a dynamic import that
 * fails soft; building it needs the Kerberos headers (libkrb5-dev), which a fresh machine lacks.
 */
const SKIPPED_NATIVE_MODULES = new Set(['kerberos']);

/** Marks a code-server folder whose install finished (an interrupted one is installed again). */
const completeMarker = join(codeServerDir, '.sdp-complete');

function installedCodeServerVersion() {
  const pkg = join(codeServerDir, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(codeServerBin) || !existsSync(pkg)) return undefined;
  // Folders installed before the marker existed count as complete when code-server's own
  // postinstall got to its last step (the built-in extensions' dependencies).
  const finished = existsSync(completeMarker) || existsSync(join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'node_modules'));
  return finished ? JSON.parse(readFileSync(pkg, 'utf8')).version : undefined;
}

export function ensureCodeServer() {
  if (installedCodeServerVersion() === CODE_SERVER_VERSION) return codeServerBin;
  ensureNode24();
  ensureBuildTools();
  const env = cleanNpmEnv({
    PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}`,
    // node-gyp must build native modules against Node 24's headers from the package, not download them.
    npm_config_nodedir: nodeDir,
  });
  rmSync(completeMarker, { force: true });
  // code-server's own postinstall (lib/vscode: npm install) would build every native module,
  // kerberos included; it is skipped here and done step by step below, without kerberos.
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env, ['--ignore-scripts']);
  installVsCodeDependencies(env);
  if (!existsSync(codeServerBin)) throw new Error(`test host: code-server installed but ${codeServerBin} is missing.`);
  writeFileSync(completeMarker, `code-server ${CODE_SERVER_VERSION}, native modules built except: ${[...SKIPPED_NATIVE_MODULES].join(', ')}\n`);
  return codeServerBin;
}

/** What code-server's postinstall.sh does, less the native modules in SKIPPED_NATIVE_MODULES. */
function installVsCodeDependencies(env) {
  const packageDir = join(codeServerDir, 'node_modules', 'code-server');
  const vscodeDir = join(packageDir, 'lib', 'vscode');
  const run = (args, cwd) => {
    console.log(`test host: npm ${args.join(' ')} (in ${cwd})`);
    const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, env, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`test host: "npm ${args.join(' ')}" failed in ${cwd}; see the npm output above.`);
  };
  run(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  const natives = packagesWithInstallScripts(join(vscodeDir, 'node_modules')).filter((name) => !SKIPPED_NATIVE_MODULES.has(name));
  run(['rebuild', '--foreground-scripts', ...natives], vscodeDir);
  run(['install', '--omit=dev'], join(vscodeDir, 'extensions'));
  // The two launcher links postinstall.sh makes (the integrated terminal's `code` and `browser`).
  const link = (dir, target, name) => {
    rmSync(join(dir, name), { force: true });
    symlinkSync(target, join(dir, name));
  };
  const suffix = process.platform === 'darwin' ? 'darwin' : 'linux';
  link(join(vscodeDir, 'bin', 'remote-cli'), `code-${suffix}.sh`, 'code-server');
  link(join(vscodeDir, 'bin', 'helpers'), `browser-${suffix}.sh`, 'browser.sh');
}

/** Names of the packages under `dir` that npm would build or set up on install. */
function packagesWithInstallScripts(dir) {
  const names = new Set();
  const visit = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder)) {
      if (entry.startsWith('.')) continue;
      const full = join(folder, entry);
      if (entry.startsWith('@')) {
        visit(full);
        continue;
      }
      const manifestPath = join(full, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const scripts = JSON.parse(readFileSync(manifestPath, 'utf8')).scripts ?? {};
      if (scripts.preinstall || scripts.install || scripts.postinstall || existsSync(join(full, 'binding.gyp'))) {
        names.add(JSON.parse(readFileSync(manifestPath, 'utf8')).name);
      }
      visit(join(full, 'node_modules'));
    }
  };
  visit(dir);
  return [...names].sort();
}

/** The Debian packages a command comes from, for the message and the install. */
const BUILD_TOOLS = [
  ['make', 'make'],
  ['g++', 'g++'],
  ['python3', 'python3'],
];

/** node-gyp needs make, a C++ compiler and Python to build code-server's native modules. */
function ensureBuildTools() {
  if (process.platform !== 'linux') return;
  const missing = BUILD_TOOLS.filter(([command]) => !onPath(command)).map(([, pkg]) => pkg);
  if (missing.length > 0) aptInstall(missing, 'to build code-server\'s native modules');
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
