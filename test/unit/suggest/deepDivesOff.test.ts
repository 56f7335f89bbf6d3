import { strict as assert } from 'node:assert';
import { isDeepDiveId, noDeepDivesInsertion } from '../../../src/core/review/insertions';
import { readOutline } from '../../../src/core/review/outline';
import { deepDivesOffNote } from '../../../src/core/suggest/deepDivesOff';
import { ignoreCommentFor, NO_DEEP_DIVES_ID, todoCommentFor } from '../../../src/core/suggest/commentText';
import { namedSolutions } from '../../../src/core/suggest/engine';
import { openQuestions, openQuestionsWithAndWithoutDeepDives } from '../../../src/core/suggest/questions';
import { applyInsertion, realEngine } from '../review/shared';
import { SHARDED_INGEST, SHARDED_MULTI_REGION, SHARDED_QUEUED_INGEST } from './designCheckDocs';

const isCheck = (id: string): boolean => id.includes('/check-');

describe('deep dives off (SuggestOptions.deepDives: false)', () => {
  const { engine } = realEngine();

  it('by default deep dives are asked beside the design checks', () => {
    const ids = engine.suggest(SHARDED_INGEST).openQuestions.map((q) => q.id);
    assert.ok(ids.some((id) => !isCheck(id)), ids.join(' '));
    assert.ok(ids.some(isCheck), ids.join(' '));
  });

  it('asks no deep dive, and the design checks take the places the deep dives left', () => {
    const on = engine.suggest(SHARDED_QUEUED_INGEST).openQuestions.map((q) => q.id);
    const off = engine.suggest(SHARDED_QUEUED_INGEST, { deepDives: false }).openQuestions.map((q) => q.id);
    assert.ok(off.length > 0 && off.every(isCheck), off.join(' '));
    // Every check asked with the deep dives on is still asked, and one they had cut now has a place.
    for (const id of on.filter(isCheck)) assert.ok(off.includes(id), `${id} kept`);
    assert.ok(off.some((id) => !on.includes(id)), `a check the deep dives had cut: ${off.join(' ')}`);
  });

  it('a document whose questions were all deep dives gets none', () => {
    assert.ok(engine.suggest(SHARDED_MULTI_REGION).openQuestions.length > 0);
    assert.deepEqual(engine.suggest(SHARDED_MULTI_REGION, { deepDives: false }).openQuestions, []);
  });

  it('a deep dive an sdp-todo marker keeps open is still asked', () => {
    const id = engine.suggest(SHARDED_INGEST).openQuestions.find((q) => !isCheck(q.id))!.id;
    const marked = `${SHARDED_INGEST}\n## Failover\n\n${todoCommentFor(id, ['What is lost?'])}\n`;
    assert.ok(engine.suggest(marked, { deepDives: false }).openQuestions.some((q) => q.id === id));
  });

  it('one document turns them off for itself with <!-- sdp-ignore: deep-dives -->, as the option does', () => {
    const marked = SHARDED_QUEUED_INGEST.replace('\n', `\n${ignoreCommentFor(NO_DEEP_DIVES_ID)}\n`);
    const ids = engine.suggest(marked).openQuestions.map((q) => q.id);
    assert.deepEqual(ids, engine.suggest(SHARDED_QUEUED_INGEST, { deepDives: false }).openQuestions.map((q) => q.id));
    assert.ok(ids.length > 0 && ids.every(isCheck), ids.join(' '));
  });

  it('the quick fix writes that comment, and is offered on deep dives only', () => {
    const after = applyInsertion(SHARDED_INGEST, noDeepDivesInsertion(SHARDED_INGEST, readOutline(SHARDED_INGEST))!);
    assert.equal(after, SHARDED_INGEST.replace('\n', '\n<!-- sdp-ignore: deep-dives -->\n'));
    // Once written, not offered again (a deep dive a marker keeps open is still asked there).
    assert.equal(noDeepDivesInsertion(after, readOutline(after)), undefined);
    assert.equal(isDeepDiveId('contention'), false, 'a pattern id');
    const questions = engine.suggest(SHARDED_INGEST).openQuestions;
    assert.deepEqual(questions.map((q) => isDeepDiveId(q.id)), questions.map((q) => !isCheck(q.id)));
    assert.ok(questions.some((q) => isDeepDiveId(q.id)) && questions.some((q) => !isDeepDiveId(q.id)));
  });

  it('the result records what turned them off, and what the deep dives would have asked', () => {
    const comment = (doc: string): string => doc.replace('\n', `\n${ignoreCommentFor(NO_DEEP_DIVES_ID)}\n`);
    assert.equal(engine.suggest(SHARDED_INGEST).deepDivesOff, undefined, 'on: nothing recorded');
    assert.equal(engine.suggest(SHARDED_INGEST, { deepDives: true }).deepDivesOff, undefined);
    const on = engine.suggest(SHARDED_INGEST).openQuestions;
    const expected = { questionsWithDeepDives: on.length, deepDivesNotAsked: on.filter((q) => !isCheck(q.id)).length };
    assert.ok(expected.deepDivesNotAsked > 0);
    assert.deepEqual(engine.suggest(SHARDED_INGEST, { deepDives: false }).deepDivesOff, { by: ['option'], ...expected });
    assert.deepEqual(engine.suggest(comment(SHARDED_INGEST)).deepDivesOff, { by: ['comment'], ...expected });
    assert.deepEqual(engine.suggest(comment(SHARDED_INGEST), { deepDives: false }).deepDivesOff, { by: ['option', 'comment'], ...expected });
    // A deep dive a marker keeps open is still asked: it is not counted as held back.
    const id = on.find((q) => !isCheck(q.id))!.id;
    const marked = `${SHARDED_INGEST}\n## Failover\n\n${todoCommentFor(id, ['What is lost?'])}\n`;
    assert.equal(engine.suggest(marked, { deepDives: false }).deepDivesOff?.deepDivesNotAsked, 0);
  });

  it('says which note a review gives: none left, fewer, or nothing when the checks took every place', () => {
    assert.deepEqual(deepDivesOffNote(engine.suggest(SHARDED_MULTI_REGION, { deepDives: false })), { note: 'none-option', shown: 0, withDeepDives: 2 });
    const fewer = deepDivesOffNote(engine.suggest(SHARDED_INGEST.replace('\n', `\n${ignoreCommentFor(NO_DEEP_DIVES_ID)}\n`)));
    assert.equal(fewer?.note, 'fewer-comment');
    assert.ok(fewer.shown > 0 && fewer.shown < fewer.withDeepDives, JSON.stringify(fewer));
    // As many questions either way (a check took the deep dive's place): nothing to say.
    const same = engine.suggest(SHARDED_QUEUED_INGEST, { deepDives: false });
    assert.equal(same.deepDivesOff?.questionsWithDeepDives, same.openQuestions.length);
    assert.equal(deepDivesOffNote(same), undefined);
    assert.equal(deepDivesOffNote(engine.suggest(SHARDED_MULTI_REGION)), undefined, 'deep dives on');
    assert.equal(deepDivesOffNote({ openQuestions: [], deepDivesOff: { by: ['option', 'comment'], questionsWithDeepDives: 1, deepDivesNotAsked: 1 } })?.note, 'none-both');
  });

  it('reads the questions with and without deep dives together as two separate reads give them (the checks read once)', () => {
    const on = engine.suggest(SHARDED_INGEST).openQuestions;
    const deepDive = on.find((q) => !isCheck(q.id))!.id;
    const check = on.find((q) => isCheck(q.id))!.id;
    const cases: [string, ReadonlySet<string>, ReadonlySet<string>][] = [
      [SHARDED_INGEST, new Set(), new Set()],
      [SHARDED_INGEST, new Set([deepDive]), new Set()],
      [SHARDED_INGEST, new Set(), new Set([check])],
      [SHARDED_QUEUED_INGEST, new Set([check]), new Set()],
      [SHARDED_MULTI_REGION, new Set(), new Set()],
    ];
    let differing = 0;
    for (const [doc, pending, ignored] of cases) {
      const analysis = engine.analyse(doc);
      const args = [engine.index, engine.suggest(doc).suggestions, { structure: analysis.structure, blocksByKeyStem: analysis.words.blocksByKeyStem }, namedSolutions(analysis), undefined, pending, ignored] as const;
      const both = openQuestionsWithAndWithoutDeepDives(...args);
      assert.deepEqual(both, { off: openQuestions(...args, false), on: openQuestions(...args, true) }, `${[...pending, ...ignored].join(' ')}`);
      if (JSON.stringify(both.on) !== JSON.stringify(both.off)) differing++;
    }
    assert.ok(differing >= 3, `the deep dives changed the questions of ${differing} cases`);
  });

  it('changes no score, line or figure', () => {
    const summary = (deepDives: boolean): unknown => {
      const r = engine.suggest(SHARDED_QUEUED_INGEST, { deepDives });
      return { s: r.suggestions, n: r.numbers, c: r.combinations };
    };
    assert.deepEqual(summary(false), summary(true));
  });
});
