/** eval/holdout.ts: near-duplicates within one set (the dev split's rule, applied inside a repository too), and the plan HR ratings' tally. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { HOLDOUT_RATINGS_FILE, holdoutTextsWarning, nearDuplicatesWithin, tallyRatings, textsFingerprint } from '../../../eval/holdout';
import { readSplits } from '../../../eval/corpus/manifest';
import { catalogPatterns } from '../support/labelVocabulary';

/** `n` distinct words made of letters only (the tokenizer reads each as one word): seed + a base-26 count. */
const words = (n: number, seed: string): string => Array.from({ length: n }, (_, i) => {
  let w = '';
  let k = i;
  do { w = String.fromCharCode(97 + (k % 26)) + w; k = Math.floor(k / 26); } while (k > 0);
  return `${seed}${w}`;
}).join(' ');
const doc = (id: string, text: string, repo = 'o/r') => ({ id, repo, split: 'holdout' as const, register: 'engineering' as const, text });
const SETTINGS = { shingleWords: 5, excludeAt: 0.8, listAt: 0.5 };

describe('eval/holdout: nearDuplicatesWithin (the dev split\'s rule, within one repository too)', () => {
  it('of two documents that each hold the rule\'s share of the other, leaves out the later id, even when it is the larger', () => {
    const body = words(200, 'w');
    // 'a' is the smaller and the more contained; the tie rule still leaves out 'b'.
    assert.deepEqual([...nearDuplicatesWithin([doc('a', body), doc('b', `${body} ${words(10, 'z')}`)], SETTINGS)], ['b']);
  });

  it('leaves out only the document held by the other when one is a small part of a larger one', () => {
    const part = words(100, 'w');
    assert.deepEqual([...nearDuplicatesWithin([doc('b', part), doc('a', `${part} ${words(400, 'x')}`)], SETTINGS)], ['b']);
  });

  it('leaves a document out at exactly the rule\'s share, and keeps it just under', () => {
    // 29 words make 25 shingles; the other holds the first 24 words (20 shingles, 80%) or 23 (19, 76%).
    const a = words(29, 'w');
    const at = nearDuplicatesWithin([doc('a', a), doc('b', `${words(24, 'w')} ${words(200, 'y')}`)], SETTINGS);
    assert.deepEqual([...at], ['a']);
    const under = nearDuplicatesWithin([doc('a', a), doc('b', `${words(23, 'w')} ${words(200, 'y')}`)], SETTINGS);
    assert.equal(under.size, 0);
  });

  it('keeps one of several copies of one template (the first id), and every document under the share', () => {
    const template = words(60, 't');
    const docs = [doc('c1', template), doc('c2', template), doc('c3', template), doc('d', `${words(20, 't')} ${words(60, 'y')}`)];
    assert.deepEqual([...nearDuplicatesWithin(docs, SETTINGS)].sort(), ['c2', 'c3']);
  });

  it('orders ids by code units, as the dev rule does ("x-1" before "x_1")', () => {
    const body = words(80, 'w');
    assert.deepEqual([...nearDuplicatesWithin([doc('x_1', body), doc('x-1', body)], SETTINGS)], ['x_1']);
  });

  it('leaves nothing out of documents that share nothing, only a short run, or are empty', () => {
    assert.equal(nearDuplicatesWithin([doc('a', words(50, 'p')), doc('b', words(50, 'q'))], SETTINGS).size, 0);
    assert.equal(nearDuplicatesWithin([doc('a', `${words(10, 's')} ${words(100, 'p')}`), doc('b', `${words(10, 's')} ${words(100, 'q')}`)], SETTINGS).size, 0);
    assert.equal(nearDuplicatesWithin([doc('a', ''), doc('b', '')], SETTINGS).size, 0);
  });
});

describe('eval/holdout: the texts scored', () => {
  const docs = [doc('b', 'two'), doc('a', 'one')];
  it('fingerprints ids and texts whatever their order, and changes with a text or an id', () => {
    const f = textsFingerprint(docs);
    assert.match(f, /^[0-9a-f]{64}$/);
    assert.equal(textsFingerprint([...docs].reverse()), f);
    assert.notEqual(textsFingerprint([doc('a', 'one'), doc('b', 'two!')]), f);
    assert.notEqual(textsFingerprint([doc('a', 'one'), doc('c', 'two')]), f);
  });
  it('warns only when the materialised texts differ from those recorded', () => {
    assert.equal(holdoutTextsWarning(docs, textsFingerprint(docs)), undefined);
    assert.match(holdoutTextsWarning([doc('a', 'one')], textsFingerprint(docs))!, /differ/);
    assert.equal(holdoutTextsWarning(docs, undefined), undefined);
  });
});

describe('eval/holdout: tallyRatings', () => {
  const suggestion = (pattern: string, score: number, evidence: { line: number; text: string; kind: 'keyword' | 'number' }[]) => ({
    pattern, title: pattern, score, solutions: [], words: [],
    evidence: evidence.map((e) => ({ ...e, column: 1, reason: '', weight: 1 })),
  });
  const result = {
    suggestions: [
      suggestion('contention', 0.8, [{ line: 3, text: 'lock', kind: 'keyword' }, { line: 9, text: 'lease', kind: 'keyword' }]),
      suggestion('scaling-reads', 0.6, [{ line: 5, text: 'cache', kind: 'keyword' }]),
      suggestion('large-blobs', 0.3, [{ line: 7, text: '5 GB', kind: 'number' }]),
    ],
    numbers: [], openQuestions: [{ pattern: 'contention', id: 'contention/q1', title: '', card: '', question: '', reason: '' }, { pattern: 'contention', id: 'contention/q2', title: '', card: '', question: '', reason: '' }],
    combinations: [],
  } as unknown as import('../../../src/core/suggest').SuggestResult;
  const ratings = {
    about: '',
    evidence: [
      { doc: 'd', pattern: 'contention', line: 3, text: 'lock', real: true },
      { doc: 'd', pattern: 'scaling-reads', line: 5, text: 'cache', real: false },
      { doc: 'd', pattern: 'large-blobs', line: 7, text: '5 GB', real: true },
      // Rated, but not shown now: not counted.
      { doc: 'd', pattern: 'contention', line: 4, text: 'mutex', real: true },
    ],
    questions: [{ doc: 'd', question: 'contention/q1', verdict: 'answered' as const }],
  };
  const docs = [{ id: 'd', text: 'x', primary: 'contention', relevant: ['contention', 'large-blobs'] }, { id: 'other', text: 'y', primary: null, relevant: [] }];

  it('counts what is shown now against the ratings, by kind, score band and label, with unrated items shown apart', () => {
    const { groups, verdicts, missing } = tallyRatings(ratings, docs, () => result);
    assert.equal(missing, 0);
    assert.deepEqual(groups.all, { shown: 4, rated: 3, real: 2 });
    assert.deepEqual(groups.keyword, { shown: 3, rated: 2, real: 1 });
    assert.deepEqual(groups.figures, { shown: 1, rated: 1, real: 1 });
    assert.deepEqual(groups.from07, { shown: 2, rated: 1, real: 1 });
    assert.deepEqual(groups.from05to07, { shown: 1, rated: 1, real: 0 });
    assert.deepEqual(groups.below05, { shown: 1, rated: 1, real: 1 });
    assert.deepEqual(groups.primary, { shown: 2, rated: 1, real: 1 });
    assert.deepEqual(groups.relevant, { shown: 1, rated: 1, real: 1 });
    assert.deepEqual(groups.neither, { shown: 1, rated: 1, real: 0 });
    assert.deepEqual(verdicts, { shown: 2, rated: 1, useful: 0, answered: 1, 'not-needed': 0 });
  });

  it('reads only the rated documents, and counts a rated document that is not there', () => {
    let calls = 0;
    const { missing } = tallyRatings(ratings, [docs[1]!], () => { calls++; return result; });
    assert.equal(missing, 1);
    assert.equal(calls, 0);
  });
});

describe('eval/holdout-ratings.json (plan HR)', () => {
  const file = JSON.parse(readFileSync(HOLDOUT_RATINGS_FILE, 'utf8')) as {
    evidence: { doc: string; pattern: string; line: number; text: string; real: boolean; raters: { a: boolean; b: boolean; third?: boolean } }[];
    questions: { doc: string; question: string; verdict: string; raters: { a: string; b: string; third?: string } }[];
  };
  const splits = readSplits();
  const holdoutDoc = (id: string): boolean => splits.holdout.some((repo) => id.startsWith(`${repo.replace('/', '__')}__`));

  it('rates only holdout documents, each item once, with the catalog\'s pattern ids and question ids of those patterns', () => {
    const patterns = catalogPatterns();
    const seen = new Set<string>();
    for (const e of file.evidence) {
      assert.ok(holdoutDoc(e.doc), `${e.doc} is not a holdout document`);
      assert.ok(patterns.has(e.pattern), e.pattern);
      assert.ok(Number.isInteger(e.line) && e.line > 0 && e.text.length > 0);
      const key = `${e.doc} ${e.pattern} ${e.line} ${e.text}`;
      assert.ok(!seen.has(key), `${key} is rated twice`);
      seen.add(key);
    }
    for (const q of file.questions) {
      assert.ok(holdoutDoc(q.doc), `${q.doc} is not a holdout document`);
      assert.ok(patterns.has(q.question.split('/')[0]!), q.question);
      assert.ok(!seen.has(`${q.doc} ${q.question}`), `${q.doc} ${q.question} is rated twice`);
      seen.add(`${q.doc} ${q.question}`);
    }
  });

  it('settles each verdict as the two raters agreed, or as the third rater said where they split (and only there)', () => {
    for (const e of file.evidence) {
      if (e.raters.a === e.raters.b) { assert.equal(e.raters.third, undefined); assert.equal(e.real, e.raters.a); }
      else { assert.equal(typeof e.raters.third, 'boolean', `${e.doc}:${e.line} has no third verdict`); assert.equal(e.real, e.raters.third); }
    }
    for (const q of file.questions) {
      for (const v of [q.verdict, q.raters.a, q.raters.b]) assert.ok(['useful', 'answered', 'not-needed'].includes(v), v);
      if (q.raters.a === q.raters.b) { assert.equal(q.raters.third, undefined); assert.equal(q.verdict, q.raters.a); }
      else assert.equal(q.verdict, q.raters.third);
    }
  });
});
