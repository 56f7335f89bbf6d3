import { strict as assert } from 'node:assert';
import { answerSectionInsertion, ignoreInsertion } from '../../../src/core/review/insertions';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { readOutline } from '../../../src/core/review/outline';
import type { Catalog } from '../../../src/core/catalog/model';
import { readIgnoreComments } from '../../../src/core/suggest/ignoreComments';
import { CHECKS } from '../../../src/core/suggest/lexicon';
import type { OpenQuestion } from '../../../src/core/suggest/types';
import { applyInsertion, example, realEngine } from './shared';

/** What these tests read of an open question: its title and what answers it (a deep dive's, or a design check's). */
function askedNode(catalog: Catalog, q: OpenQuestion): { title: string; answeredBy: readonly string[] } {
  return { title: q.title, answeredBy: catalog.byId.get(q.id)?.answeredBy ?? CHECKS.find((c) => c.id === q.id)?.answeredBy ?? [] };
}

const question = { id: 'contention/locks', title: 'Locks across servers', question: 'How is the lock held across servers?' };
const MARKER = '<!-- sdp-todo: contention/locks\nQuestion: How is the lock held across servers?\n' +
  'Write the answer under this comment, then delete the comment: the review keeps the question open until you do.\n-->';

describe('quick-fix insertions (core)', () => {
  it('an answer goes at the end of the section holding the question\'s line, one level deeper, set off by blank lines', () => {
    const text = '# Doc\n\n## Scale\n- 20,000 holds per second.\n- We use a reservation system.\n\n## Open points\n- none\n';
    const at = answerSectionInsertion(text, readOutline(text), { ...question, line: 5 }, ENGLISH_REVIEW_LABELS);
    assert.deepEqual([at.line, at.character], [6, 0]);
    assert.equal(applyInsertion(text, at),
      '# Doc\n\n## Scale\n- 20,000 holds per second.\n- We use a reservation system.\n\n' +
      `### Locks across servers\n\n${MARKER}\n\n` +
      '## Open points\n- none\n');
  });
  it('the cursor goes to the start of the line under the marker, where the answer is written: mid-document, at the end, with or without a last line break', () => {
    const texts: [string, number | undefined][] = [
      ['# Doc\n\n## Scale\n- We use a reservation system.\n\n## Open points\n- none\n', 4],
      ['# Doc\n\n## Scale\n- We use a reservation system.\n## Open points\n- none\n', 4],
      ['# Doc\n\n## Proposal\nText.\n', 4],
      ['# Doc\n\n## Proposal\nText.', 4],
      ['# Doc\n\n## Proposal\nText.\n\n## Alternatives\nOther.\n', undefined],
      ['# Doc\n\n## Proposal\nText.\n\n', undefined],
      ['', undefined],
    ];
    for (const [text, line] of texts) {
      const at = answerSectionInsertion(text, readOutline(text), line === undefined ? question : { ...question, line }, ENGLISH_REVIEW_LABELS);
      assert.ok(at.typeAt, text);
      const lines = applyInsertion(text, at).split('\n');
      assert.equal(lines[at.typeAt.line - 1], '-->', `${JSON.stringify(text)}: the line above is the marker's end`);
      assert.deepEqual([lines[at.typeAt.line], at.typeAt.character], ['', 0], `${JSON.stringify(text)}: an empty line to type on`);
    }
  });
  it('a heading inside an HTML comment opens no section: the answer goes after the comment, not inside it', () => {
    const text = '# Doc\n\n## Scale\n- We use a reservation system.\n<!--\n## Guidance\nSay how holds expire.\n-->\n\n## Open points\n- none\n';
    assert.deepEqual(readOutline(text).headings.map((h) => h.text), ['Doc', 'Scale', 'Open points']);
    const after = applyInsertion(text, answerSectionInsertion(text, readOutline(text), { ...question, line: 4 }, ENGLISH_REVIEW_LABELS));
    assert.equal(after,
      '# Doc\n\n## Scale\n- We use a reservation system.\n<!--\n## Guidance\nSay how holds expire.\n-->\n\n' +
      `### Locks across servers\n\n${MARKER}\n\n` +
      '## Open points\n- none\n');
  });
  it('a question with no line goes before the alternatives, at their level', () => {
    const text = '# Doc\n\n## Proposal\nText.\n\n## Alternatives\nOther.\n';
    const at = answerSectionInsertion(text, readOutline(text), question, ENGLISH_REVIEW_LABELS);
    const after = applyInsertion(text, at);
    assert.ok(after.startsWith('# Doc\n\n## Proposal\nText.\n\n## Locks across servers\n\n<!-- sdp-todo: contention/locks\n'), after);
    assert.ok(after.endsWith('until you do.\n-->\n\n## Alternatives\nOther.\n'), after);
  });
  it('at the end of a document that does not end with a line break, a blank line first', () => {
    const text = '# Doc\n\n## Proposal\nText.';
    const after = applyInsertion(text, answerSectionInsertion(text, readOutline(text), { ...question, line: 4 }, ENGLISH_REVIEW_LABELS));
    assert.equal(after, `# Doc\n\n## Proposal\nText.\n\n### Locks across servers\n\n${MARKER}\n`);
  });
  it('the sample doc: the answer lands inside "Scale" and the title and other sections keep their place', () => {
    const { engine, catalog } = realEngine();
    const doc = example('ticket-booking-design.md');
    const q = engine.suggest(doc).openQuestions[0]!;
    const node = askedNode(catalog, q);
    const after = applyInsertion(doc, answerSectionInsertion(doc, readOutline(doc), { id: q.id, title: node.title, question: q.question, line: q.line }, ENGLISH_REVIEW_LABELS));
    const headings = readOutline(after).headings.map((h) => `${'#'.repeat(h.level)} ${h.text}`);
    assert.deepEqual(headings, ['# Design doc: concert ticket booking', '## Goals', '## Scale', `### ${node.title}`, '## Open points', '## Proposal']);
  });
  it('the inserted section answers nothing and moves no score: the question stays open at the new heading until the marker goes', () => {
    const { engine, catalog } = realEngine();
    const doc = example('ticket-booking-design.md');
    const before = engine.suggest(doc);
    for (const q of before.openQuestions) {
      const node = askedNode(catalog, q);
      const after = applyInsertion(doc, answerSectionInsertion(doc, readOutline(doc), { id: q.id, title: node.title, question: q.question, line: q.line }, ENGLISH_REVIEW_LABELS));
      const result = engine.suggest(after);
      assert.deepEqual(result.suggestions.map((s) => [s.pattern, s.score]), before.suggestions.map((s) => [s.pattern, s.score]), `${q.id}: the scores stay`);
      const still = result.openQuestions.find((o) => o.id === q.id);
      assert.ok(still, `${q.id} is still open`);
      const headingLine = after.split('\n').indexOf(`${'#'.repeat(readOutline(after).headings.find((h) => h.text === node.title)!.level)} ${node.title}`);
      assert.equal(still.line, headingLine + 1, `${q.id} points at its new heading`);
      // The writer answers under the marker: still open while the marker stands, answered once it goes.
      const answer = `We name ${(node.answeredBy ?? [])[0]} here.\n`;
      const answered = after.replace(/(-->\n)/, `$1\n${answer}`);
      assert.ok(engine.suggest(answered).openQuestions.some((o) => o.id === q.id), `${q.id}: the marker keeps it open`);
      const done = answered.replace(/<!-- sdp-todo:[\s\S]*?-->\n/, '');
      assert.ok(!engine.suggest(done).openQuestions.some((o) => o.id === q.id), `${q.id}: answered once the marker is deleted`);
    }
    assert.ok(before.openQuestions.length > 0, 'the sample doc has open questions');
  });
  it('the inserted heading is no answer: deleting the marker without writing anything leaves the question open', () => {
    const { engine, catalog } = realEngine();
    let checked = 0;
    for (const name of ['ticket-booking-design.md', 'chat-app-design.md']) {
      const doc = example(name);
      for (const q of engine.suggest(doc).openQuestions) {
        const node = askedNode(catalog, q);
        const after = applyInsertion(doc, answerSectionInsertion(doc, readOutline(doc), { id: q.id, title: node.title, question: q.question, line: q.line }, ENGLISH_REVIEW_LABELS));
        const emptied = after.replace(/<!-- sdp-todo:[\s\S]*?-->\n/, '');
        assert.ok(engine.suggest(emptied).openQuestions.some((o) => o.id === q.id), `${name}: ${q.id} is answered by its own heading`);
        checked++;
      }
    }
    assert.ok(checked >= 2, 'the sample docs have open questions');
  });
  it('the inserted text does not give the answer away: no answeredBy phrase stands in it', () => {
    const { engine, catalog } = realEngine();
    const doc = example('ticket-booking-design.md');
    const q = engine.suggest(doc).openQuestions[0]!;
    const node = askedNode(catalog, q);
    const inserted = answerSectionInsertion(doc, readOutline(doc), { id: q.id, title: node.title, question: q.question, line: q.line }, ENGLISH_REVIEW_LABELS).text;
    // The heading (the deep dive's title) and the question may name the topic; nothing else may name an answer.
    const rest = inserted.split('\n').filter((l) => !l.includes(node.title) && !l.includes(q.question)).join('\n').toLowerCase();
    assert.ok(rest.trim().length > 0, 'the insertion has more than its heading and question');
    for (const phrase of node.answeredBy ?? []) assert.ok(!rest.includes(phrase.toLowerCase()), `${phrase} in:\n${rest}`);
  });
  it('a CRLF document: the section lands on the same line as in its LF twin, and the engine still reads the marker', () => {
    const { engine, catalog } = realEngine();
    const lf = example('ticket-booking-design.md');
    const crlf = lf.replace(/\n/g, '\r\n');
    const q = engine.suggest(crlf).openQuestions[0]!;
    assert.deepEqual(q, engine.suggest(lf).openQuestions[0]);
    const node = askedNode(catalog, q);
    const toAnswer = { id: q.id, title: node.title, question: q.question, line: q.line };
    const atLf = answerSectionInsertion(lf, readOutline(lf), toAnswer, ENGLISH_REVIEW_LABELS);
    const atCrlf = answerSectionInsertion(crlf, readOutline(crlf), toAnswer, ENGLISH_REVIEW_LABELS);
    assert.deepEqual([atCrlf.line, atCrlf.character], [atLf.line, atLf.character]);
    // The editor turns the inserted line breaks into the document's own.
    const after = applyInsertion(crlf, { ...atCrlf, text: atCrlf.text.replace(/\n/g, '\r\n') });
    const result = engine.suggest(after);
    assert.deepEqual(result.suggestions.map((s) => [s.pattern, s.score]), engine.suggest(crlf).suggestions.map((s) => [s.pattern, s.score]));
    assert.equal(result.openQuestions.find((o) => o.id === q.id)?.line, atCrlf.line + 1, 'open, at the new heading');
  });
  it('a document with no headings: a question with no line goes at the end as a level-2 section; one with a line too', () => {
    const text = 'We sell 50,000 seats to 2 million fans.\nHolds are rows.\n';
    const at = answerSectionInsertion(text, readOutline(text), question, ENGLISH_REVIEW_LABELS);
    assert.equal(applyInsertion(text, at), `${text}\n## Locks across servers\n\n${MARKER}\n`);
    const withLine = answerSectionInsertion(text, readOutline(text), { ...question, line: 1 }, ENGLISH_REVIEW_LABELS);
    assert.equal(applyInsertion(text, withLine), `${text}\n## Locks across servers\n\n${MARKER}\n`);
  });
  it('the ignore comment goes under the title, then under the last such comment, and the engine honours it', () => {
    const { engine } = realEngine();
    const doc = example('ticket-booking-design.md');
    const first = applyInsertion(doc, ignoreInsertion(doc, readOutline(doc), 'contention'));
    assert.equal(first.split('\n')[1], '<!-- sdp-ignore: contention -->');
    const second = applyInsertion(first, ignoreInsertion(first, readOutline(first), 'multi-step-processes'));
    assert.deepEqual(second.split('\n').slice(0, 4), ['# Design doc: concert ticket booking', '<!-- sdp-ignore: contention -->', '<!-- sdp-ignore: multi-step-processes -->', '']);
    const patterns = engine.suggest(second).suggestions.map((s) => s.pattern);
    assert.ok(!patterns.includes('contention') && !patterns.includes('multi-step-processes'), patterns.join(', '));
    assert.equal(readOutline(second).title?.text, 'Design doc: concert ticket booking', 'the title is still the title');
  });
  it('with front matter and no heading, the comment goes after the front matter', () => {
    const text = '---\ntitle: X\n---\nBody text.\n';
    const after = applyInsertion(text, ignoreInsertion(text, readOutline(text), 'large-blobs'));
    assert.equal(after, '---\ntitle: X\n---\n<!-- sdp-ignore: large-blobs -->\nBody text.\n');
    // Right at the start of the body, the comment is read (an opener inside the front matter is not).
    assert.ok(readIgnoreComments(after).ids.has('large-blobs'));
  });
});
