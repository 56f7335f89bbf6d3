/**
 * The place a Design Review item leads to, once the document was edited after the analysis
 * (revealPlace.ts): the quoted text where it was, else its nearest occurrence, else nothing.
 */
import { strict as assert } from 'node:assert';
import { mustRelocate, nearestOccurrence } from '../../../src/extension/suggest/revealPlace';

function find(doc: string, text: string, line: number, character: number) {
  const lines = doc.split(/\r?\n/);
  return nearestOccurrence(text, { line, character }, lines.length, (l) => lines[l]!);
}

describe('revealPlace: where the quoted text stands now', () => {
  it('at the place the analysis gave, when it is still there', () => {
    assert.deepEqual(find('a\n<!-- sdp-ignore: Scaling-Raeds -->\n', 'Scaling-Raeds', 1, 17), { line: 1, character: 17 });
  });

  it('moved along its line, or to another line by lines inserted or deleted above it', () => {
    // Two words typed before it on its line.
    assert.deepEqual(find('a\nxy <!-- sdp-ignore: Scaling-Raeds -->\n', 'Scaling-Raeds', 1, 17), { line: 1, character: 20 });
    // A line inserted above: one line down.
    assert.deepEqual(find('a\nnew\n<!-- sdp-ignore: Scaling-Raeds -->\n', 'Scaling-Raeds', 1, 17), { line: 2, character: 17 });
    // Two lines deleted above: two lines up; CRLF changes nothing.
    assert.deepEqual(find('<!-- sdp-ignore: Scaling-Raeds -->\r\nb\r\nc\r\n', 'Scaling-Raeds', 2, 17), { line: 0, character: 17 });
  });

  it('the nearest of several: on the same line the nearest to the column; else the nearest line, the one above first', () => {
    assert.deepEqual(find('is a word; this is it; is', 'is', 0, 16), { line: 0, character: 16 });
    assert.deepEqual(find('is a word; this is it; is', 'is', 0, 20), { line: 0, character: 23 });
    assert.deepEqual(find('x is\nothr\ny\nz\nw is', 'is', 2, 0), { line: 0, character: 2 }, 'two lines above before two below');
    assert.deepEqual(find('x is\nothr\ny\nis z', 'is', 2, 0), { line: 3, character: 0 }, 'one line below before two above');
    assert.deepEqual(find('is\nb\nis', 'is', 1, 0), { line: 0, character: 0 }, 'at the same distance, the line above');
  });

  it('a quote that wraps over a line break is found again where it still wraps that way, after lines moved above it', () => {
    const quote = '50,000\nseats';
    // Two lines inserted above: two lines down, the figure still at the end of its line.
    assert.deepEqual(find('new\nnew\nWe hold up to 50,000\nseats a second.\n', quote, 0, 14), { line: 2, character: 14 });
    // Words typed before it on its line; CR LF in the document, a lone CR in the quote: the same break.
    assert.deepEqual(find('Now we hold up to 50,000\r\nseats a second.\r\n', '50,000\rseats', 0, 14), { line: 0, character: 18 });
    // Over three lines: the middle line whole.
    assert.deepEqual(find('x\nup to 50,000\nlarge\nseats.', 'to 50,000\nlarge\nseats', 0, 0), { line: 1, character: 3 });
    // The nearest of two, and not where the words are there but wrap elsewhere.
    assert.deepEqual(find('50,000\nseats\nx\ny\n50,000\nseats', quote, 3, 0), { line: 4, character: 0 });
    assert.equal(find('We hold 50,000 seats.\n50,000 seats\n', quote, 0, 8), undefined);
    assert.equal(find('We hold 50,000\nmore seats\n', quote, 0, 8), undefined);
    assert.equal(find('We hold 50,000', quote, 0, 8), undefined, 'no line after it');
  });

  it('nothing when the text is gone or empty, or the document is empty; a place past the end is read from the last line', () => {
    assert.equal(find('a\nb\n', 'Scaling-Raeds', 1, 0), undefined);
    assert.equal(find('a\nb\n', '', 1, 0), undefined);
    assert.equal(nearestOccurrence('a', { line: 0, character: 0 }, 0, () => ''), undefined);
    assert.deepEqual(find('a\nword\n', 'word', 40, 3), { line: 1, character: 0 });
  });

  it('looked for only when the document changed since the analysis: unedited, a quote that differs from its place (a link, quoted by its text) keeps its place', () => {
    // A link is quoted by its text alone; its place holds the link's markup.
    const quote = 'the booking service';
    const doc = 'Reads go to [the booking service](https://example.com/booking).\nElsewhere: the booking service.\n';
    const held = doc.split('\n')[0]!.slice(12, 12 + quote.length);
    assert.equal(mustRelocate(quote, held, 3, 3), false, 'the version analysed: the place is right');
    assert.deepEqual(find(doc, quote, 0, 12), { line: 0, character: 13 }, 'looking for it would move the selection inside the brackets');
    assert.equal(mustRelocate(quote, held, 3, 4), true, 'edited since: look for it');
    assert.equal(mustRelocate(quote, held, undefined, 4), true, 'no version given: any other text is a change');
    assert.equal(mustRelocate(quote, quote, 3, 4), false, 'edited, but the place still holds it');
    assert.equal(mustRelocate(undefined, held, 3, 4), false, 'no quote given (a question): the place');
    assert.equal(mustRelocate('', held, 3, 4), false);
  });
});
