/**
 * A word a review comment names that is no id, in the in-document review: a finding at the word
 * (also in a document the engine suggests nothing for), and its quick fixes' edits
 * (src/core/review/commentIdFixes.ts), applied as an editor would.
 */
import { strict as assert } from 'node:assert';
import { changeIdEdit, removeIdEdit, type DocumentLines, type TextEdit } from '../../../src/core/review/commentIdFixes';
import { buildInDocumentReview, UNKNOWN_ID_RULE, type UnknownIdFinding } from '../../../src/core/review/inDocumentReview';
import { ENGLISH_REVIEW_LABELS } from '../../../src/core/review/labels';
import { readOutline } from '../../../src/core/review/outline';
import { splitLines } from '../../../src/core/review/ranges';
import { example, realEngine } from './shared';

function reviewOf(text: string) {
  const { engine, catalog } = realEngine();
  const result = engine.suggest(text);
  return { result, review: buildInDocumentReview(result, text, readOutline(text), ENGLISH_REVIEW_LABELS, (id) => catalog.byId.get(id)?.title) };
}

function unknownFindings(text: string): UnknownIdFinding[] {
  return reviewOf(text).review.findings.filter((f): f is UnknownIdFinding => f.kind === 'unknown-id');
}

/** The text under a finding's range (one line). */
function textAt(text: string, f: UnknownIdFinding): string {
  return splitLines(text)[f.range.startLine]!.slice(f.range.startCharacter, f.range.endCharacter);
}

/** Applies an edit as an editor does (lines ended by \n). */
function apply(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number): number => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  return text.slice(0, offset(edit.range.startLine, edit.range.startCharacter)) + edit.newText + text.slice(offset(edit.range.endLine, edit.range.endCharacter));
}

/** The lines of `text`, as an editor hands them over one by one; `read` records which were read. */
function linesOf(text: string, read: number[] = []): DocumentLines {
  const lines = splitLines(text);
  return { lineCount: lines.length, lineText: (line) => (read.push(line), lines[line]!) };
}

/** The edit removing the unknown word `word` from `text`. */
function removal(text: string, word: string): string | undefined {
  const finding = unknownFindings(text).find((f) => f.unknown.text === word);
  assert.ok(finding, `${word} is reported`);
  const edit = removeIdEdit(linesOf(text), finding);
  return edit && apply(text, edit);
}

const DESIGN = example('ticket-booking-design.md');
/** The sample design doc with `line` under its title. */
const withComment = (line: string): string => DESIGN.replace('\n', `\n${line}\n`);

describe('unknown ids in the in-document review', () => {
  it('a finding at each word as written, coded unknown-id, with the id meant when one is close; the catalog\'s findings first', () => {
    const text = withComment('<!-- sdp-ignore: Contension, nothing-like-this -->');
    const { review } = reviewOf(text);
    const unknown = unknownFindings(text);
    assert.deepEqual(unknown.map((f) => [f.ruleId, f.range, textAt(text, f)]), [
      [UNKNOWN_ID_RULE, { startLine: 1, startCharacter: 17, endLine: 1, endCharacter: 27 }, 'Contension'],
      [UNKNOWN_ID_RULE, { startLine: 1, startCharacter: 29, endLine: 1, endCharacter: 46 }, 'nothing-like-this'],
    ]);
    assert.equal(unknown[0]!.message, '"Contension" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "contention"?');
    assert.equal(unknown[1]!.message, '"nothing-like-this" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing.');
    assert.ok(review.isDesignDoc);
    assert.deepEqual(review.findings.slice(-2), unknown, 'after the questions and figures');
    assert.ok(review.findings.some((f) => f.kind === 'capacity'), 'the mistyped id hid nothing');
  });

  it('an sdp-todo marker\'s word says the marker keeps no question open', () => {
    const text = withComment('<!-- sdp-todo: contention/distributed-lockz\nQuestion: who holds it?\n-->');
    const [f] = unknownFindings(text);
    assert.equal(textAt(text, f!), 'contention/distributed-lockz');
    assert.equal(f!.message, '"contention/distributed-lockz" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open. Did you mean "contention/distributed-locks"?');
  });

  it('a document the engine suggests nothing for still gets its unknown ids (a writer who hid every pattern needs to hear of a typo)', () => {
    const text = '# Release notes\n<!-- sdp-ignore: scaling-raeds -->\n\nThe button is blue now.\n';
    const { review, result } = reviewOf(text);
    assert.equal(result.suggestions.length, 0);
    assert.deepEqual({ ...review, findings: [] }, { isDesignDoc: false, spans: [], lenses: [], findings: [] });
    assert.deepEqual(review.findings.map((f) => [f.kind, f.message]), [['unknown-id', '"scaling-raeds" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "scaling-reads"?']]);
  });

  it('a combination\'s deep dive is an id, but no document is asked it: reported, saying so, with nothing proposed', () => {
    const text = withComment('<!-- sdp-ignore: combinations/pattern-conflicts -->');
    const [f, ...rest] = unknownFindings(text);
    assert.deepEqual(rest, []);
    assert.equal(realEngine().catalog.byId.get('combinations/pattern-conflicts')?.kind, 'deep-dive');
    assert.equal(f!.message, '"combinations/pattern-conflicts" is a deep dive the review never asks (it belongs to no pattern), so naming it in this sdp-ignore comment hides nothing.');
    assert.equal(f!.unknown.nearest, undefined);
    const [g] = unknownFindings(withComment('<!-- sdp-todo: combinations/pattern-conflicts\nQ?\n-->'));
    assert.equal(g!.message, '"combinations/pattern-conflicts" is a deep dive the review never asks (it belongs to no pattern), so this sdp-todo marker keeps no question open.');
  });

  it('<!-- sdp-ignore: unknown-id --> checks no id of its document, and is not reported itself', () => {
    assert.deepEqual(unknownFindings(withComment('<!-- sdp-ignore: unknown-id -->\n<!-- sdp-ignore: contension -->\n<!-- sdp-todo: nothing-here\nQ?\n-->')), []);
    assert.deepEqual(unknownFindings(withComment('<!-- sdp-ignore: Unknown-Id, contension -->')), []);
    assert.equal(unknownFindings(withComment('<!-- sdp-ignore: contension -->')).length, 1);
  });

  it('a comment that does nothing for its form: a finding at its opener, in document order with the unknown ids', () => {
    const text = withComment('<!-- sdp-todo:\ncontention/distributed-locks\n-->\n<!-- sdp-ignore: contension -->\n<!-- sdp-ignore: a,\nb -->');
    const { review } = reviewOf(text);
    const comments = review.findings.filter((f) => f.kind === 'unknown-id' || f.kind === 'malformed-comment');
    assert.deepEqual(comments.map((f) => [f.kind, f.ruleId, f.range.startLine, splitLines(text)[f.range.startLine]!.slice(f.range.startCharacter, f.range.endCharacter)]), [
      ['malformed-comment', 'malformed-comment', 1, '<!-- sdp-todo:'],
      ['unknown-id', 'unknown-id', 4, 'contension'],
      ['malformed-comment', 'malformed-comment', 5, '<!-- sdp-ignore:'],
    ]);
    assert.equal(comments[0]!.message, 'This sdp-todo marker names no deep dive or design check right after "sdp-todo:", so it keeps no question open: write the id on this line.');
    assert.equal(comments[2]!.message, 'This sdp-ignore comment has no "-->" after it on the line where it starts, so it hides nothing: write the whole comment, "-->" included, on one line.');
    // Also in a document the engine suggests nothing for.
    const plain = reviewOf('# Release notes\n<!-- sdp-ignore: contention,\n-->\n\nThe button is blue now.\n').review;
    assert.deepEqual(plain.findings.map((f) => f.kind), ['malformed-comment']);
  });

  describe('"Change to …"', () => {
    it('replaces the word, and only the word, by the id meant; the comment then hides it and nothing is reported', () => {
      const text = withComment('<!--sdp-ignore:  CONTENSION ,large-blobs-->');
      const [f] = unknownFindings(text);
      const edit = changeIdEdit(f!)!;
      assert.deepEqual(edit.range, f!.range);
      const fixed = apply(text, edit);
      assert.equal(splitLines(fixed)[1], '<!--sdp-ignore:  contention ,large-blobs-->');
      assert.deepEqual(unknownFindings(fixed), []);
      assert.ok(!realEngine().engine.suggest(fixed).suggestions.some((s) => s.pattern === 'contention'));
    });

    it('is not offered when no id is close', () => {
      const [f] = unknownFindings(withComment('<!-- sdp-ignore: caching -->'));
      assert.equal(changeIdEdit(f!), undefined);
    });
  });

  describe('"Remove … from the comment"', () => {
    it('one of several words: the word and the separator after it; the last word: the separator before it; the comment stays', () => {
      const removed = (line: string, word: string): string => splitLines(removal(withComment(line), word)!)[1]!;
      // First, middle and last word, with commas, spaces or both.
      assert.equal(removed('<!-- sdp-ignore: caching, large-blobs  scaling-reads -->', 'caching'), '<!-- sdp-ignore: large-blobs  scaling-reads -->');
      assert.equal(removed('<!-- sdp-ignore: large-blobs,  Caching, scaling-reads -->', 'Caching'), '<!-- sdp-ignore: large-blobs,  scaling-reads -->');
      assert.equal(removed('<!-- sdp-ignore: large-blobs , caching -->', 'caching'), '<!-- sdp-ignore: large-blobs -->');
      assert.equal(removed('<!--sdp-ignore:large-blobs,caching,scaling-reads-->', 'caching'), '<!--sdp-ignore:large-blobs,scaling-reads-->');
      // Tabs are separators too.
      assert.equal(removed('<!-- sdp-ignore:\tcaching\tlarge-blobs -->', 'caching'), '<!-- sdp-ignore:\tlarge-blobs -->');
      assert.equal(removed('<!-- sdp-ignore: large-blobs,\tcaching\t-->', 'caching'), '<!-- sdp-ignore: large-blobs\t-->');
      // Text around the comment is untouched.
      assert.equal(removed('We shard. <!-- sdp-ignore: large-blobs caching --> By key.', 'caching'), 'We shard. <!-- sdp-ignore: large-blobs --> By key.');
      // The last word touching "-->" after a word ending in "-": one separator character stays, so
      // the comment does not end in "--->" (older CommonMark reads such a comment as text).
      assert.equal(removed('x <!-- sdp-ignore: large- blobs-->', 'blobs'), 'x <!-- sdp-ignore: large- -->');
      // Only then: after a word not ending in "-", or with a space before "-->", the separator goes.
      assert.equal(removed('x <!-- sdp-ignore: large-blobs, cachng-->', 'cachng'), 'x <!-- sdp-ignore: large-blobs-->');
      assert.equal(removed('x <!-- sdp-ignore: large- cachng -->', 'cachng'), 'x <!-- sdp-ignore: large- -->');
    });

    it('a comment closed with "--!>" (the engine reads it as closed, as a preview\'s HTML parser does): the same fix, and nothing past that end', () => {
      const removed = (line: string, word: string): string | undefined => {
        const fixed = removal(withComment(line), word);
        return fixed === undefined ? undefined : splitLines(fixed)[1];
      };
      assert.equal(removed('<!-- sdp-ignore: caching, large-blobs --!>', 'caching'), '<!-- sdp-ignore: large-blobs --!>');
      assert.equal(removed('x <!-- sdp-ignore: large-blobs cachng--!> y', 'cachng'), 'x <!-- sdp-ignore: large-blobs--!> y');
      // After a word ending in "-", one separator character stays, as before "-->".
      assert.equal(removed('x <!-- sdp-ignore: large- blobs--!>', 'blobs'), 'x <!-- sdp-ignore: large- --!>');
      // A finding past the "--!>" (a worker reply could state one) deletes nothing: that text is shown.
      const line = 'Intro <!-- sdp-ignore: a --!> b, c -->';
      const b = line.indexOf('b,');
      const finding: UnknownIdFinding = {
        kind: 'unknown-id', ruleId: UNKNOWN_ID_RULE, message: '',
        range: { startLine: 0, startCharacter: b, endLine: 0, endCharacter: b + 1 },
        unknown: { id: 'b', text: 'b', line: 1, column: b + 1, comment: 'sdp-ignore', separatorSpan: { column: b + 2, endColumn: b + 4 } },
      };
      assert.equal(removeIdEdit(linesOf(line), finding), undefined);
    });

    it('CRLF lines: the edit stays on the word\'s line, and the line breaks are kept', () => {
      const text = 'Para one\r\n<!-- sdp-ignore: cachng, large-blobs -->\r\nPara two\r\n';
      assert.equal(removal(text, 'cachng'), 'Para one\r\n<!-- sdp-ignore: large-blobs -->\r\nPara two\r\n');
      const last = 'Para one\r\n<!-- sdp-ignore: large-blobs cachng -->\r\n';
      assert.equal(removal(last, 'cachng'), 'Para one\r\n<!-- sdp-ignore: large-blobs -->\r\n');
    });

    it('the comment\'s only word: no "Remove" (taking the comment out could change how a preview lays the text out)', () => {
      for (const text of [
        withComment('<!-- sdp-ignore: caching -->'),
        'Para\n<!-- sdp-ignore: zzqq --> ===\n',
        'Para one\n    <!-- sdp-ignore: cachng -->\nPara two\n',
        '- one\n- <!-- sdp-ignore: cachng -->\n- two\n',
        'Text <!-- sdp-ignore: cachng -->more\n',
      ]) {
        const [f] = unknownFindings(text);
        assert.ok(f, JSON.stringify(text));
        assert.equal(f.unknown.separatorSpan, undefined);
        assert.equal(removeIdEdit(linesOf(text), f), undefined, JSON.stringify(text));
      }
      // "Change to" stays when an id is close.
      const [typo] = unknownFindings(withComment('<!-- sdp-ignore: contension -->'));
      assert.equal(removeIdEdit(linesOf(withComment('<!-- sdp-ignore: contension -->')), typo!), undefined);
      assert.equal(changeIdEdit(typo!)?.newText, 'contention');
    });

    it('reads only the word\'s line, never the whole document', () => {
      const text = `# Doc\n\n${'Filler line.\n'.repeat(500)}Para\n<!-- sdp-ignore: cachng large-blobs -->\nMore\n${'Filler line.\n'.repeat(500)}`;
      const [f] = unknownFindings(text);
      const read: number[] = [];
      assert.ok(removeIdEdit(linesOf(text, read), f!));
      assert.deepEqual([...new Set(read)], [f!.range.startLine]);
    });

    it('is not offered for an sdp-todo marker, nor once the text no longer holds the word where the finding says', () => {
      const todo = withComment('<!-- sdp-todo: contention/distributed-lockz\nQ?\n-->');
      const [f] = unknownFindings(todo);
      assert.equal(removeIdEdit(linesOf(todo), f!), undefined);
      const text = withComment('<!-- sdp-ignore: caching, large-blobs -->');
      const [g] = unknownFindings(text);
      assert.equal(removeIdEdit(linesOf(text.replace('caching', 'cachinG')), g!), undefined);
      // The separator is no longer commas and white space where the finding says.
      assert.equal(removeIdEdit(linesOf(text.replace('caching, ', 'caching;;')), g!), undefined);
      assert.notEqual(removeIdEdit(linesOf(text), g!), undefined);
    });

    it('deletes nothing a bad finding (a malformed worker reply) points at outside the comment', () => {
      // A finding as a reply could state it: the word and its separator, 0-based, on line 0.
      const line = 'Intro <!-- sdp-ignore: a, b --> tail';
      const at = (word: string, from: number, separator: [number, number]): UnknownIdFinding => ({
        kind: 'unknown-id', ruleId: UNKNOWN_ID_RULE, message: '',
        range: { startLine: 0, startCharacter: from, endLine: 0, endCharacter: from + word.length },
        unknown: { id: word.toLowerCase(), text: word, line: 1, column: from + 1, comment: 'sdp-ignore', separatorSpan: { column: separator[0] + 1, endColumn: separator[1] + 1 } },
      });
      const a = line.indexOf('a,');
      assert.equal(apply(line, removeIdEdit(linesOf(line), at('a', a, [a + 1, a + 3]))!), 'Intro <!-- sdp-ignore: b --> tail', 'the true finding');
      const close = line.indexOf('-->');
      for (const [what, finding] of [
        ['a separator away from the word', at('a', a, [close + 3, close + 4])],
        // Inside the comment, but not next to the word: the words between would go too.
        ['a separator past the next word', at('a', a, [line.indexOf(' -->'), close])],
        ['a separator touching the word and running into "-->"', at('b', close - 2, [close - 1, close + 1])],
        ['the comment\'s "-->" as the word', at('-->', close, [close - 1, close])],
        ['the opener as the word', at('<!--', 6, [10, 11])],
        ['prose before the comment as the word', at('Intro', 0, [5, 6])],
      ] as const) assert.equal(removeIdEdit(linesOf(line), finding), undefined, what);
    });
  });
});
