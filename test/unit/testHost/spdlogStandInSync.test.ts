/**
 * The test host copies the spdlog stand-in into code-server on every use when the installed copy
 * differs from the repository's (syncSpdlogStandIn in scripts/test-host/ensure.mjs), so a fix to
 * the stand-in reaches an existing install without installing code-server again. Checked here on
 * a temporary folder laid out like code-server's @vscode/spdlog package.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncSpdlogStandIn, spdlogStandInSource } from '../../../scripts/test-host/ensure.mjs';

describe('the test host keeps code-server\'s spdlog stand-in up to date', () => {
  let dir: string;
  let packageDir: string;
  let target: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-spdlog-sync-'));
    packageDir = join(dir, 'node_modules', '@vscode', 'spdlog');
    mkdirSync(packageDir, { recursive: true });
    target = join(packageDir, 'index.js');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the stand-in of this repository by default', () => {
    assert.match(spdlogStandInSource, /scripts[\\/]test-host[\\/]spdlog-stand-in\.cjs$/);
    assert.match(readFileSync(spdlogStandInSource, 'utf8'), /createAsyncRotatingLogger/);
  });

  it('replaces an installed copy that differs (an older stand-in, or the native package\'s index.js)', () => {
    writeFileSync(target, "module.exports = require('./build/Release/spdlog.node');\n");
    assert.equal(syncSpdlogStandIn(target), true);
    assert.deepEqual(readFileSync(target), readFileSync(spdlogStandInSource));
    assert.deepEqual(readdirSync(packageDir), ['index.js'], 'no temporary file is left behind');
  });

  it('puts the stand-in in place when the package has no index.js', () => {
    assert.equal(syncSpdlogStandIn(target), true);
    assert.deepEqual(readFileSync(target), readFileSync(spdlogStandInSource));
  });

  it('leaves an identical copy untouched', () => {
    writeFileSync(target, readFileSync(spdlogStandInSource));
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(target, old, old);
    assert.equal(syncSpdlogStandIn(target), false);
    assert.equal(statSync(target).mtimeMs, old.getTime());
  });

  it('notices a one-byte difference against any source', () => {
    const source = join(dir, 'stand-in.cjs');
    writeFileSync(source, 'module.exports.version = 1;\n');
    writeFileSync(target, 'module.exports.version = 2;\n');
    assert.equal(syncSpdlogStandIn(target, source), true);
    assert.equal(readFileSync(target, 'utf8'), 'module.exports.version = 1;\n');
    assert.equal(syncSpdlogStandIn(target, source), false);
  });

  it('says to reinstall, rather than creating folders, when the spdlog package itself is missing', () => {
    rmSync(packageDir, { recursive: true });
    assert.throws(() => syncSpdlogStandIn(target), /spdlog.* is missing.*install code-server again/);
  });
});
