import * as assert from 'node:assert/strict';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { matchCombinations } from '../../../src/core/suggest/combinations';
import { EXPLAIN } from '../../../src/core/suggest/lexicon';
import type { Suggestion } from '../../../src/core/suggest/types';
import { fixtureCatalog } from './fixtures';

const suggestion = (pattern: string, score: number): Suggestion => ({ pattern, title: pattern, score, solutions: [], evidence: [], words: [] });

describe('suggest: combinations and their limits in content/suggest/explain.json', () => {
  const index = indexCatalog(fixtureCatalog());

  it('matches on the first pattern and one other, scored by the mean of its patterns', () => {
    const found = matchCombinations(index, [suggestion('realtime-updates', 0.9), suggestion('scaling-reads', 0.7)]);
    assert.deepEqual(found.map((c) => [c.id, c.score]), [['combinations/live-scores', 0.8]]);
    // The first pattern missing: no match, however strong the other.
    assert.deepEqual(matchCombinations(index, [suggestion('scaling-reads', 0.9), suggestion('contention', 0.9)]), []);
  });

  it('reads the least mean score and the count shown from the limits it is given (by default explain.json)', () => {
    const weak = [suggestion('realtime-updates', 0.45), suggestion('scaling-reads', 0.35)];
    assert.equal(matchCombinations(index, weak, { shown: 3, minMeanScore: 0.4 }).length, 1);
    assert.equal(matchCombinations(index, weak, { shown: 3, minMeanScore: 0.41 }).length, 0);
    assert.equal(matchCombinations(index, weak, { shown: 0, minMeanScore: 0 }).length, 0);
    assert.equal(matchCombinations(index, weak).length, 0.4 >= EXPLAIN.combinations.minMeanScore ? 1 : 0);
  });
});
