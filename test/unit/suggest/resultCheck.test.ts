/**
 * isSuggestResult (src/core/suggest/resultCheck.ts), what the host checks in a worker's result:
 * every result the engine gives passes, and each field the check reads, when wrong, fails it.
 */
import { strict as assert } from 'node:assert';
import { fixtureDocs } from '../../../eval/docs';
import { loadRepoCatalog } from '../../../eval/catalog';
import { createSuggestEngine, type Evidence, type SuggestResult, type Suggestion, type UnknownCommentId } from '../../../src/core/suggest';
import { isSuggestResult } from '../../../src/core/suggest/resultCheck';

const EVIDENCE: Evidence = { line: 3, column: 1, text: 'cache', reason: 'keyword', kind: 'keyword', weight: 0.5, target: 'scaling-reads/caching', limit: 'reads/s > 10,000' };
const SUGGESTION: Suggestion = { pattern: 'scaling-reads', title: 'Scaling Reads', score: 0.9, solutions: ['scaling-reads/caching'], evidence: [EVIDENCE], words: ['cache'] };
// `<!-- sdp-ignore: Contension, caching -->` on line 2: the word at column 18, its separator `, ` after it.
const UNKNOWN: UnknownCommentId = {
  id: 'contension', text: 'Contension', line: 2, column: 18, comment: 'sdp-ignore', nearest: 'contention',
  separatorSpan: { column: 28, endColumn: 30 },
};
const FULL: SuggestResult = {
  suggestions: [SUGGESTION], numbers: [], openQuestions: [], combinations: [],
  truncated: { analysedChars: 10, totalChars: 20, message: 'cut' },
  deepDivesOff: { by: ['option', 'comment'], questionsWithDeepDives: 3, deepDivesNotAsked: 2 },
  malformedComments: [{ kind: 'ignore-not-closed', text: '<!-- SDP-Ignore :', line: 3, column: 1 }, { kind: 'todo-names-nothing', text: '<!--sdp-todo:', line: 5, column: 4 }],
  unknownIds: [UNKNOWN, { id: 'x', text: 'x', line: 9, column: 1, comment: 'sdp-todo' }, { id: 'combinations/x', text: 'combinations/x', line: 9, column: 1, comment: 'sdp-todo', deepDiveNotAsked: true }],
};

describe('isSuggestResult (what the host checks in a worker\'s result)', () => {
  it('accepts every result the engine gives for the fixtures (whole, cut, deep dives off), also after a structured clone', function () {
    this.timeout(120000);
    const engine = createSuggestEngine(loadRepoCatalog());
    let runs = 0;
    let evidence = 0;
    for (const d of fixtureDocs()) {
      for (const options of [{}, { deepDives: false }, { maxChars: Math.max(1, Math.floor(d.text.length / 2)) }]) {
        const result = engine.suggest(d.text, options);
        assert.ok(isSuggestResult(result) && isSuggestResult(structuredClone(result)), `${d.id} ${JSON.stringify(options)}`);
        evidence += result.suggestions.reduce((n, s) => n + s.evidence.length, 0);
        runs++;
      }
    }
    assert.ok(runs > 100 && evidence > 100, `${runs} results, ${evidence} evidence items`);
  });

  it('accepts a result with every optional field', () => {
    assert.ok(isSuggestResult(FULL));
    const bare: Evidence = { line: 1, column: 2, text: 'cache', reason: 'keyword', kind: 'number', weight: 0 };
    assert.ok(isSuggestResult({ ...FULL, suggestions: [{ ...SUGGESTION, evidence: [bare] }], truncated: undefined, deepDivesOff: undefined, unknownIds: undefined, malformedComments: undefined }));
  });

  it('accepts the unknown ids the engine reports, also after a structured clone', () => {
    const result = createSuggestEngine(loadRepoCatalog()).suggest('# Doc\n<!-- sdp-ignore: Contension caching -->\n<!-- sdp-todo: realtime-updates/reconection\nQ?\n-->\n\nWe lock each seat.\n');
    assert.equal(result.unknownIds?.length, 3);
    assert.ok(isSuggestResult(result) && isSuggestResult(structuredClone(result)));
  });

  it('refuses unknown ids whose fields are not what the review places its warning and fixes by', () => {
    const hole: unknown[] = [];
    hole.length = 1;
    const withUnknown = (changes: object): unknown => ({ ...FULL, unknownIds: [UNKNOWN, { ...UNKNOWN, ...changes }] });
    const cases: [string, unknown][] = [
      ['unknownIds not a list', { ...FULL, unknownIds: UNKNOWN }],
      ['unknownIds [null]', { ...FULL, unknownIds: [null] }],
      ['unknownIds with a hole', { ...FULL, unknownIds: hole }],
      ['id missing', withUnknown({ id: undefined })],
      ['text a number', withUnknown({ text: 1 })],
      ['text empty', withUnknown({ text: '' })],
      ['line a string', withUnknown({ line: '2' })],
      ['line 0 (lines are 1-based)', withUnknown({ line: 0 })],
      ['column 1.5', withUnknown({ column: 1.5 })],
      ['column missing', withUnknown({ column: undefined })],
      ['comment of another kind', withUnknown({ comment: 'sdp-other' })],
      ['nearest null', withUnknown({ nearest: null })],
      // "Change to" writes `nearest` in the word's place: an empty one would delete the word.
      ['nearest empty', withUnknown({ nearest: '' })],
      ['nearest no id', withUnknown({ nearest: 'two words' })],
      ['text over two lines', withUnknown({ text: 'a\nb', id: 'a\nb' })],
      ['text with a comma', withUnknown({ text: 'a,b', id: 'a,b' })],
      ['id empty', withUnknown({ id: '' })],
      ['id not the text lowercased', withUnknown({ id: 'contention' })],
      ['line past any string', withUnknown({ line: 1e12 })],
      ['column past any string', withUnknown({ column: 2 ** 31 })],
      ['deepDiveNotAsked false', withUnknown({ deepDiveNotAsked: false })],
      ['separator span a string', withUnknown({ separatorSpan: ', ' })],
      ['separator span empty', withUnknown({ separatorSpan: { column: 28, endColumn: 28 } })],
      ['separator span away from the word', withUnknown({ separatorSpan: { column: 29, endColumn: 30 } })],
      ['sdp-todo with a separator span', withUnknown({ comment: 'sdp-todo' })],
    ];
    // The last word: its separator is the one before it.
    assert.ok(isSuggestResult({ ...FULL, unknownIds: [{ ...UNKNOWN, separatorSpan: { column: 16, endColumn: 18 } }] }));
    assert.ok(isSuggestResult({ ...FULL, unknownIds: [{ ...UNKNOWN, separatorSpan: undefined, nearest: undefined }] }));
    for (const [what, result] of cases) assert.equal(isSuggestResult(result), false, what);
  });

  it('accepts the idle sdp-todo markers the engine reports; refuses ones whose id, text, place or reason is wrong', () => {
    const result = createSuggestEngine(loadRepoCatalog()).suggest('# Notes\n\nLunch plans.\n\n  <!--- SDP-TODO:\tContention/Deadlocks -->\n');
    assert.deepEqual(result.idleTodos?.map((t) => t.text), ['<!--- SDP-TODO:\tContention/Deadlocks']);
    assert.ok(isSuggestResult(result) && isSuggestResult(structuredClone(result)));
    // An sdp-ignore comment between the opener and the id ends the marker, as a preview reads it: no
    // idle marker, but a malformed comment at its opener (the comment keeps a warning of its own).
    const nested = createSuggestEngine(loadRepoCatalog()).suggest('# Notes\n\nLunch plans.\n\n<!-- sdp-todo: <!-- sdp-ignore: scaling-redas --> contention/deadlocks -->\n');
    assert.equal(nested.idleTodos, undefined);
    assert.deepEqual(nested.malformedComments, [{ kind: 'todo-comment-before-id', text: '<!-- sdp-todo:', line: 5, column: 1 }]);
    assert.deepEqual(nested.unknownIds?.map((u) => [u.text, u.column]), [['scaling-redas', 33]]);
    assert.ok(isSuggestResult(nested) && isSuggestResult(structuredClone(nested)), 'the engine\'s own result is well formed');
    // A carriage return ends the marker's line, as a line feed does: the id on the next line is none of its (no text the check refuses).
    const cr = createSuggestEngine(loadRepoCatalog()).suggest('# Notes\n\nLunch plans.\n\n<!-- sdp-todo:\rcontention/deadlocks -->\n');
    assert.deepEqual([cr.idleTodos, cr.malformedComments?.map((m) => m.kind)], [undefined, ['todo-names-nothing']]);
    assert.ok(isSuggestResult(cr));
    const spaced = createSuggestEngine(loadRepoCatalog()).suggest('# Notes\n\nLunch plans.\n\n<!-- sdp-todo: \u00a0contention/deadlocks -->\n');
    assert.deepEqual(spaced.idleTodos?.map((t) => t.text), ['<!-- sdp-todo: \u00a0contention/deadlocks'], 'a no-break space is white space to the reader');
    assert.ok(isSuggestResult(spaced));
    const good = { id: 'contention/deadlocks', text: '<!-- sdp-todo: contention/deadlocks', line: 5, column: 1, reason: 'not-asked' };
    assert.ok(isSuggestResult({ ...FULL, idleTodos: [good] }));
    const cases: [string, unknown][] = [
      ['not a list', { ...FULL, idleTodos: good }],
      ['text without the opener', { ...FULL, idleTodos: [{ ...good, text: 'contention/deadlocks' }] }],
      ['text naming another id', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: contention/locks' }] }],
      // As long as the id: refused for naming another, not for its length.
      ['text naming another id of the same length', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: contention/deadlockx' }] }],
      ['text ending in a longer word', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: xcontention/deadlocks' }] }],
      // The reader gives the opener alone when a comment stands between it and the id: never both.
      ['text running over a comment to the id', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: <!-- sdp-ignore: x --> contention/deadlocks' }] }],
      ['text with a word before the id', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: see contention/deadlocks' }] }],
      ['the opener with text after it', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo: ' }] }],
      // The reader no longer gives the opener alone: a comment before the id makes the marker malformed.
      ['the opener alone', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo:' }] }],
      ['the opener alone, three dashes and capitals', { ...FULL, idleTodos: [{ ...good, text: '<!--- SDP-TODO :' }] }],
      ['text with a carriage return', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo:\rcontention/deadlocks' }] }],
      ['text over two lines', { ...FULL, idleTodos: [{ ...good, text: '<!-- sdp-todo:\ncontention/deadlocks' }] }],
      ['text not a string', { ...FULL, idleTodos: [{ ...good, text: undefined }] }],
      ['reason unknown', { ...FULL, idleTodos: [{ ...good, reason: 'other' }] }],
      ['line 0', { ...FULL, idleTodos: [{ ...good, line: 0 }] }],
      // The message names these titles; with none, it would have no one to name (and used to throw).
      ['pattern not suggested, no titles', { ...FULL, idleTodos: [{ ...good, reason: 'pattern-not-suggested', patterns: [], patternTitles: [] }] }],
      ['solution not named, titles missing', { ...FULL, idleTodos: [{ ...good, reason: 'solution-not-named', solutions: ['contention/pessimistic-locking'] }] }],
    ];
    assert.ok(isSuggestResult({ ...FULL, idleTodos: [{ ...good, reason: 'solution-not-named', solutions: ['a/b'], solutionTitles: ['B'] }] }), 'a reason with its titles');
    assert.ok(isSuggestResult({ ...FULL, idleTodos: [{ ...good, text: '<!--- SDP-TODO :\u00a0\tContention/Deadlocks' }] }), 'three dashes, capitals, white space on the line');
    for (const [what, value] of cases) assert.equal(isSuggestResult(value), false, what);
  });

  it('accepts the malformed comments the engine reports; refuses ones whose kind, opener or place is wrong', () => {
    const result = createSuggestEngine(loadRepoCatalog()).suggest('# Doc\n<!-- sdp-ignore: a,\nb -->\n<!-- sdp-todo:\nx\n-->\n\n<!-- sdp-todo: y\n');
    assert.deepEqual(result.malformedComments?.map((m) => m.kind), ['ignore-not-closed', 'todo-names-nothing', 'todo-not-closed']);
    assert.ok(isSuggestResult(result) && isSuggestResult(structuredClone(result)));
    const good = { kind: 'ignore-not-closed', text: '<!-- sdp-ignore:', line: 2, column: 1 };
    // The cases below each break one field of this accepted one.
    assert.ok(isSuggestResult({ ...FULL, malformedComments: [good] }));
    const cases: [string, unknown][] = [
      ['not a list', { ...FULL, malformedComments: good }],
      ['kind unknown', { ...FULL, malformedComments: [{ ...good, kind: 'other' }] }],
      ['kind not the opener\'s', { ...FULL, malformedComments: [{ ...good, kind: 'todo-names-nothing' }] }],
      ['a comment before a marker\'s id, on an sdp-ignore opener', { ...FULL, malformedComments: [{ ...good, kind: 'todo-comment-before-id' }] }],
      ['a marker\'s kind on an sdp-ignore opener', { ...FULL, malformedComments: [{ ...good, kind: 'todo-not-closed' }] }],
      ['text not an opener', { ...FULL, malformedComments: [{ ...good, text: '<!-- sdp-ignore: x' }] }],
      ['text over two lines', { ...FULL, malformedComments: [{ ...good, text: '<!--\nsdp-ignore:' }] }],
      ['line 0', { ...FULL, malformedComments: [{ ...good, line: 0 }] }],
      ['column past any string', { ...FULL, malformedComments: [{ ...good, column: 1e12 }] }],
    ];
    for (const [what, value] of cases) assert.equal(isSuggestResult(value), false, what);
  });

  it('accepts a malformed comment opened with three dashes, as the reader obeys one', () => {
    // A worker's answer about `<!--- sdp-ignore:` left open was refused whole: the document got no review.
    const result = createSuggestEngine(loadRepoCatalog()).suggest('# Doc\n<!--- sdp-ignore: contention\n\n<!--- sdp-todo: y\n');
    assert.deepEqual(result.malformedComments?.map((m) => [m.kind, m.text]), [['ignore-not-closed', '<!--- sdp-ignore:'], ['todo-not-closed', '<!--- sdp-todo:']]);
    assert.ok(isSuggestResult(structuredClone(result)));
  });

  it('refuses a suggestion whose evidence, solutions or words are not what the review reads', () => {
    const hole: unknown[] = [];
    hole.length = 1;
    const withSuggestion = (changes: object): unknown => ({ ...FULL, suggestions: [{ ...SUGGESTION, ...changes }] });
    const withEvidence = (changes: object): unknown => withSuggestion({ evidence: [EVIDENCE, { ...EVIDENCE, ...changes }] });
    assert.ok(isSuggestResult(withEvidence({})), 'the cases below each break one field of an accepted result');
    const cases: [string, unknown][] = [
      ['evidence [null]', withSuggestion({ evidence: [null] })],
      ['evidence with a hole', withSuggestion({ evidence: hole })],
      ['evidence not a list', withSuggestion({ evidence: EVIDENCE })],
      ['evidence line a string', withEvidence({ line: '3' })],
      ['evidence column missing', withEvidence({ column: undefined })],
      ['evidence text missing', withEvidence({ text: undefined })],
      ['evidence reason a number', withEvidence({ reason: 1 })],
      ['evidence of an unknown kind', withEvidence({ kind: 'word' })],
      ['evidence weight missing', withEvidence({ weight: undefined })],
      ['evidence target a number', withEvidence({ target: 1 })],
      ['evidence limit null', withEvidence({ limit: null })],
      ['words not a list', withSuggestion({ words: 'cache' })],
      ['words [1]', withSuggestion({ words: ['cache', 1] })],
      ['words with a hole', withSuggestion({ words: hole })],
      ['solutions [null]', withSuggestion({ solutions: [null] })],
    ];
    for (const [what, result] of cases) assert.equal(isSuggestResult(result), false, what);
  });

  it('refuses a truncated or deepDivesOff record whose fields are not what the review reads', () => {
    const cases: [string, unknown][] = [
      ['truncated {}', { ...FULL, truncated: {} }],
      ['truncated analysedChars a string', { ...FULL, truncated: { ...FULL.truncated, analysedChars: '10' } }],
      ['truncated totalChars missing', { ...FULL, truncated: { ...FULL.truncated, totalChars: undefined } }],
      ['truncated message missing', { ...FULL, truncated: { ...FULL.truncated, message: undefined } }],
      ['deepDivesOff {}', { ...FULL, deepDivesOff: {} }],
      ['deepDivesOff by not a list', { ...FULL, deepDivesOff: { ...FULL.deepDivesOff, by: 'option' } }],
      ['deepDivesOff by an unknown cause', { ...FULL, deepDivesOff: { ...FULL.deepDivesOff, by: ['option', 'setting'] } }],
      ['deepDivesOff questionsWithDeepDives a string', { ...FULL, deepDivesOff: { ...FULL.deepDivesOff, questionsWithDeepDives: '3' } }],
      ['deepDivesOff deepDivesNotAsked missing', { ...FULL, deepDivesOff: { ...FULL.deepDivesOff, deepDivesNotAsked: undefined } }],
    ];
    for (const [what, result] of cases) assert.equal(isSuggestResult(result), false, what);
  });
});
