import assert from 'node:assert/strict';
import { loadRepoCatalog } from '../../../eval/catalog';
import type { Catalog } from '../../../src/core/catalog/model';
import { capturedIO, type CapturedIO } from './capturedIO';
import { suggestCommand } from '../../../src/cli/suggest';

/** Option values of `sdp suggest`: a value outside what the help promises is refused (exit 2, one clear line, the usage), never read as something else. */

const DOC = '# Seat booking\n\nNo double-booking: 50,000 seats, 2 million fans race for the last seat.\n';

const fakeIO = (stdin = DOC): CapturedIO => capturedIO(stdin);

describe('sdp suggest: option values', () => {
  let catalog: Catalog;
  before(() => { catalog = loadRepoCatalog(); });

  const refused: [string, string, RegExp][] = [
    ['--min-score', '2', /--min-score takes a number from 0 to 1, got "2"/],
    ['--min-score', '1.01', /--min-score takes a number from 0 to 1, got "1.01"/],
    ['--min-score', '-0.5', /--min-score takes a number from 0 to 1, got "-0.5"/],
    ['--min-score', '', /--min-score takes a number from 0 to 1, got ""/],
    ['--min-score', ' ', /--min-score takes a number from 0 to 1, got " "/],
    ['--min-score', '0x1', /--min-score takes a number from 0 to 1, got "0x1"/],
    ['--max-size', '', /--max-size takes a whole number of characters, at least 1, got ""/],
    ['--max-size', '0', /--max-size takes a whole number of characters, at least 1, got "0"/],
    ['--max-size', '12.5', /--max-size takes a whole number of characters, at least 1, got "12.5"/],
    ['--max-size', '1e3', /--max-size takes a whole number of characters, at least 1, got "1e3"/],
    ['--max-size', '-5', /--max-size takes a whole number of characters, at least 1, got "-5"/],
    ['--max-size', 'Infinity', /--max-size takes a whole number of characters, at least 1, got "Infinity"/],
  ];
  for (const [flag, value, message] of refused) {
    it(`${flag} ${JSON.stringify(value)} is refused: exit 2, nothing analysed`, async () => {
      const io = fakeIO();
      assert.equal(await suggestCommand(['-', flag, value, '--json'], io, catalog), 2);
      assert.equal(io.stdout, '');
      assert.match(io.stderr, message);
      assert.match(io.stderr, /usage: sdp suggest/);
    });
  }

  it('a flag with no value at all is refused the same way', async () => {
    for (const flag of ['--min-score', '--max-size']) {
      const io = fakeIO();
      assert.equal(await suggestCommand(['-', flag], io, catalog), 2);
      assert.match(io.stderr, new RegExp(`${flag} takes .*, got ""`));
    }
  });

  const accepted: [string, string][] = [['--min-score', '0'], ['--min-score', '1'], ['--min-score', '0.35'], ['--min-score', '.5'], ['--max-size', '1'], ['--max-size', '200000']];
  for (const [flag, value] of accepted) {
    it(`${flag} ${value} is accepted`, async () => {
      const io = fakeIO();
      assert.equal(await suggestCommand(['-', flag, value, '--json'], io, catalog), 0, io.stderr);
      assert.ok(JSON.parse(io.stdout));
    });
  }

  it('--max-size counts what its help says: UTF-16 code units (an emoji is 2), in help and in the note on a cut', async () => {
    const help = capturedIO();
    assert.equal(await suggestCommand(['--help'], help, catalog), 0);
    assert.match(help.stdout, /--max-size CHARS +read only the first CHARS characters of each file, counted as UTF-16 code units/);
    const io = fakeIO('\u{1f600}\u{1f600}x\n' + DOC);
    assert.equal(await suggestCommand(['-', '--max-size', '4'], io, catalog), 0, io.stderr);
    assert.match(io.stderr, new RegExp(`only the first 4 of the document's ${6 + DOC.length} characters`));
  });
});
