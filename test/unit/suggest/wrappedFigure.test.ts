/**
 * A figure that wraps over a line break ("50,000" at the end of one line, "seats" on the next) is
 * quoted as written, so its range covers both lines: the SARIF region, the hover and the selection
 * reach "seats". Labels and messages show it on one line.
 */
import { strict as assert } from 'node:assert';
import { spanRange } from '../../../src/core/review/ranges';
import { asOneLine } from '../../../src/core/text/oneLine';
import { formatForPeople } from '../../../src/cli/suggest';
import { realEngine } from '../review/shared';

const DOC = '# Ticket booking\n\nWe expect about 2 million fans for 50,000\nseats at the peak.\n';

describe('a figure wrapped over two lines', () => {
  const { engine } = realEngine();

  for (const [name, doc] of [['LF', DOC], ['CRLF', DOC.replace(/\n/g, '\r\n')]] as const) {
    it(`is quoted as written and its range ends on the next line (${name})`, () => {
      const result = engine.suggest(doc);
      const seats = result.numbers.find((n) => /^50,000\s+seats$/.test(n.text));
      assert.ok(seats, `figures: ${JSON.stringify(result.numbers.map((n) => n.text))}`);
      const lines = doc.split(/\r\n|\n/);
      // The quote is the document's own text at its place.
      const start = doc.indexOf('50,000');
      assert.equal(seats.text, doc.slice(start, start + seats.text.length));
      assert.deepEqual(spanRange(seats.line, seats.column, seats.text.replace(/\r\n?/g, '\n')), {
        startLine: 2, startCharacter: lines[2]!.indexOf('50,000'), endLine: 3, endCharacter: 'seats'.length,
      });
      // The evidence that quotes it, and its reason, show it on one line.
      const evidence = result.suggestions.flatMap((s) => s.evidence).find((e) => e.kind === 'number' && e.text === seats.text);
      assert.ok(evidence, 'the figure is quoted as evidence');
      assert.ok(!/[\r\n]/.test(evidence.reason), `reason on one line: ${JSON.stringify(evidence.reason)}`);
      assert.equal(asOneLine(seats.text), '50,000 seats');
    });
  }

  it("sdp suggest's text output shows the wrapped figure on one line, in the evidence and in the figures", () => {
    const text = formatForPeople(engine.suggest(DOC));
    assert.match(text, /"50,000 seats"/);
    assert.match(text, /^ {2}3:\d+ {2}50,000 seats {2}/m);
    assert.ok(!/50,000\s*\n\s*seats/.test(text), text);
  });
});
