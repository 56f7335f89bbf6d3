import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRepoCatalog } from '../../../eval/catalog';
import { suggestCommand } from '../../../src/cli/suggest';
import type { CliIO } from '../../../src/cli/io';
import { createSuggestEngine } from '../../../src/core/suggest';
import { withLoneCarriageReturnsAsNewlines } from '../../../src/core/text/lineBreaks';

const sample = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'ticket-booking-design.md'), 'utf8').replace(/\r\n/g, '\n');

describe('line breaks: a lone \\r ends a line, as in an editor', () => {
  it('turns a lone \\r into \\n, one character for one, and leaves \\r\\n alone', () => {
    assert.equal(withLoneCarriageReturnsAsNewlines('a\rb\r\nc\n\rd\r'), 'a\nb\r\nc\n\nd\n');
    assert.equal(withLoneCarriageReturnsAsNewlines('no breaks'), 'no breaks');
    const mixed = 'x\r\ry\r\n\r\n';
    assert.equal(withLoneCarriageReturnsAsNewlines(mixed).length, mixed.length);
  });
  it('the engine reads an old-Mac document (\\r only) as its \\n twin: same scores, lines, columns and questions', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const lf = engine.suggest(sample);
    const cr = engine.suggest(sample.replace(/\n/g, '\r'));
    assert.ok(lf.suggestions.length > 0 && lf.suggestions[0]!.evidence.length > 1, 'the sample gets evidence on several lines');
    const view = (r: typeof lf) => ({
      s: r.suggestions.map((s) => [s.pattern, s.score, s.evidence.map((e) => [e.line, e.column, e.text])]),
      q: r.openQuestions.map((q) => [q.id, q.line]),
      n: r.numbers.map((n) => [n.line, n.column, n.text]),
    });
    assert.deepEqual(view(cr), view(lf));
  });
  it('the comments a writer leaves are read on the same lines: an sdp-todo marker in a \\r-only document keeps its question at its heading', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const q = engine.suggest(sample).openQuestions[0]!;
    assert.ok(q, 'the sample has an open question');
    const marked = `${sample.trimEnd()}\n\n## ${q.title}\n\n<!-- sdp-todo: ${q.id}\nAnswer here.\n-->\n\n<!-- sdp-ignore: realtime-updates -->\n`;
    const view = (text: string) => engine.suggest(text).openQuestions.map((x) => [x.id, x.line]);
    const lf = view(marked);
    assert.ok(lf.some(([id, line]) => id === q.id && line === sample.trimEnd().split('\n').length + 2), JSON.stringify(lf));
    assert.deepEqual(view(marked.replace(/\n/g, '\r')), lf);
  });
  it('sdp suggest --format sarif puts findings of a \\r-only file on the lines an editor shows', async () => {
    const run = async (text: string): Promise<unknown> => {
      const io: CliIO & { stdout: string } = { stdout: '', out: (s) => { io.stdout += s; }, err: () => undefined, readStdin: async () => text };
      await suggestCommand(['-', '--format', 'sarif'], io, loadRepoCatalog());
      const log = JSON.parse(io.stdout) as { runs: { results: { ruleId: string; locations: unknown }[] }[] };
      return log.runs[0]!.results.map((r) => [r.ruleId, r.locations]);
    };
    const lf = await run(sample);
    assert.ok(Array.isArray(lf) && lf.length > 0, 'the sample has findings');
    assert.deepEqual(await run(sample.replace(/\n/g, '\r')), lf);
  });
});
