/** eval/holdoutRatings.ts and eval/holdout-ratings.json (plan HR): the tally, the settling of verdicts, and the file. */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuggestResult } from '../../../src/core/suggest';
import { createSuggestEngine } from '../../../src/core/suggest';
import { loadRepoCatalog } from '../../../eval/catalog';
import { corpusDocs } from '../../../eval/docs';
import { readSplits } from '../../../eval/corpus/manifest';
import { HOLDOUT_RATINGS_FILE, intervalsByDocument, settle, tallyRatings, type HoldoutRatings } from '../../../eval/holdoutRatings';
import { catalogPatterns } from '../support/labelVocabulary';

type Ev = { line: number; text: string; kind: 'keyword' | 'number' };
const suggestion = (pattern: string, score: number, evidence: Ev[]) => ({
  pattern, title: pattern, score, solutions: [], words: [],
  evidence: evidence.map((e) => ({ ...e, column: 1, reason: '', weight: 1 })),
});
const question = (id: string) => ({ pattern: id.split('/')[0], id, title: '', card: '', question: '', reason: '' });
const result = (suggestions: ReturnType<typeof suggestion>[], questions: string[] = []): SuggestResult =>
  ({ suggestions, numbers: [], openQuestions: questions.map(question), combinations: [] }) as unknown as SuggestResult;

describe('eval/holdoutRatings: tallyRatings', () => {
  const shown: Record<string, SuggestResult> = {
    d: result([
      // At exactly 0.7 and 0.5: the bands are "0.7 or more" and "0.5 to 0.7".
      suggestion('contention', 0.7, [{ line: 3, text: 'lock', kind: 'keyword' }, { line: 3, text: 'Locks', kind: 'keyword' }, { line: 9, text: 'lease', kind: 'keyword' }]),
      suggestion('scaling-reads', 0.5, [{ line: 3, text: 'lock', kind: 'keyword' }]),
      suggestion('large-blobs', 0.49, [{ line: 7, text: '5 GB', kind: 'number' }]),
    ], ['contention/q1', 'contention/q2']),
    q: result([suggestion('long-running-tasks', 0.9, [])], ['long-running-tasks/q3']),
    unrated: result([suggestion('contention', 0.8, [{ line: 1, text: 'mutex', kind: 'keyword' }])], ['contention/q9']),
    quiet: result([]),
  };
  const ratings: HoldoutRatings = {
    about: '',
    evidence: [
      { doc: 'd', pattern: 'contention', line: 3, text: 'lock', real: true },
      // The same line, another span, the other verdict; and the same span under another pattern.
      { doc: 'd', pattern: 'contention', line: 3, text: 'locks', real: false },
      { doc: 'd', pattern: 'scaling-reads', line: 3, text: 'lock', real: false },
      { doc: 'd', pattern: 'large-blobs', line: 7, text: '5 GB', real: true },
      // Rated, no longer shown.
      { doc: 'd', pattern: 'contention', line: 4, text: 'mutex', real: true },
    ],
    questions: [
      { doc: 'd', question: 'contention/q1', verdict: 'not-needed' },
      // A document rated for its questions only.
      { doc: 'q', question: 'long-running-tasks/q3', verdict: 'useful' },
    ],
  };
  const docs = [
    { id: 'd', repo: 'o/one', text: 'd', primary: 'contention', relevant: ['contention', 'large-blobs'] },
    { id: 'q', repo: 'o/two', text: 'q', primary: 'long-running-tasks', relevant: ['long-running-tasks'] },
    { id: 'unrated', repo: 'o/two', text: 'unrated', primary: null, relevant: [] },
    { id: 'quiet', repo: 'o/two', text: 'quiet', primary: null, relevant: [] },
  ];
  const t = tallyRatings(ratings, docs, (text) => shown[text]!);

  it('matches a rated span by document, pattern, line and text (without regard to case), and counts what is shown now', () => {
    assert.deepEqual(t.groups.all, { shown: 6, rated: 4, real: 2 });
    assert.deepEqual(t.groups.keyword, { shown: 5, rated: 3, real: 1 });
    assert.deepEqual(t.groups.figures, { shown: 1, rated: 1, real: 1 });
  });

  it('bands by the suggestion\'s score, 0.7 and 0.5 included in the band above', () => {
    assert.deepEqual(t.groups.from07, { shown: 4, rated: 2, real: 1 });
    assert.deepEqual(t.groups.from05to07, { shown: 1, rated: 1, real: 0 });
    assert.deepEqual(t.groups.below05, { shown: 1, rated: 1, real: 1 });
  });

  it('relates each pattern to the labels: primary, relevant but not primary, or neither (a document that needs none too)', () => {
    assert.deepEqual(t.groups.primary, { shown: 3, rated: 2, real: 1 });
    assert.deepEqual(t.groups.relevant, { shown: 1, rated: 1, real: 1 });
    assert.deepEqual(t.groups.neither, { shown: 2, rated: 1, real: 0 });
  });

  it('counts questions by verdict, a document rated for questions only included, and what is shown but unrated', () => {
    assert.deepEqual(t.verdicts, { shown: 4, rated: 2, useful: 1, answered: 0, 'not-needed': 1 });
  });

  it('reads every document of the split, rated or not, and counts rated items no longer shown', () => {
    assert.deepEqual(t.coverage, { suggestedDocs: 3, docsWithLine: 2, docsWithQuestion: 3, suggestions: 5, suggestionsWithLine: 4 });
    assert.deepEqual(t.notShown, { lines: 1, questions: 0 });
    assert.equal(t.missing, 0);
    assert.equal(tallyRatings(ratings, docs.slice(1), (text) => shown[text]!).missing, 1);
  });

  it('gives intervals by document that hold the share', () => {
    const ci = intervalsByDocument(t.rated);
    assert.ok(ci.all[0] <= 0.5 && 0.5 <= ci.all[1]);
    assert.deepEqual(ci.relevant, [1, 1]);
  });
});

describe('eval/holdoutRatings: settle', () => {
  const m = (entries: [string, boolean | string][]) => new Map(entries) as Map<string, boolean | 'useful' | 'answered' | 'not-needed'>;
  it('takes the two raters\' verdict where they agree, the third\'s only where they split', () => {
    const s = settle(['L1', 'L2', 'Q1'], m([['L1', true], ['L2', true], ['Q1', 'useful']]), m([['L1', true], ['L2', false], ['Q1', 'answered']]), m([['L2', false], ['Q1', 'answered'], ['L1', false]]));
    assert.deepEqual(s.map((x) => x.verdict), [true, false, 'answered']);
    assert.deepEqual(s[0]!.raters, { a: true, b: true });
    assert.deepEqual(s[1]!.raters, { a: true, b: false, third: false });
  });
  it('refuses a missing verdict, or a split nobody settled', () => {
    assert.throws(() => settle(['L1'], m([['L1', true]]), m([]), m([])), /missing/);
    assert.throws(() => settle(['L1'], m([['L1', true]]), m([['L1', false]]), m([])), /split/);
  });
});

describe('eval/holdout-ratings.json (plan HR)', () => {
  const file = JSON.parse(readFileSync(HOLDOUT_RATINGS_FILE, 'utf8')) as {
    evidence: { doc: string; pattern: string; line: number; text: string; group: number; real: boolean; raters: { a: boolean; b: boolean; third?: boolean } }[];
    questions: { doc: string; question: string; group: number; verdict: string; raters: { a: string; b: string; third?: string } }[];
  };
  const splits = readSplits();
  const holdoutDoc = (id: string): boolean => splits.holdout.some((repo) => id.startsWith(`${repo.replace('/', '__')}__`));

  it('rates only holdout documents, each item once, in group 1 or 2, with the catalog\'s pattern ids', () => {
    const patterns = catalogPatterns();
    const seen = new Set<string>();
    for (const e of file.evidence) {
      assert.ok(holdoutDoc(e.doc), `${e.doc} is not a holdout document`);
      assert.ok(patterns.has(e.pattern), e.pattern);
      assert.ok(Number.isInteger(e.line) && e.line > 0 && e.text.length > 0 && [1, 2].includes(e.group));
      const key = `${e.doc} ${e.pattern} ${e.line} ${e.text.toLowerCase()}`;
      assert.ok(!seen.has(key), `${key} is rated twice`);
      seen.add(key);
    }
    for (const q of file.questions) {
      assert.ok(holdoutDoc(q.doc), `${q.doc} is not a holdout document`);
      assert.ok(patterns.has(q.question.split('/')[0]!) && [1, 2].includes(q.group), q.question);
      assert.ok(!seen.has(`${q.doc} ${q.question}`), `${q.doc} ${q.question} is rated twice`);
      seen.add(`${q.doc} ${q.question}`);
    }
  });

  it('settles each verdict as the two raters agreed, or as the third said where they split (and only there)', () => {
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

  it('is read by eval/holdoutRatings.ts alone (never by the trainer, the eval of the rated sample, or the engine)', () => {
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, f.name);
        if (f.isDirectory()) walk(path);
        else if (/\.(ts|js|mjs|cjs)$/.test(f.name) && readFileSync(path, 'utf8').includes('holdout-ratings.json')) readers.push(path);
      }
    };
    for (const dir of ['eval', 'src', 'scripts', 'bench']) if (existsSync(dir)) walk(dir);
    assert.deepEqual(readers.map((p) => p.replace(/\\/g, '/')), ['eval/holdoutRatings.ts']);
  });

  // Only where the holdout split is materialised (eval/corpus/materialise.ts): a clean clone, as in
  // CI, has no corpus text, and registers no such test rather than a skipped one.
  const materialised = corpusDocs('holdout');
  if (materialised.length > 0) it('covers what the engine shows on the holdout split now: nothing shown is unrated, and what is no longer shown is as recorded', function () {
    this.timeout(120000);
    const engine = createSuggestEngine(loadRepoCatalog());
    const t = tallyRatings(file as unknown as HoldoutRatings, materialised, (text) => engine.suggest(text));
    assert.equal(t.groups.all.shown, t.groups.all.rated, 'evidence shown now that nobody rated');
    assert.equal(t.verdicts.shown, t.verdicts.rated, 'questions shown now that nobody rated');
    // Rated at the round, no longer shown since: two evidence items rated real, on a suggestion at
    // the 0.5 floor for quoting lines (not shown between the retrain that came with the HTML-comment
    // reading and the one of rule AM3, and again since the retrain after a card edit of 2026-12-07;
    // docs/suggest.md gives the figures), and two questions, both rated not needed, that rule AS no
    // longer asks (6 useful of 39 shown before, 6 of 37 after). A change to the engine that moves this is visible here, as the
    // snapshot makes every result visible; update the figure with the docs.
    assert.deepEqual(t.notShown, { lines: 2, questions: 2 });
  });
});
