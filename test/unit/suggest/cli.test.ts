import { strict as assert } from 'node:assert';
import { formatForPeople, suggestCommand, toJson } from '../../../src/cli/suggest';
import type { SuggestResult } from '../../../src/core/suggest';
import { capturedIO } from '../cli/capturedIO';
import { fixtureCatalog } from './fixtures';
import { loadRepoCatalog } from '../../../eval/catalog';
import { ignoreCommentFor, NO_DEEP_DIVES_ID } from '../../../src/core/suggest/ignoreComments';
import { SHARDED_INGEST, SHARDED_MULTI_REGION, SHARDED_QUEUED_INGEST } from './designCheckDocs';

/**
 * The public `--json` contract at its top level, its suggestions and their evidence: these keys and
 * no others (`truncated` only for a document cut short, `deepDivesOff` only when no deep dive was
 * asked, `unknownIds` only when a review comment names a word that is no id, `malformedComments`
 * only when one does nothing for its form), so a note said in
 * the text output never leaks into it. The figures, questions and combinations are the engine's own
 * objects, passed through.
 */
function assertContract(json: object): void {
  const out = json as { suggestions: Record<string, unknown>[] };
  const top = ['file', 'suggestions', 'numbers', 'openQuestions', 'combinations'];
  assert.deepEqual(Object.keys(out), [...top, ...['truncated', 'deepDivesOff', 'unknownIds', 'malformedComments'].filter((k) => k in out)]);
  for (const s of out.suggestions) {
    assert.deepEqual(Object.keys(s), ['pattern', 'title', 'score', 'solutions', 'evidence', 'words']);
    for (const e of s.evidence as object[]) assert.deepEqual(Object.keys(e), ['line', 'column', 'text', 'reason']);
  }
}

describe('sdp suggest', () => {
  it('prints the documented JSON shape, best first', async () => {
    const io = capturedIO('# Seat booking\n\nNo double-booking: 50,000 seats, 2 million fans.\n');
    assert.equal(await suggestCommand(['-', '--json'], io, fixtureCatalog()), 0);
    const json = JSON.parse(io.stdout);
    assert.deepEqual(Object.keys(json), ['file', 'suggestions', 'numbers', 'openQuestions', 'combinations']);
    assert.equal(json.file, '-');
    const s = json.suggestions[0];
    assert.deepEqual(Object.keys(s), ['pattern', 'title', 'score', 'solutions', 'evidence', 'words']);
    assert.equal(s.pattern, 'contention');
    assert.ok(s.score > 0 && s.score <= 1);
    assert.deepEqual(Object.keys(s.evidence[0]), ['line', 'column', 'text', 'reason']);
    for (let i = 1; i < json.suggestions.length; i++) assert.ok(json.suggestions[i - 1].score >= json.suggestions[i].score);
  });
  it('--no-deep-dives asks design checks only', async () => {
    const catalog = loadRepoCatalog();
    const ids = async (args: string[]): Promise<string[]> => {
      const io = capturedIO(SHARDED_QUEUED_INGEST);
      assert.equal(await suggestCommand(['-', '--json', ...args], io, catalog), 0);
      return (JSON.parse(io.stdout) as { openQuestions: { id: string }[] }).openQuestions.map((q) => q.id);
    };
    assert.ok((await ids([])).some((id) => !id.includes('/check-')));
    const off = await ids(['--no-deep-dives']);
    assert.ok(off.length > 0 && off.every((id) => id.includes('/check-')), off.join(' '));
  });
  it('the JSON records that deep dives were off, and whether the flag or the document\'s comment turned them off; every other field stays', async () => {
    const catalog = loadRepoCatalog();
    const comment = (doc: string): string => doc.replace('\n', `\n${ignoreCommentFor(NO_DEEP_DIVES_ID)}\n`);
    const json = async (doc: string, args: string[]): Promise<{ openQuestions: { id: string }[]; deepDivesOff?: unknown }> => {
      const io = capturedIO(doc);
      assert.equal(await suggestCommand(['-', ...args], io, catalog), 0);
      const out = JSON.parse(io.stdout) as { openQuestions: { id: string }[]; deepDivesOff?: unknown };
      assertContract(out);
      return out;
    };
    const on = await json(SHARDED_INGEST, ['--json']);
    assert.equal('deepDivesOff' in on, false, 'deep dives on: no key');
    const counts = { questionsWithDeepDives: on.openQuestions.length, deepDivesNotAsked: on.openQuestions.filter((q) => !q.id.includes('/check-')).length };
    assert.deepEqual((await json(SHARDED_INGEST, ['--json', '--no-deep-dives'])).deepDivesOff, { by: ['flag'], ...counts });
    assert.deepEqual((await json(comment(SHARDED_INGEST), ['--format', 'json'])).deepDivesOff, { by: ['comment'], ...counts });
    assert.deepEqual((await json(comment(SHARDED_INGEST), ['--no-deep-dives', '--json'])).deepDivesOff, { by: ['flag', 'comment'], ...counts });
    // Recorded even when the design checks took every place the deep dives left.
    const same = await json(SHARDED_QUEUED_INGEST, ['--json', '--no-deep-dives']);
    assert.deepEqual(same.deepDivesOff, { by: ['flag'], questionsWithDeepDives: same.openQuestions.length, deepDivesNotAsked: 1 });
  });
  it('the text output says when turning deep dives off left the document with no open question, or fewer, and how to ask them again', async () => {
    const catalog = loadRepoCatalog();
    const text = async (doc: string, args: string[]): Promise<string> => {
      const io = capturedIO(doc);
      assert.equal(await suggestCommand(['-', ...args], io, catalog), 0);
      return io.stdout;
    };
    const comment = ignoreCommentFor(NO_DEEP_DIVES_ID);
    assert.match(await text(SHARDED_MULTI_REGION, ['--no-deep-dives']),
      /\nNo open question \(with deep dives on there would be 2\): --no-deep-dives turned the deep dives off; run without it to ask them too\.\n/);
    const byComment = await text(SHARDED_INGEST.replace('\n', `\n${comment}\n`), []);
    assert.match(byComment, /Open questions:\n {2}\[[^\n]+\n\nFewer open questions \(1, against 2 with deep dives on\): the document turns the deep dives off with <!-- sdp-ignore: deep-dives -->; delete that comment to ask them too\.\n/);
    assert.match(await text(SHARDED_MULTI_REGION.replace('\n', `\n${comment}\n`), ['--no-deep-dives']), /--no-deep-dives and the document's <!-- sdp-ignore: deep-dives --> turned the deep dives off; run without the flag and delete the comment/);
    // Nothing to say: deep dives on, or as many questions either way.
    assert.doesNotMatch(await text(SHARDED_MULTI_REGION, []), /deep dives on/);
    assert.doesNotMatch(await text(SHARDED_QUEUED_INGEST, ['--no-deep-dives']), /deep dives on/);
  });
  it('exits 2 with a message for an unreadable file', async () => {
    const io = capturedIO();
    assert.equal(await suggestCommand(['/nonexistent/doc.md'], io, fixtureCatalog()), 2);
    assert.match(io.stderr, /cannot read \/nonexistent\/doc.md/);
  });
  it('exits 2 with a message for binary input, analysing nothing', async () => {
    const io = capturedIO('\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR');
    assert.equal(await suggestCommand(['-', '--json'], io, fixtureCatalog()), 2);
    assert.match(io.stderr, /standard input looks like binary data/);
    assert.equal(io.stdout, '');
  });
  it('says in the text output that no line is quoted for a suggestion that quotes none; the JSON keeps evidence: []; the words that raised a score follow its lines', () => {
    const result: SuggestResult = {
      suggestions: [
        { pattern: 'contention', title: 'Dealing with Contention', score: 0.91, solutions: [], evidence: [{ line: 3, column: 5, text: 'sold twice', reason: 'points to Dealing with Contention', kind: 'keyword', weight: 1 }], words: ['sold'] },
        { pattern: 'realtime-updates', title: 'Real-time Updates', score: 0.13, solutions: ['realtime-updates/websockets'], evidence: [], words: [] },
      ],
      numbers: [], openQuestions: [], combinations: [],
    };
    assert.equal(formatForPeople(result), [
      'Dealing with Contention (contention)  0.91',
      '  3:5  "sold twice"  points to Dealing with Contention',
      '  words that raised it: sold',
      '',
      'Real-time Updates (realtime-updates)  0.13',
      '  consider first: realtime-updates/websockets',
      '  no line quoted: none is specific and sure enough to count as evidence',
      '',
    ].join('\n'));
    const json = toJson('doc.md', result) as { suggestions: { evidence: unknown[]; words: unknown[] }[] };
    assert.deepEqual(json.suggestions[1]!.evidence, []);
    assert.deepEqual(json.suggestions.map((s) => s.words), [['sold'], []]);
    assertContract(json);
  });
  it('says in the text output, after the figures, that no keyword line is quoted for a suggestion that quotes figures only; the JSON is unchanged', () => {
    const figure = { line: 4, column: 9, text: '40,000 writes/s', reason: 'past the limit of one primary', kind: 'number' as const, weight: 0.7 };
    const keyword = { line: 3, column: 5, text: 'sold twice', reason: 'points to Dealing with Contention', kind: 'keyword' as const, weight: 0.3 };
    const result: SuggestResult = {
      suggestions: [
        { pattern: 'contention', title: 'Dealing with Contention', score: 0.91, solutions: [], evidence: [figure, keyword], words: [] },
        { pattern: 'scaling-writes', title: 'Scaling Writes', score: 0.34, solutions: ['scaling-writes/sharding'], evidence: [figure], words: [] },
      ],
      numbers: [], openQuestions: [], combinations: [],
    };
    assert.equal(formatForPeople(result), [
      'Dealing with Contention (contention)  0.91',
      '  4:9  "40,000 writes/s"  past the limit of one primary',
      '  3:5  "sold twice"  points to Dealing with Contention',
      '',
      'Scaling Writes (scaling-writes)  0.34',
      '  consider first: scaling-writes/sharding',
      '  4:9  "40,000 writes/s"  past the limit of one primary',
      '  no keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures',
      '',
    ].join('\n'));
    const json = toJson('doc.md', result) as { suggestions: { evidence: unknown[] }[] };
    // The figure as JSON gives it wherever it is quoted; no note is added.
    assert.deepEqual(json.suggestions[1]!.evidence, [json.suggestions[0]!.evidence[0]]);
    assertContract(json);
  });
  describe('a word a review comment names that is no id', () => {
    /** Nothing suggested (the writer hid the pattern), and two mistyped ids. */
    const HIDDEN = '# Seat booking\n<!-- sdp-ignore: contention,  Scaling-Raeds -->\n<!-- sdp-todo: realtime-updates/reconection\nQuestion?\n-->\n\nTwo million fans compete for 50,000 seats.\n';

    it('text: a warning line for each, at its line and column, even when nothing is suggested', async () => {
      const io = capturedIO(HIDDEN);
      assert.equal(await suggestCommand(['-'], io, loadRepoCatalog()), 0);
      assert.match(io.stdout, /No pattern suggested/);
      const warnings = io.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ {2}warning {2}/.test(l));
      assert.deepEqual(warnings, [
        '  2:31  warning  "Scaling-Raeds" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "scaling-reads"?',
        '  3:16  warning  "realtime-updates/reconection" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open. Did you mean "realtime-updates/reconnection"?',
      ]);
    });

    it('--json: unknownIds, with 1-based line and column of the word as written; the rest of the contract unchanged', async () => {
      const io = capturedIO(HIDDEN);
      assert.equal(await suggestCommand(['-', '--json'], io, loadRepoCatalog()), 0);
      const json = JSON.parse(io.stdout) as { unknownIds: unknown[] };
      assertContract(json);
      assert.deepEqual(json.unknownIds, [
        { id: 'scaling-raeds', text: 'Scaling-Raeds', line: 2, column: 31, comment: 'sdp-ignore', nearest: 'scaling-reads' },
        { id: 'realtime-updates/reconection', text: 'realtime-updates/reconection', line: 3, column: 16, comment: 'sdp-todo', nearest: 'realtime-updates/reconnection' },
      ]);
      // With every id known there is no such field.
      const clean = capturedIO(HIDDEN.replace('Raeds', 'Reads').replace('reconection', 'reconnection'));
      assert.equal(await suggestCommand(['-', '--json'], clean, loadRepoCatalog()), 0);
      assert.ok(!('unknownIds' in (JSON.parse(clean.stdout) as object)));
    });

    it('--fail-on warning fails on an unknown id alone', async () => {
      const io = capturedIO(HIDDEN);
      assert.equal(await suggestCommand(['-', '--fail-on', 'warning'], io, loadRepoCatalog()), 1);
      assert.match(io.stderr, /--fail-on warning/);
      // The marker goes too: with its id corrected it would keep nothing open (no pattern is suggested), a warning of its own.
      const clean = HIDDEN.replace('Raeds', 'Reads').replace(/<!-- sdp-todo:[^]*?-->\n/, '');
      assert.equal(await suggestCommand(['-', '--fail-on', 'warning'], capturedIO(clean), loadRepoCatalog()), 0, 'nothing else is a warning here');
      const idle = capturedIO(HIDDEN.replace('Raeds', 'Reads').replace('reconection', 'reconnection'));
      assert.equal(await suggestCommand(['-', '--fail-on', 'warning'], idle, loadRepoCatalog()), 1);
      assert.match(idle.stdout, /3:1 {2}warning {2}This sdp-todo marker \("realtime-updates\/reconnection"\) keeps no question open/);
    });

    it('<!-- sdp-ignore: unknown-id --> turns the check off for its document (a document written for a newer catalog, in CI)', async () => {
      const silenced = HIDDEN.replace('\n', '\n<!-- sdp-ignore: unknown-id -->\n');
      const io = capturedIO(silenced);
      assert.equal(await suggestCommand(['-', '--json', '--fail-on', 'warning'], io, loadRepoCatalog()), 0);
      assert.ok(!('unknownIds' in (JSON.parse(io.stdout) as object)));
    });

    it('a comment that does nothing for its form: a warning line, and malformedComments in --json', async () => {
      const doc = '# Seat booking\n<!-- sdp-ignore: contention,\n  scaling-reads -->\n<!-- sdp-todo:\ncontention/deadlocks\n-->\n\nTwo million fans compete for 50,000 seats.\n';
      const text = capturedIO(doc);
      assert.equal(await suggestCommand(['-', '--fail-on', 'warning'], text, loadRepoCatalog()), 1);
      assert.deepEqual(text.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ {2}warning {2}This sdp-/.test(l)).map((l) => l.slice(0, 40)), [
        '  2:1  warning  This sdp-ignore comment ',
        '  4:1  warning  This sdp-todo marker nam',
      ]);
      const json = capturedIO(doc);
      assert.equal(await suggestCommand(['-', '--json'], json, loadRepoCatalog()), 0);
      const out = JSON.parse(json.stdout) as { malformedComments: unknown[] };
      assertContract(out);
      assert.deepEqual(out.malformedComments, [
        { kind: 'ignore-not-closed', text: '<!-- sdp-ignore:', line: 2, column: 1 },
        { kind: 'todo-names-nothing', text: '<!-- sdp-todo:', line: 4, column: 1 },
      ]);
    });
  });

  describe('review comments and the size limit, order and fields of the JSON', () => {
    const DOC = '# Seat booking\n\nTwo million fans compete for 50,000 seats.\n\n';
    const TAIL = '<!-- sdp-ignore: contention -->\nMore text here.\n';

    it('--max-size cutting inside an sdp-ignore comment reports no malformed comment (its end is past the cut)', async () => {
      const text = DOC + TAIL;
      const opener = text.indexOf('<!-- sdp-ignore:') + '<!-- sdp-ignore:'.length;
      const close = text.indexOf('-->') + '-->'.length;
      for (let n = opener; n < close; n++) {
        const io = capturedIO(text);
        const code = await suggestCommand(['-', '--json', '--fail-on', 'warning', '--max-size', String(n)], io, loadRepoCatalog());
        const json = JSON.parse(io.stdout) as { truncated?: unknown; malformedComments?: unknown };
        assert.ok(json.truncated, `cut at ${n}`);
        assert.equal(json.malformedComments, undefined, `cut at ${n}`);
        assert.equal(code, 0, `cut at ${n}: ${io.stderr}`);
      }
      // Cut after the comment's line: a comment not closed on its line is still reported.
      const broken = `${DOC}<!-- sdp-ignore: contention\n-->\nMore text here.\n`;
      const io = capturedIO(broken);
      assert.equal(await suggestCommand(['-', '--json', '--max-size', String(broken.length - 3)], io, loadRepoCatalog()), 0);
      assert.deepEqual((JSON.parse(io.stdout) as { malformedComments: unknown }).malformedComments, [{ kind: 'ignore-not-closed', text: '<!-- sdp-ignore:', line: 5, column: 1 }]);
    });

    it('malformedComments are in document order: a bad marker before a bad sdp-ignore comment comes first', async () => {
      const io = capturedIO(`${DOC}<!-- sdp-todo:\ncontention/deadlocks\n-->\n\nText <!-- sdp-ignore: contention\n`);
      assert.equal(await suggestCommand(['-', '--json'], io, loadRepoCatalog()), 0);
      assert.deepEqual((JSON.parse(io.stdout) as { malformedComments: unknown }).malformedComments, [
        { kind: 'todo-names-nothing', text: '<!-- sdp-todo:', line: 5, column: 1 },
        { kind: 'ignore-not-closed', text: '<!-- sdp-ignore:', line: 9, column: 6 },
      ]);
    });

    it('an sdp-todo marker with no --> after it: todo-not-closed, a warning', async () => {
      const doc = `${DOC}<!-- sdp-todo: contention/deadlocks\nWho waits for whom?\n`;
      const io = capturedIO(doc);
      assert.equal(await suggestCommand(['-', '--json'], io, loadRepoCatalog()), 0);
      assert.deepEqual((JSON.parse(io.stdout) as { malformedComments: unknown }).malformedComments, [{ kind: 'todo-not-closed', text: '<!-- sdp-todo:', line: 5, column: 1 }]);
      const text = capturedIO(doc);
      assert.equal(await suggestCommand(['-', '--fail-on', 'warning'], text, loadRepoCatalog()), 1);
      assert.match(text.stdout, /\n {2}5:1 {2}warning {2}This sdp-todo marker has no "-->" after it/);
    });

    it('--json unknownIds: deepDiveNotAsked when the word is a deep dive no document is asked, absent otherwise', async () => {
      const io = capturedIO(`${DOC}<!-- sdp-ignore: combinations/pattern-conflicts, contension -->\n`);
      assert.equal(await suggestCommand(['-', '--json'], io, loadRepoCatalog()), 0);
      const json = JSON.parse(io.stdout) as object;
      assertContract(json);
      assert.deepEqual((json as { unknownIds: unknown }).unknownIds, [
        { id: 'combinations/pattern-conflicts', text: 'combinations/pattern-conflicts', line: 5, column: 18, comment: 'sdp-ignore', deepDiveNotAsked: true },
        { id: 'contension', text: 'contension', line: 5, column: 50, comment: 'sdp-ignore', nearest: 'contention' },
      ]);
    });
  });

  it('treats no suggestion as success', async () => {
    const io = capturedIO('# Colours\n\nUse the theme colours.');
    assert.equal(await suggestCommand(['-'], io, fixtureCatalog()), 0);
    assert.match(io.stdout, /No pattern suggested/);
  });
});
