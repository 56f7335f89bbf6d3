import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';
import type { Catalog } from '../../../src/core/catalog/model';
import { capturedIO, inTemporaryFolder } from './capturedIO';
import { main } from '../../../src/cli/main';
import { suggestCommand } from '../../../src/cli/suggest';
import { splitAtEndOfOptions } from '../../../src/cli/args';

/** `--` ends the options of `sdp suggest`: every word after it is a file, even one that starts with `-`. */

const DOC = '# Seat booking\n\nNo double-booking: 50,000 seats, 2 million fans race for the last seat.\n';

describe('sdp suggest --', () => {
  let catalog: Catalog;
  before(() => {
    catalog = loadRepoCatalog();
  });
  const folder = inTemporaryFolder('sdp-dashdash-', { '-dash.md': DOC, '--help': DOC });

  it('a file whose name starts with - is read after --', async () => {
    const io = capturedIO();
    assert.equal(await suggestCommand(['--json', '--', '-dash.md'], io, catalog), 0, io.stderr);
    assert.equal((JSON.parse(io.stdout) as { file: string }).file, '-dash.md');
  });

  it('--help after -- is a file, not a request for help (also through main)', async () => {
    const io = capturedIO();
    assert.equal(await suggestCommand(['--json', '--', '--help'], io, catalog), 0, io.stderr);
    assert.equal((JSON.parse(io.stdout) as { file: string }).file, '--help');
    const viaMain = capturedIO();
    await main(['suggest', '--', '--help'], viaMain, join(folder.dir(), 'no-catalog.json'));
    assert.doesNotMatch(viaMain.stdout, /--max-size CHARS/);
  });

  it('options after -- are files too; - after -- is still standard input', async () => {
    const io = capturedIO(DOC);
    assert.equal(await suggestCommand(['--', '-', '--json'], io, catalog), 2);
    assert.match(io.stderr, /more than one file/);
    const stdin = capturedIO(DOC);
    assert.equal(await suggestCommand(['--json', '--', '-'], stdin, catalog), 0, stdin.stderr);
    assert.ok((JSON.parse(stdin.stdout) as { suggestions: unknown[] }).suggestions.length > 0);
  });

  it('splitAtEndOfOptions (every command and main split with it): options before the first --, operands after, the -- in neither', () => {
    assert.deepEqual(splitAtEndOfOptions(['--json', 'x']), { options: ['--json', 'x'], operands: [], ended: false });
    assert.deepEqual(splitAtEndOfOptions(['--json', '--', '--help', '--', '-']), { options: ['--json'], operands: ['--help', '--', '-'], ended: true });
    assert.deepEqual(splitAtEndOfOptions(['--']), { options: [], operands: [], ended: true });
  });
});
