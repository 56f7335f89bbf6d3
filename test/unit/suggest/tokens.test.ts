/**
 * The tokenizer reads most words through its table of words met before (wordTable.ts) and the
 * rest the long way; a word is the same either way, the first time and every time after.
 */
import { strict as assert } from 'node:assert';
import { createSuggestEngine } from '../../../src/core/suggest';
import { replaceWordTableForTests, scratchStringsForTests, stem, stemsOf, tokenize, tokenizeInto, TokenList, WordMemo, wordTableGenerationForTests } from '../../../src/core/suggest/tokens';
import { loadRepoCatalog } from '../../../eval/catalog';
import { nextHash, WordTable } from '../../../src/core/suggest/wordTable';

const words = (text: string): string[] => tokenize(text).map((t) => t.word);
/** A word's hash as the tokenizer computes it from its characters. */
const hashOf = (word: string): number => [...word].reduce((h, c) => nextHash(h, c.charCodeAt(0) | 0x20), 0);

describe('suggest: the tokenizer', () => {
  it('lowercases ASCII words, and gives a word met again the same word, stem and offsets', () => {
    for (let pass = 0; pass < 2; pass++) {
      const tokens = tokenize('Booking BOOKED books, x1 42abc');
      assert.deepEqual(tokens.map((t) => t.word), ['booking', 'booked', 'books', 'x1', '42abc']);
      assert.deepEqual(tokens.map((t) => t.stem), ['book', 'book', 'book', 'x1', '42abc']);
      assert.deepEqual(tokens.map((t) => [t.start, t.end]), [[0, 7], [8, 14], [15, 20], [22, 24], [25, 30]]);
    }
  });

  it('keeps no string of a short text after tokenize or stemsOf return (a long word may be a slice of a whole document)', () => {
    const doc = `${'x'.repeat(1000)} distributedlockingservice ${'y'.repeat(1000)}`;
    const slice = doc.slice(1001, 1100);
    assert.deepEqual(words(slice).slice(0, 1), ['distributedlockingservice']);
    assert.equal(scratchStringsForTests(), 0, 'after tokenize');
    assert.equal(stemsOf(slice).length, 2);
    assert.equal(scratchStringsForTests(), 0, 'after stemsOf');
  });

  it('reads a word that goes on past ASCII, or takes an apostrophe, as one word', () => {
    assert.deepEqual(words('Café naïve résumé'), ['café', 'naïve', 'résumé']);
    assert.deepEqual(words("don't USER'S rock'n'roll"), ['dont', 'user', 'rockn', 'roll']);
    // The same ASCII start alone is a word of its own, and the long reading left no trace in the table.
    assert.deepEqual(words('Caf caf don DON'), ['caf', 'caf', 'don', 'don']);
  });

  it('lowercases a word too long for the table, every time', () => {
    for (let pass = 0; pass < 2; pass++) assert.deepEqual(words('Internationalization INTERNATIONALIZATION'), ['internationalization', 'internationalization']);
  });

  it('keeps a clause word a clause break when it is read from the table', () => {
    for (let pass = 0; pass < 2; pass++) {
      assert.deepEqual(tokenize('cache But stale').map((t) => t.breakBefore), [true, true, false]);
      assert.deepEqual(tokenize('cache butter stale').map((t) => t.breakBefore), [true, false, false]);
    }
  });

  it('breaks a clause at punctuation anywhere between two words, but not inside a figure', () => {
    const breaks = (text: string): boolean[] => tokenize(text).map((t) => t.breakBefore);
    for (let pass = 0; pass < 2; pass++) {
      // Before the first word, between words read from the table and the long way, after non-ASCII characters and a surrogate pair.
      assert.deepEqual(breaks('. cache , stale . fresh'), [true, false, true]);
      assert.deepEqual(breaks('cache  \u2014 ; stale (café) naïve'), [true, true, true, true]);
      assert.deepEqual(breaks('cache \u{1F600}: stale \u{1F600} fresh'), [true, true, false]);
      assert.deepEqual(breaks("don't . stop user's, cache"), [true, true, false, false]);
      // "2.5" and "10:1" keep their punctuation (each figure is two words); "2. fresh" ends a sentence.
      assert.deepEqual(breaks('up to 2.5 cache 10:1 stale 2. fresh'), [true, false, false, false, false, false, false, false, false, true]);
      assert.deepEqual(breaks('cache!!stale?fresh'), [true, true, true]);
    }
  });

  it('reads thousands of distinct words the same after its table has grown', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `W${i.toString(36)}Q`).join(' ');
    const first = tokenize(many);
    const second = tokenize(many.toLowerCase());
    assert.equal(first.length, 20_000);
    first.forEach((t, i) => {
      assert.equal(t.word, many.slice(t.start, t.end).toLowerCase());
      assert.equal(t.stem, stem(t.word));
      assert.deepEqual(second[i], t);
    });
  });
});

describe('suggest: the token list\'s word entries', () => {
  it('gives one word one entry in every text, in any case, and -1 to a word read the long way', () => {
    const a = tokenizeInto('Shard the shard, café', new TokenList());
    const b = tokenizeInto('SHARD', new TokenList());
    const entries = a.entries.slice(0, a.length);
    assert.equal(entries[0], entries[2]);
    assert.equal(b.entries[0], entries[0]);
    assert.notEqual(entries[0], entries[1]);
    assert.ok(entries[0]! >= 0 && entries[1]! >= 0);
    assert.equal(entries[3], -1);
  });
});

describe('suggest: the word table', () => {

  it('finds a word by its characters in any case, and not a word that only shares its hash or its start', () => {
    const table = new WordTable(10);
    const e = table.add('shard', hashOf('shard'), 'shard', false);
    assert.equal(table.find('a SHARD here', 2, 7, hashOf('shard')), e);
    assert.equal(table.find('shards', 0, 6, hashOf('shards')), -1);
    assert.equal(table.find('share', 0, 5, hashOf('shard')), -1);
  });

  it('adds nothing past its limit', () => {
    const table = new WordTable(2);
    assert.equal(table.add('a1', hashOf('a1'), 'a1', false), 0);
    assert.equal(table.add('b2', hashOf('b2'), 'b2', false), 1);
    assert.equal(table.add('c3', hashOf('c3'), 'c3', false), -1);
    assert.equal(table.size, 2);
    assert.equal(table.find('c3', 0, 2, hashOf('c3')), -1);
    assert.equal(table.find('B2', 0, 2, hashOf('b2')), 1);
  });
});

describe('suggest: WordMemo, what a stage derives from a word alone', () => {
  it('derives once a word in a generation (an undefined value too), at every occurrence of a word read the long way, and again after a clear', () => {
    replaceWordTableForTests();
    try {
      const derived: string[] = [];
      // "the" derives to undefined, as most words do in evidence.ts (no catalog facts): kept all the same.
      const memo = new WordMemo((tokens, i) => {
        derived.push(tokens.words[i]!);
        return tokens.words[i] === 'the' ? undefined : tokens.words[i]!.length;
      });
      const read = (text: string): (number | undefined)[] => {
        const tokens = tokenizeInto(text, new TokenList());
        return Array.from({ length: tokens.length }, (_, i) => memo.at(tokens, i));
      };
      assert.deepEqual(read('Lock the lock, then LOCK it, the end'), [4, undefined, 4, 4, 4, 2, undefined, 3]);
      assert.deepEqual(derived, ['lock', 'the', 'then', 'it', 'end']);
      // A word too long for the table (entry -1) is derived where it stands.
      derived.length = 0;
      assert.deepEqual(read('idempotencykeys idempotencykeys lock'), [15, 15, 4]);
      assert.deepEqual(derived, ['idempotencykeys', 'idempotencykeys']);
      // After a clear, "it" takes the entry "lock" had: a memo that kept the old generation would say 4.
      replaceWordTableForTests();
      derived.length = 0;
      assert.deepEqual(read('it lock'), [2, 4]);
      assert.deepEqual(derived, ['it', 'lock']);
    } finally {
      replaceWordTableForTests();
    }
  });
});

describe('suggest: WordMemo and the generation of the tokens it reads', () => {
  it('reads a list filled before a clear by that list\'s generation, not by the table\'s', () => {
    replaceWordTableForTests();
    try {
      const memo = new WordMemo((tokens, i) => tokens.words[i]!);
      const before = tokenizeInto('lock', new TokenList());
      replaceWordTableForTests();
      const after = tokenizeInto('it', new TokenList());
      assert.equal(after.entries[0], before.entries[0], 'the same entry, another word');
      assert.equal(memo.at(after, 0), 'it');
      assert.equal(memo.at(before, 0), 'lock');
      assert.equal(memo.at(after, 0), 'it');
    } finally {
      replaceWordTableForTests();
    }
  });
});

describe('suggest: a full word table is cleared between documents', function () {
  // Each test builds an engine on the real catalog (about half a second).
  this.timeout(20_000);

  it('empties, starts a new generation, and takes words again from entry 0', () => {
    const table = new WordTable(2);
    table.add('a1', hashOf('a1'), 'a1', false);
    table.add('b2', hashOf('b2'), 'b2', false);
    assert.equal(table.full, true);
    const generation = table.generation;
    table.clear();
    assert.deepEqual([table.size, table.full, table.generation], [0, false, generation + 1]);
    assert.equal(table.find('a1', 0, 2, hashOf('a1')), -1);
    assert.equal(table.add('c3', hashOf('c3'), 'c3', false), 0);
    assert.equal(table.find('C3', 0, 2, hashOf('c3')), 0);
  });

  it('gives the same analysis after a clear, when the same entry numbers now stand for other words', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const reads = '# Feed reads\n\nA cache in front of read replicas serves the feed; hot keys get a longer TTL and replication lag is watched.\n';
    // Three hundred words no pattern knows, each new: they take the first entries after a clear.
    const filler = `# Notes\n\n${Array.from({ length: 300 }, (_, i) => `zq${i.toString(36)}x`).join(' ')}\n`;
    replaceWordTableForTests();
    engine.suggest(filler);
    const expected = engine.suggest(reads);
    assert.ok(expected.suggestions.length > 0);
    // After a clear the document's words take the entries the filler words had: anything still
    // kept by entry number from before (a word's catalog facts, whether it is a term) would be read
    // for a filler word.
    replaceWordTableForTests();
    assert.deepEqual(engine.suggest(reads), expected);
  });

  it('a full table still finds its words, and reads a new word the long way with entry -1', () => {
    replaceWordTableForTests(2);
    try {
      const list = tokenizeInto('Queues booked, Queues but Caching but', new TokenList());
      const got = Array.from({ length: list.length }, (_, i) => [list.words[i], list.stems[i], list.breakBefore[i], list.entries[i]]);
      assert.deepEqual(got, [
        ['queues', stem('queues'), true, 0], ['booked', stem('booked'), false, 1],
        ['queues', stem('queues'), false, 0], ['but', 'but', true, -1],
        ['caching', stem('caching'), false, -1], ['but', 'but', true, -1]]);
    } finally {
      replaceWordTableForTests();
    }
  });

  it('clears the table before the next document once it is full, and not before', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const doc = '# A design\n\nA queue of jobs and a cache.\n';
    const expected = engine.suggest(doc);
    // A small table (the real one holds 200,000 words), filled by one text.
    replaceWordTableForTests(50);
    try {
      const start = wordTableGenerationForTests();
      engine.suggest(doc);
      assert.equal(wordTableGenerationForTests(), start, 'a table with room is kept');
      tokenize(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '));
      const full = wordTableGenerationForTests();
      assert.deepEqual(engine.suggest(doc), expected);
      assert.equal(wordTableGenerationForTests(), full + 1, 'a full table is cleared before the next document');
    } finally {
      replaceWordTableForTests();
    }
  });
});
