/**
 * The rated sample (eval/ratings.json) as data: every item rated once, with a verdict the eval
 * knows. The eval looks an item up with `find`, so a second verdict for the same item would be
 * silently ignored, and a conflicting one would make the figure depend on the file's order.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { EvalDoc } from '../../../eval/docs';
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
});
