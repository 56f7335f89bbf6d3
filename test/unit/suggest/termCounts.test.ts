/** DocumentTermCounts (terms.ts) counts what addTermsFromTokens counts, less the bigrams the catalog does not have, in the same map order. */
import { strict as assert } from 'node:assert';
import { indexCatalog, type StemFacts } from '../../../src/core/suggest/catalogIndex';
import { addTermsFromTokens, DocumentTermCounts } from '../../../src/core/suggest/terms';
import { replaceWordTableForTests, stem, tokenizeInto, TokenList } from '../../../src/core/suggest/tokens';
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

  /** What addTermsFromTokens counts for the texts, read one list after another, with no bigram (no facts are given). */
  function unigrams(lists: readonly TokenList[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const list of lists) addTermsFromTokens(list, 1, counts);
    for (const term of [...counts.keys()]) if (term.includes(' ')) counts.delete(term);
    return counts;
  }

  it('keeps room for the document\'s words, not for every word the session has met', () => {
    replaceWordTableForTests();
    try {
      // A long session: the word table holds 50,000 words, so a short document's words get high entry numbers.
      tokenizeInto(Array.from({ length: 50_000 }, (_, i) => `seen${i}`).join(' '), new TokenList());
      const short = tokenizeInto('Cache the seats; queue the writes and cache again.', new TokenList());
      assert.ok(Math.min(...short.entries.slice(0, short.length)) >= 50_000, 'the short document\'s words come after the session\'s');
      const counts = new DocumentTermCounts();
      counts.add(short, 1, []);
      assert.ok(counts.entryPlacesForTests() <= 256, `room for ${counts.entryPlacesForTests()} entries`);
      assert.deepEqual([...counts.toMap()], [...unigrams([short])]);
      // A document with many distinct words still gets room for each.
      const long = tokenizeInto(Array.from({ length: 3000 }, (_, i) => `other${i}`).join(' '), new TokenList());
      counts.add(long, 1, []);
      assert.ok(counts.entryPlacesForTests() >= 2 * 3000, `room for ${counts.entryPlacesForTests()} entries`);
      assert.deepEqual([...counts.toMap()], [...unigrams([short, long])]);
    } finally {
      replaceWordTableForTests();
    }
  });

  it('does not read a word\'s slot kept under an earlier generation of the word table', () => {
    replaceWordTableForTests();
    try {
      const counts = new DocumentTermCounts();
      const before = tokenizeInto('cache queue', new TokenList());
      counts.add(before, 1, []);
      // A new generation gives the same entry numbers to other words.
      replaceWordTableForTests();
      const after = tokenizeInto('shard lock', new TokenList());
      assert.deepEqual(after.entries.slice(0, 2), before.entries.slice(0, 2), 'the same entries, other words');
      counts.add(after, 1, []);
      // And back: a list filled before the clear is read by its own generation's entries.
      counts.add(before, 1, []);
      assert.deepEqual([...counts.toMap()], [...unigrams([before, after, before])]);
    } finally {
      replaceWordTableForTests();
    }
  });

  it('counts nothing for a document with no terms', () => {
    const counts = new DocumentTermCounts();
    assert.equal(counts.add(tokenizeInto('a 1 the of', new TokenList()), 1, []), 0);
    assert.equal(counts.toMap().size, 0);
  });
});
