/**
 * ensureCodeServer on an install that is already complete (scripts/test-host/ensure.mjs): it still
 * checks Node 24 first (npm start runs code-server with it) and refreshes the spdlog stand-in.
 * Run in a child Node against a fake host folder (SDP_TEST_HOST_DIR), laid out like a finished
 * install, with an `npm` on the PATH that records its arguments and fails, so nothing is
 * downloaded and an attempt to install Node 24 shows.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTALL_RECIPE, spdlogStandInSource } from '../../../scripts/test-host/ensure.mjs';

const ensureUrl = pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'test-host', 'ensure.mjs')).href;

describe('ensureCodeServer on a finished install', () => {
  let host: string;
  let bin: string;
  let npmLog: string;
  let spdlogIndex: string;
  let codeServerBin: string;
  let nodeBin: string;
  beforeEach(() => {
    host = mkdtempSync(join(tmpdir(), 'sdp-host-'));
    const codeServerDir = join(host, 'code-server');
    codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    spdlogIndex = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'index.js');
    nodeBin = join(host, 'node24', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
    for (const file of [codeServerBin, spdlogIndex]) mkdirSync(dirname(file), { recursive: true });
    writeFileSync(codeServerBin, '');
    writeFileSync(join(codeServerDir, '.sdp-complete'), `${INSTALL_RECIPE}\n`);
    writeFileSync(spdlogIndex, '// an older stand-in\n');
    bin = join(host, 'bin');
    npmLog = join(host, 'npm.log');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$*" >> '${npmLog}'\nexit 1\n`);
    chmodSync(join(bin, 'npm'), 0o755);
  });
  afterEach(() => rmSync(host, { recursive: true, force: true }));

  const run = () => spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(ensureUrl)}); console.log('returned ' + m.ensureCodeServer());`],
    { env: { ...process.env, SDP_TEST_HOST_DIR: host, PATH: `${bin}${delimiter}${process.env.PATH}` }, encoding: 'utf8' },
  );

  it('installs Node 24 again when it is gone, before saying code-server is ready', function () {
    if (process.platform === 'win32') this.skip(); // the recording npm is a shell script
    const result = run();
    assert.notEqual(result.status, 0, result.stdout);
    assert.match(result.stderr, /npm install node-.*@24.*failed/);
    assert.match(readFileSync(npmLog, 'utf8'), /^install node-\S+@24 /);
  });

  it('with Node 24 present, returns the installed code-server, refreshes the stand-in and runs no npm', function () {
    if (process.platform === 'win32') this.skip();
    mkdirSync(dirname(nodeBin), { recursive: true });
    writeFileSync(nodeBin, '');
    const result = run();
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes(`returned ${codeServerBin}`), result.stdout);
    assert.match(result.stdout, /updated the spdlog stand-in/);
    assert.deepEqual(readFileSync(spdlogIndex), readFileSync(spdlogStandInSource));
    assert.equal(existsSync(npmLog), false);
  });
});
