import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturedIO } from './capturedIO';
import { main } from '../../../src/cli/main';

/** The CLI without its built catalog (dist/catalog.json): one line that says to build, no raw ENOENT. */

describe('sdp without dist/catalog.json', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sdp-catalog-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const command of [['list'], ['show', 'contention'], ['suggest', '-']]) {
    it(`sdp ${command.join(' ')}: exit 1, says where the catalog should be and to run npm run build`, async () => {
      const io = capturedIO();
      const missing = join(dir, 'catalog.json');
      assert.equal(await main(command, io, missing), 1);
      assert.equal(io.stdout, '');
      assert.equal(io.stderr, `sdp: the built catalog ${missing} is missing: run "npm run build" in the extension's source folder first\n`);
    });
  }

  it('a damaged catalog keeps its own message (it says to rebuild)', async () => {
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, '{');
    const io = capturedIO();
    assert.equal(await main(['list'], io, damaged), 1);
    assert.match(io.stderr, /^sdp: catalog\.json is not valid JSON .*npm run build/);
  });
});
