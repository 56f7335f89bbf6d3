/** `CatalogIndex.stemFacts` says of every stem what `phrasesByFirst`, `questionKeyStems` and `bigrams` say. */
import { strict as assert } from 'node:assert';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { loadRepoCatalog } from '../../../eval/catalog';

describe('suggest: the stem facts of the catalog index', () => {
  const index = indexCatalog(loadRepoCatalog());

  it('lists every stem one of the three holds, and no other', () => {
    const expected = new Set([...index.phrasesByFirst.keys(), ...index.questionKeyStems, ...index.bigrams.keys()]);
    assert.deepEqual(new Set(index.stemFacts.keys()), expected);
    assert.ok(index.questionKeyStems.size > 0 && index.bigrams.size > 0 && index.phrasesByFirst.size > 0);
  });

  it('gives each stem its phrases, its question key flag and its bigrams', () => {
    for (const [stem, facts] of index.stemFacts) {
      assert.equal(facts.phrases, index.phrasesByFirst.get(stem), stem);
      assert.equal(facts.questionKey, index.questionKeyStems.has(stem), stem);
      assert.equal(facts.bigramSeconds, index.bigrams.get(stem), stem);
    }
  });
});
