/** DocumentTermCounts (terms.ts) counts what addTermsFromTokens counts, less the bigrams the catalog does not have, in the same map order. */
import { strict as assert } from 'node:assert';
import { indexCatalog, type StemFacts } from '../../../src/core/suggest/catalogIndex';
import { addTermsFromTokens, DocumentTermCounts } from '../../../src/core/suggest/terms';
import { stem, tokenizeInto, TokenList } from '../../../src/core/suggest/tokens';
import { loadRepoCatalog } from '../../../eval/catalog';

describe('suggest: a document\'s term counts', () => {
  const index = indexCatalog(loadRepoCatalog());
  // A bigram of the catalog's vocabulary, so that the blocks below hold one.
  const bigram = [...index.idf.keys()].find((t) => t.includes(' '))!;

  /** Blocks with stopwords, digits, one-letter words, clause breaks, words read the long way (non-ASCII, an apostrophe, too long for the table), a catalog bigram and many words. */
  const BLOCKS: [string, number][] = [
    [`We cache the ${bigram} near the ${bigram}; a 42 x cache.`, 1],
    ['Café users don\'t wait: the user\'s request is internationalization-ready, internationalization again.', 0.5],
    [`Sharding, then ${bigram.toUpperCase()} and sharded caches. Caching!`, 2],
    ['', 1],
    ['Cache cache CACHE café Café', 0.25],
    // More distinct words than the counts' first table of word entries holds.
    [Array.from({ length: 3000 }, (_, i) => `word${i}x`).join(' '), 1],
  ];

  it('gives the sums and the map order of addTermsFromTokens, keeping only the catalog\'s bigrams, and the same word counts', () => {
    const expected = new Map<string, number>();
    const counts = new DocumentTermCounts();
    const tokens = new TokenList();
    for (const [text, weight] of [...BLOCKS, ...BLOCKS]) {
      tokenizeInto(text, tokens);
      const facts: (StemFacts | undefined)[] = [];
      for (let i = 0; i < tokens.length; i++) facts[i] = index.stemFacts.get(tokens.stems[i]!);
      assert.equal(counts.add(tokens, weight, facts), addTermsFromTokens(tokens, weight, expected), text);
    }
    // Every bigram is counted there; the document's counts keep the catalog's only.
    for (const term of [...expected.keys()]) if (term.includes(' ') && !index.idf.has(term)) expected.delete(term);
    assert.ok(expected.has(bigram), `the catalog bigram "${bigram}" is counted`);
    assert.ok([...expected.keys()].some((t) => t.startsWith('caf')) && expected.has(stem('internationalization')), 'words read the long way are counted');
    assert.deepEqual([...counts.toMap()], [...expected]);
  });

  it('counts nothing for a document with no terms', () => {
    const counts = new DocumentTermCounts();
    assert.equal(counts.add(tokenizeInto('a 1 the of', new TokenList()), 1, []), 0);
    assert.equal(counts.toMap().size, 0);
  });
});
