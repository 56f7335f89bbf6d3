import assert from 'node:assert/strict';
import { loadRepoCatalog } from '../../../eval/catalog';
import { suggestCommand } from '../../../src/cli/suggest';
import { capturedIO } from './capturedIO';

/** `sdp suggest` text output: the findings go down the document, by line then column, whatever their kind. */
describe('sdp suggest: text findings in the document order', () => {
  // A marker naming no id (a warning, line 5) above a line that raises open questions (notes, line 7):
  // the review lists the questions first.
  const DOC = [
    '# Seat booking',
    '',
    'Two million fans compete for 50,000 seats in the flash sale.',
    '',
    'Seats: <!-- sdp-todo: contention/no-such-thing --> see below.',
    '',
    'We take a row lock on each seat with SELECT FOR UPDATE.',
    '',
  ].join('\n');

  it('sorts the Findings lines by line, then column', async () => {
    const io = capturedIO(DOC);
    assert.equal(await suggestCommand(['-'], io, loadRepoCatalog()), 0, io.stderr);
    const places = io.stdout.slice(io.stdout.indexOf('Findings:')).split('\n').slice(1)
      .map((line) => /^ {2}(\d+):(\d+) {2}/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [Number(m[1]), Number(m[2])] as const);
    assert.ok(places.some(([line]) => line === 5) && places.some(([line]) => line === 7), `findings on lines 5 and 7: ${JSON.stringify(places)}`);
    const sorted = [...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(places, sorted);
  });
});
