import { strict as assert } from 'node:assert';
import { buildInDocumentReview, hoverMarkdown, spansAt, type CatalogFinding } from '../../../src/core/review/inDocumentReview';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { headingAt, readOutline } from '../../../src/core/review/outline';
import { answerSectionInsertion, ignoreInsertion } from '../../../src/core/review/insertions';
import { example, realEngine } from './shared';

function reviewOf(text: string) {
  const { engine, catalog } = realEngine();
  const result = engine.suggest(text);
  return { result, review: buildInDocumentReview(result, text, readOutline(text), ENGLISH_REVIEW_LABELS, (id) => catalog.byId.get(id)?.title) };
}

describe('in-document review (core)', () => {
  const doc = example('ticket-booking-design.md');
  const lines = doc.split('\n');

  it('reads headings and the sections they open', () => {
    const outline = readOutline(doc);
    assert.deepEqual(outline.headings.map((h) => [h.line, h.level, h.text, h.sectionEnd]), [
      [0, 1, 'Design doc: concert ticket booking', lines.length],
      [2, 2, 'Goals', 7],
      [7, 2, 'Scale', 11],
      [11, 2, 'Open points', 15],
      [15, 2, 'Proposal', lines.length],
    ]);
    assert.equal(outline.title?.line, 0);
    assert.equal(headingAt(outline, 9)?.text, 'Scale');
  });

  it('every evidence span covers the quoted text, and points to a catalog node', () => {
    const { review, result } = reviewOf(doc);
    assert.ok(review.isDesignDoc);
    assert.equal(review.spans.length, result.suggestions.reduce((n, s) => n + s.evidence.length, 0));
    for (const s of review.spans) {
      assert.equal(lines[s.range.startLine]!.slice(s.range.startCharacter, s.range.endCharacter), s.evidence.text);
      assert.ok(realEngine().catalog.byId.has(s.target), s.target);
    }
  });

  it('the hover on a figure past a limit says the pattern, why, the limit and links to the card', () => {
    const { review } = reviewOf(doc);
    const line = lines.findIndex((l) => l.includes('50,000 seats'));
    const spans = spansAt(review, line, lines[line]!.indexOf('50,000') + 2);
    assert.equal(spans.length, 1);
    const text = hoverMarkdown(spans, ENGLISH_REVIEW_LABELS, (id) => `command:open?${id}`)!;
    assert.match(text, /^\*\*Dealing with Contention\*\* · \d+%/);
    // Markdown-escaped, so a reason's brackets never turn into a link.
    assert.match(text, /Why it counted: 2 million fans competing for 50,000 seats \\\(40 per item\\\)/);
    assert.match(text, /Limit compared with: `users:items >= 10`/);
    assert.match(text, /\]\(command:open\?contention\)$/);
    assert.deepEqual(spansAt(review, line, 0), [], 'nothing under "- " at the start of the line');
  });

  it('CodeLens: the top patterns at the title, and each heading whose section carries evidence', () => {
    const { review, result } = reviewOf(doc);
    const top = review.lenses.filter((l) => l.kind === 'top');
    assert.deepEqual(top.map((l) => [l.line, l.cardId]), result.suggestions.slice(0, 3).map((s) => [0, s.pattern]));
    assert.match(top[0]!.title, /^\$\(lightbulb\) Dealing with Contention \d+%$/);
    const headingLenses = review.lenses.filter((l) => l.kind === 'heading');
    assert.ok(headingLenses.some((l) => l.line === 2 && l.cardId === 'contention'), '"## Goals" holds the seat figure');
    // Each heading lens counts the spans of its pattern whose innermost heading it is; every span below a heading has one.
    const outline = readOutline(doc);
    for (const lens of headingLenses) {
      const count = review.spans.filter((s) => s.pattern === lens.cardId && headingAt(outline, s.range.startLine)?.line === lens.line).length;
      assert.ok(count > 0);
      assert.equal(lens.title, `$(quote) ${result.suggestions.find((s) => s.pattern === lens.cardId)!.title} · evidence lines in this section: ${count}`);
    }
    for (const span of review.spans) {
      const heading = headingAt(outline, span.range.startLine)!;
      if (!heading.isTitle) assert.ok(headingLenses.some((l) => l.line === heading.line && l.cardId === span.pattern), `${span.evidence.text} has a lens`);
    }
  });

  it('findings: the figure past a limit at its span, each open question at its line', () => {
    const { review, result } = reviewOf(doc);
    const capacity = review.findings.filter((f) => f.kind === 'capacity');
    assert.equal(capacity.length, 1);
    assert.deepEqual(capacity[0]!.range, { startLine: 3, startCharacter: 7, endLine: 3, endCharacter: 19 });
    assert.equal(capacity[0]!.ruleId, 'contention');
    const questions = review.findings.filter((f): f is CatalogFinding => f.kind === 'question');
    assert.deepEqual(questions.map((q) => q.ruleId), result.openQuestions.map((q) => q.id));
    // The sample doc leads with contention and names its solutions: it has questions, the lead pattern's among them.
    assert.ok(questions.some((q) => q.ruleId.startsWith('contention/')), questions.map((q) => q.ruleId).join(', '));
    for (const q of questions) {
      assert.equal(q.range.startLine, q.questionLine! - 1);
      assert.equal(q.range.startCharacter, 0);
      assert.equal(q.range.endCharacter, lines[q.range.startLine]!.trimEnd().length);
      // The message names the pattern the question belongs to, then the question, then why it is asked.
      const open = result.openQuestions.find((o) => o.id === q.ruleId)!;
      const title = result.suggestions.find((s) => s.pattern === open.pattern)!.title;
      assert.ok(q.message.startsWith(`Open question (${title}): ${open.question} Why: the doc relies on `), q.message);
    }
  });

  it('a document with no design content gets nothing: no spans, lenses or findings', () => {
    const { review } = reviewOf('# Release notes\n\nThe button is blue now. Fixed a typo in the footer.\n');
    assert.deepEqual(review, { isDesignDoc: false, spans: [], lenses: [], findings: [] });
  });
});

describe('a document whose lines end with a lone \\r (the old Mac convention), read as an editor reads it', () => {
  // The same document with every line break a lone \r: one character for one, so lines and columns are the same.
  const lf = example('ticket-booking-design.md');
  const cr = lf.replace(/\n/g, '\r');

  it('has the same outline: headings, their text and their sections', () => {
    assert.ok(!cr.includes('\n'));
    assert.deepEqual(readOutline(cr), readOutline(lf));
  });

  it('gets the same review: evidence ranges, lenses, findings and questions at the same lines', () => {
    const [a, b] = [reviewOf(lf).review, reviewOf(cr).review];
    assert.ok(a.spans.length > 0, 'the example has evidence to compare');
    assert.deepEqual(b, a);
  });

  it('puts the quick fixes at the same line and character', () => {
    const { result } = reviewOf(lf);
    const q = result.openQuestions[0] ?? { id: 'contention/locks', title: 'Locks across servers', question: 'How is the lock held?', line: 5 };
    const [olf, ocr] = [readOutline(lf), readOutline(cr)];
    const pick = ({ line, character }: { line: number; character: number }) => [line, character];
    assert.deepEqual(pick(answerSectionInsertion(cr, ocr, q, ENGLISH_REVIEW_LABELS)), pick(answerSectionInsertion(lf, olf, q, ENGLISH_REVIEW_LABELS)));
    assert.deepEqual(pick(ignoreInsertion(cr, ocr, 'scaling-reads')), pick(ignoreInsertion(lf, olf, 'scaling-reads')));
    // Under the last ignore comment, which stands on the third line.
    const withComment = (t: string, br: string) => t.replace(/^(.*)(\r|\n)(.*)(\r|\n)/, `$1${br}$3${br}<!-- sdp-ignore: large-blobs -->${br}`);
    const [clf, ccr] = [withComment(lf, '\n'), withComment(cr, '\r')];
    assert.deepEqual(pick(ignoreInsertion(ccr, readOutline(ccr), 'scaling-reads')), [3, 0]);
    assert.deepEqual(pick(ignoreInsertion(clf, readOutline(clf), 'scaling-reads')), [3, 0]);
  });
});
