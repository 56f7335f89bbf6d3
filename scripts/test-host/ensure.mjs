// Installs the test host on first use: Node 24 (from the npm registry) and code-server
// (from the npm registry, built against that Node's headers). Checks for Debian's Chromium.
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
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

export function ensureCodeServer() {
  const pkg = join(codeServerDir, 'node_modules', 'code-server', 'package.json');
  if (existsSync(codeServerBin) && existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === CODE_SERVER_VERSION) {
    return codeServerBin;
  }
  ensureNode24();
  const env = cleanNpmEnv({
    PATH: `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH}`,
    // node-gyp must build native modules against Node 24's headers from the package, not download them.
    npm_config_nodedir: nodeDir,
  });
  // code-server's native modules compile here; kerberos needs libkrb5-dev.
  if (process.platform === 'linux' && !existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
    throw new Error('test host: code-server needs the Kerberos headers to build. Install them with: sudo apt-get install -y libkrb5-dev');
  }
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env, ['--foreground-scripts']);
  if (!existsSync(codeServerBin)) throw new Error(`test host: code-server installed but ${codeServerBin} is missing.`);
  return codeServerBin;
}

export function findChromium() {
  for (const candidate of chromiumCandidates) if (existsSync(candidate)) return candidate;
  throw new Error('test host: Chromium is not installed. Install it with: sudo apt-get install -y chromium (or set SDP_CHROMIUM to a Chromium binary).');
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
