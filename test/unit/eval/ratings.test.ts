/**
 * The rated sample (eval/ratings.json) as data: every item rated once, with a verdict the eval
 * knows. The eval looks an item up with `find`, so a second verdict for the same item would be
 * silently ignored, and a conflicting one would make the figure depend on the file's order.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { loadRepoCatalog } from '../../../eval/catalog';
import { fixtureDocs, type EvalDoc } from '../../../eval/docs';
import { createSuggestEngine } from '../../../src/core/suggest';
import { RATINGS_FILE, scoreRatings, type Ratings } from '../../../eval/ratings';
import type { SuggestResult } from '../../../src/core/suggest';

describe('eval/ratings.json', () => {
  const ratings = JSON.parse(readFileSync(RATINGS_FILE, 'utf8')) as Ratings;

  it('rates each evidence line once: one verdict per document, pattern, line and text (case aside)', () => {
    const seen = new Map<string, number>();
    ratings.evidence.forEach((e, i) => {
      const key = JSON.stringify([e.doc, e.pattern, e.line, e.text.toLowerCase()]);
      assert.equal(seen.get(key), undefined, `evidence item ${i} repeats item ${seen.get(key)}: ${key}`);
      seen.set(key, i);
      assert.equal(typeof e.real, 'boolean', `evidence item ${i} has no true/false verdict`);
      assert.ok(Number.isInteger(e.line) && e.line >= 1, `evidence item ${i}: line ${e.line}`);
    });
  });

  it('rates each open question once, as useful, answered or not-needed', () => {
    const seen = new Set<string>();
    ratings.questions.forEach((q, i) => {
      const key = JSON.stringify([q.doc, q.question]);
      assert.ok(!seen.has(key), `question item ${i} repeats: ${key}`);
      seen.add(key);
      assert.ok(['useful', 'answered', 'not-needed'].includes(q.verdict), `question item ${i}: verdict ${q.verdict}`);
    });
  });

  it('leaves the ratings of a document left out as a near-duplicate uncounted, and says so', () => {
    // Any rated document will do: the first one the file names.
    const id = ratings.questions[0]!.doc;
    const doc: EvalDoc = { id, split: 'dev', repo: 'example/repo', register: 'engineering', primary: null, relevant: [], confidence: 'clear', text: '' };
    let calls = 0;
    const suggest = (): SuggestResult => { calls++; return { suggestions: [], numbers: [], openQuestions: [], combinations: [] }; };
    const left = scoreRatings(suggest, [doc], new Set([id]));
    assert.equal(calls, 0, 'a document left out is not analysed');
    assert.match(left ?? '', /1 left out as near-duplicates/);
    scoreRatings(suggest, [doc]);
    assert.equal(calls, 1, 'the same document is counted when it is not left out');
  });

  it('prints the engineering documents\' rated questions with deep dives off beside the default, each sample apart, counting verdicts and unrated', () => {
    // A document rated with a useful question and an answered one: on, both and one nobody rated; off, the useful one and an unrated check.
    const useful = ratings.questions.find((q) => q.verdict === 'useful' && ratings.questions.some((a) => a.doc === q.doc && a.verdict === 'answered'))!;
    const answered = ratings.questions.find((a) => a.doc === useful.doc && a.verdict === 'answered')!;
    const ask = (...ids: string[]): SuggestResult => ({
      suggestions: [], numbers: [], combinations: [],
      openQuestions: ids.map((id) => ({ pattern: 'p', id, title: id, card: id, question: id, reason: 'r' })),
    });
    const doc: EvalDoc = { id: useful.doc, split: 'dev', repo: 'example/repo', register: 'engineering', primary: null, relevant: [], confidence: 'clear', text: '' };
    const on = (): SuggestResult => ask(useful.question, answered.question, 'p/unrated');
    const off = (): SuggestResult => ask(useful.question, 'p/check-unrated');
    const lines = scoreRatings(on, [doc], new Set(), off)!.split('\n');
    const at = lines.findIndex((l) => l.includes('with deep dives off'));
    assert.ok(at > 0, lines.join('\n'));
    assert.equal(lines[at + 1], '    deep dives off: 50% useful (1/2 shown), 0 answered, 0 not needed, 1 unrated; first sample 1/2 useful, second 0/0');
    assert.equal(lines[at + 2], '    deep dives on (default): 33% useful (1/3 shown), 1 answered, 0 not needed, 1 unrated; first sample 1/3 useful, second 0/0');
    // The second sample: a train-split document counts there.
    const train = scoreRatings(on, [{ ...doc, split: 'train' }], new Set(), off)!;
    assert.match(train, /deep dives off: 50% useful \(1\/2 shown\), .*; first sample 0\/0 useful, second 1\/2\n/);
    assert.doesNotMatch(scoreRatings(on, [doc]) ?? '', /deep dives off/, 'not asked for, not printed');
  });

  it('the premise of its shortcut: a document with no open question with deep dives on gets none with them off', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    let none = 0;
    for (const d of fixtureDocs()) {
      if (engine.suggest(d.text).openQuestions.length > 0) continue;
      none++;
      assert.deepEqual(engine.suggest(d.text, { deepDives: false }).openQuestions, [], d.id);
    }
    assert.ok(none > 0, 'some fixture documents get no question');
  });
});
