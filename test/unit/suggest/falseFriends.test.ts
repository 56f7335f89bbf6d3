/**
 * The false friends of the real catalog (patterns' `notKeywords`) added from the second rated sample
 * (issue 10): each marks a keyword used in another layer's or another trade's sense ("validating
 * webhook" is Kubernetes admission control, not a job's completion callback). Where one stands, the
 * keyword inside it must not count as evidence; where the keyword stands alone, it still must.
 */
import { strict as assert } from 'node:assert';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { readWords } from '../../../src/core/suggest/evidence';
import { readStructure } from '../../../src/core/suggest/structure';
import { loadRepoCatalog } from '../../../eval/catalog';

/** False friend, the pattern that lists it, and the keyword it hides. */
const FALSE_FRIENDS: readonly (readonly [string, string, string])[] = [
  ['admission webhook', 'long-running-tasks', 'webhook'],
  ['validating webhook', 'long-running-tasks', 'webhook'],
  ['validation webhook', 'long-running-tasks', 'webhook'],
  ['mutating webhook', 'long-running-tasks', 'webhook'],
  ['conversion webhook', 'long-running-tasks', 'webhook'],
  ['git commit', 'multi-step-processes', 'commit'],
  ['replication factor', 'scaling-reads', 'replication'],
  ['buffer pool', 'scaling-writes', 'buffer'],
  ['unix epoch', 'contention', 'epoch'],
  ['since the epoch', 'contention', 'epoch'],
  ['seconds since epoch', 'contention', 'epoch'],
  ['milliseconds since epoch', 'contention', 'epoch'],
  ['this section', 'contention', 'section'],
  ['next section', 'contention', 'section'],
  ['following section', 'contention', 'section'],
  ['previous section', 'contention', 'section'],
];

describe('suggest: false friends of the real catalog', () => {
  const index = indexCatalog(loadRepoCatalog());
  const labels = (text: string): string[] => readWords(readStructure(text), index).hits.map((h) => h.phrase.label);

  for (const [friend, pattern, keyword] of FALSE_FRIENDS) {
    it(`"${friend}" (${pattern}) hides "${keyword}"`, () => {
      assert.ok(index.nodes.get(pattern)?.notKeywords?.includes(friend), `${pattern} lists "${friend}" in notKeywords`);
      // The keyword alone, in the same sentence, is evidence: otherwise hiding it would prove nothing.
      assert.ok(labels(`We looked at the ${keyword} in the last release.`).includes(keyword), `"${keyword}" alone is a keyword`);
      const inside = labels(`We looked at the ${friend} in the last release.`);
      assert.ok(!inside.includes(keyword), `"${keyword}" still counts inside "${friend}": ${inside.join(', ')}`);
      // A false friend counts for nothing: it is never a hit of its own either.
      assert.ok(!inside.includes(friend), `"${friend}" counted as a hit: ${inside.join(', ')}`);
    });
  }
  it('hides the keyword in each of its written forms ("Validating Webhooks", "Seconds since epoch")', () => {
    assert.deepEqual(labels('# Validating Webhooks\n\nThe Validating Webhooks reject bad specs.'), []);
    assert.ok(!labels('Timestamps count Seconds Since Epoch.').includes('epoch'));
  });
  it('hides nothing of another pattern: "two-phase locking" is left alone, so its "lock" still counts for contention', () => {
    // A false friend takes every word inside it, for every pattern: one listed for multi-step
    // processes would also take contention's "lock" away.
    assert.ok(labels('Writers take a two-phase locking scheme over the rows.').includes('lock'));
  });
});
