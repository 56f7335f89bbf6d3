import * as assert from 'node:assert/strict';
import type { Catalog, CatalogNode, NodeKind } from '../../../src/core/catalog/model';
import { indexCatalog as catalogOf } from '../../../src/core/catalog/indexCatalog';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { matchCombinations } from '../../../src/core/suggest/combinations';
import { EXPLAIN } from '../../../src/core/suggest/lexicon';
import type { Suggestion } from '../../../src/core/suggest/types';

function node(id: string, kind: NodeKind, extra: Partial<CatalogNode> = {}): CatalogNode {
  return { id, kind, title: id, summary: `${id}.`, order: 0, keywords: [], related: [], sections: [], children: [], source: { file: 'fixture.md', line: 1 }, ...extra };
}

const PATTERNS = ['realtime-updates', 'scaling-reads', 'scaling-writes', 'contention'];

/** Worked examples over the same few patterns, each first pattern different where it matters. */
function catalog(combinations: readonly (readonly string[])[]): Catalog {
  return catalogOf([
    ...PATTERNS.map((p) => node(p, 'pattern')),
    node('combinations', 'group', {
      // Ids run backwards through the alphabet (z, y, x, ...), so catalog order is not id order.
      children: combinations.map((patterns, i) => node(`combinations/${String.fromCharCode(122 - i)}`, 'combination', { parent: 'combinations', patterns: [...patterns] })),
    }),
  ]);
}

const suggestion = (pattern: string, score: number): Suggestion => ({ pattern, title: pattern, score, solutions: [], evidence: [], words: [] });
const LOOSE = { shown: 10, minMeanScore: 0 };

describe('suggest: combinations and their limits in content/suggest/explain.json', () => {
  it('needs its first pattern among the suggestions, whatever the others score', () => {
    const index = indexCatalog(catalog([['realtime-updates', 'scaling-reads', 'scaling-writes']]));
    assert.deepEqual(matchCombinations(index, [suggestion('scaling-reads', 0.9), suggestion('scaling-writes', 0.9)], LOOSE), []);
    assert.equal(matchCombinations(index, [suggestion('realtime-updates', 0.9), suggestion('scaling-writes', 0.9)], LOOSE).length, 1);
  });

  it('needs one more of its patterns besides the first', () => {
    const index = indexCatalog(catalog([['realtime-updates', 'scaling-reads']]));
    assert.deepEqual(matchCombinations(index, [suggestion('realtime-updates', 0.9), suggestion('contention', 0.9)], LOOSE), []);
  });

  it('scores the mean over all its patterns, a missing one counting 0, rounded to two decimals', () => {
    const index = indexCatalog(catalog([['realtime-updates', 'scaling-reads', 'scaling-writes']]));
    const [match] = matchCombinations(index, [suggestion('realtime-updates', 0.9), suggestion('scaling-reads', 0.8)], LOOSE);
    assert.equal(match?.score, 0.57);
  });

  it('lists the best mean first, ties by id', () => {
    const index = indexCatalog(catalog([['scaling-reads', 'contention'], ['scaling-reads', 'realtime-updates'], ['realtime-updates', 'scaling-reads']]));
    const found = matchCombinations(index, [suggestion('realtime-updates', 0.9), suggestion('scaling-reads', 0.5), suggestion('contention', 0.3)], LOOSE);
    assert.deepEqual(found.map((c) => [c.id, c.score]), [['combinations/x', 0.7], ['combinations/y', 0.7], ['combinations/z', 0.4]]);
  });

  it('reads the least mean score and the number shown from the limits it is given', () => {
    const index = indexCatalog(catalog([['realtime-updates', 'scaling-reads']]));
    const weak = [suggestion('realtime-updates', 0.45), suggestion('scaling-reads', 0.35)];
    assert.equal(matchCombinations(index, weak, { shown: 3, minMeanScore: 0.4 }).length, 1);
    assert.equal(matchCombinations(index, weak, { shown: 3, minMeanScore: 0.41 }).length, 0);
    assert.equal(matchCombinations(index, weak, { shown: 0, minMeanScore: 0 }).length, 0);
  });

  it('by default holds to explain.json: no more than `shown`, none under `minMeanScore`', () => {
    const many = Array.from({ length: EXPLAIN.combinations.shown + 2 }, () => ['realtime-updates', 'scaling-reads']);
    const index = indexCatalog(catalog(many));
    const strong = [suggestion('realtime-updates', 1), suggestion('scaling-reads', 1)];
    assert.equal(matchCombinations(index, strong).length, EXPLAIN.combinations.shown);
    const under = Math.max(0, EXPLAIN.combinations.minMeanScore - 0.01);
    assert.deepEqual(matchCombinations(index, [suggestion('realtime-updates', under), suggestion('scaling-reads', under)]), []);
  });
});
