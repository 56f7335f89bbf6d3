import { strict as assert } from 'node:assert';
import { buildInDocumentReview } from '../../../src/core/review/inDocumentReview';
import { EMPTY_OUTLINE } from '../../../src/core/review/outline';
import { idleTodoReason } from '../../../src/core/review/idleTodoFindings';
import { ENGLISH_REVIEW_LABELS as L } from '../../../src/core/review/labels';
import { suggestWithOutline } from '../../../src/core/review/suggestWithOutline';
import { realEngine } from './shared';

/** An sdp-todo marker that keeps no question open is a finding of the review: the Problems panel's warning and SARIF's result. */
describe('idle sdp-todo markers as review findings', () => {
  const SEATS = '# Seat booking\n\nTwo million fans compete for 50,000 seats in the flash sale. We must never double-book a seat; the last seat goes to one buyer.\n\n';

  const review = (doc: string): ReturnType<typeof buildInDocumentReview> => {
    const { catalog, engine } = realEngine();
    const { result, outline } = suggestWithOutline(engine, doc);
    return buildInDocumentReview(result, doc, outline, L, (id) => catalog.byId.get(id)?.title);
  };

  it('a warning-kind finding at the marker\'s opener and id as written (any case, three dashes, indented), in document order with the others', () => {
    const doc = `${SEATS}## Deadlocks\n\n  <!--- SDP-TODO: Contention/Deadlocks\nQuestion: ...\n-->\n\n<!-- sdp-ignore: contension -->\n`;
    const findings = review(doc).findings.filter((f) => f.kind === 'idle-todo' || f.kind === 'unknown-id');
    assert.deepEqual(findings.map((f) => f.kind), ['idle-todo', 'unknown-id'], 'document order among the comments\' findings');
    const [idle] = findings;
    assert.equal(idle!.ruleId, 'idle-todo');
    const line = doc.split('\n')[idle!.range.startLine]!;
    assert.equal(line.slice(idle!.range.startCharacter, idle!.range.endCharacter), '<!--- SDP-TODO: Contention/Deadlocks');
    assert.equal(idle!.message, 'This sdp-todo marker ("contention/deadlocks") keeps no question open: the question is asked only when the document relies on Pessimistic Locking, which it never names: name the one you use, or delete the marker.');
  });

  it('also in a document the engine suggests nothing for (as the unknown-id warnings are)', () => {
    const r = review('# Notes\n\nLunch plans for the team.\n\n<!-- sdp-todo: contention/deadlocks -->\n');
    assert.equal(r.isDesignDoc, false);
    assert.deepEqual(r.findings.map((f) => [f.kind, f.range.startLine, f.range.startCharacter, f.range.endCharacter]), [['idle-todo', 4, 0, 35]]);
    assert.match(r.findings[0]!.message, /asked only under Dealing with Contention, which the review is not sure this document needs: delete the marker, or say in the document what needs that pattern\.$/);
  });

  it('its place comes with the engine\'s result: a caller that keeps no text of the document (no suggestion) gets the same range', () => {
    const { catalog, engine } = realEngine();
    const doc = '# Notes\n\nLunch plans for the team.\n\n<!-- sdp-todo: contention/deadlocks -->\n';
    const { result } = suggestWithOutline(engine, doc);
    assert.deepEqual(result.idleTodos?.map((t) => t.text), ['<!-- sdp-todo: contention/deadlocks']);
    const r = buildInDocumentReview(result, '', EMPTY_OUTLINE, L, (id) => catalog.byId.get(id)?.title);
    assert.deepEqual(r.findings.map((f) => [f.kind, f.range.startLine, f.range.startCharacter, f.range.endCharacter]), [['idle-todo', 4, 0, 35]]);
  });

  it('a marker holding an sdp-ignore comment before its id: no idle marker (a preview ends it at that comment), a malformed comment at its opener, not over that comment (which has its own warning)', () => {
    const doc = `${SEATS}<!-- sdp-todo: <!-- sdp-ignore: scaling-redas --> contention/deadlocks -->\n`;
    const line = doc.split('\n').length - 2;
    const findings = review(doc).findings.filter((f) => f.kind === 'idle-todo' || f.kind === 'unknown-id' || f.kind === 'malformed-comment');
    assert.deepEqual(findings.map((f) => [f.kind, f.range.startLine, f.range.startCharacter, f.range.endLine, f.range.endCharacter]), [
      ['malformed-comment', line, 0, line, '<!-- sdp-todo:'.length],
      ['unknown-id', line, 32, line, 45],
    ]);
    assert.equal(findings[0]!.message, L.todoCommentBeforeId);
  });

  it('a question waiting for one of several solutions or patterns names them all, joined by the label', () => {
    const t = { id: 'x/y', line: 1, column: 1, text: '<!-- sdp-todo: x/y' } as const;
    assert.equal(idleTodoReason({ ...t, reason: 'solution-not-named', solutionTitles: ['A', 'B', 'C'] }, L), 'the question is asked only when the document relies on A or B or C, which it never names: name the one you use, or delete the marker');
    assert.equal(idleTodoReason({ ...t, reason: 'pattern-not-suggested', patternTitles: ['P'] }, { ...L, eitherOf: '{0} | {1}' }).includes('under P,'), true);
    assert.equal(idleTodoReason({ ...t, reason: 'pattern-not-suggested', patternTitles: ['P', 'Q'] }, { ...L, eitherOf: '{0} | {1}' }).includes('under P | Q,'), true);
  });

  it('a reason with no title to name says the question is not asked, instead of throwing', () => {
    const t = { id: 'x/y', line: 1, column: 1, text: '<!-- sdp-todo: x/y' } as const;
    assert.equal(idleTodoReason({ ...t, reason: 'solution-not-named', solutionTitles: [] }, L), L.idleTodoNotAsked);
    assert.equal(idleTodoReason({ ...t, reason: 'pattern-not-suggested' }, L), L.idleTodoNotAsked);
  });
});
