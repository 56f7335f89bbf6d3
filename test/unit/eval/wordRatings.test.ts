/** The rated words (eval/word-ratings.json) as data, and how the eval scores them (eval/wordRatings.ts). */
import { strict as assert } from 'node:assert';
import type { EvalDoc } from '../../../eval/docs';
import { readWordRatings, scoreWordRatings, type WordRatings } from '../../../eval/wordRatings';
import type { Suggestion, SuggestResult } from '../../../src/core/suggest';
import { loadRepoCatalog } from '../../../eval/catalog';

const doc = (id: string): EvalDoc => ({ id, split: 'dev', repo: 'example/repo', register: 'engineering', primary: null, relevant: [], confidence: 'clear', text: '' });
const suggestion = (pattern: string, score: number, words: string[]): Suggestion => ({ pattern, title: pattern, score, solutions: [], evidence: [], words });
const result = (...suggestions: Suggestion[]): SuggestResult => ({ suggestions, numbers: [], openQuestions: [], combinations: [] });

describe('eval/word-ratings.json and its score', () => {
  const ratings = readWordRatings()!;

  it('holds the round docs/suggest.md reports: 40 suggestions, 170 words, 68 relevant, each suggestion once, patterns of the catalog', () => {
    assert.ok(ratings, 'eval/word-ratings.json is there');
    const patterns = new Set(loadRepoCatalog().roots.filter((n) => n.kind === 'pattern').map((n) => n.id));
    const seen = new Set<string>();
    for (const item of ratings.items) {
      const key = `${item.doc} ${item.pattern}`;
      assert.ok(!seen.has(key), `rated twice: ${key}`);
      seen.add(key);
      assert.ok(patterns.has(item.pattern), item.pattern);
      for (const [word, verdict] of Object.entries(item.words)) {
        assert.equal(typeof verdict, 'boolean', `${key}: ${word}`);
        assert.match(word, /^[\p{L}\p{N}]+$/u, `${key}: "${word}" is one word as the tool names it`);
      }
    }
    const words = ratings.items.flatMap((i) => Object.values(i.words));
    assert.deepEqual([ratings.items.length, words.length, words.filter(Boolean).length], [40, 170, 68]);
    // Each rater's verdicts are kept: they agree on 169 of 170 words, and where they agree the settled verdict is theirs.
    let agreed = 0;
    const raters = [0, 0];
    for (const item of ratings.items) {
      assert.deepEqual(Object.keys(item.first!).sort(), Object.keys(item.words).sort());
      assert.deepEqual(Object.keys(item.second!).sort(), Object.keys(item.words).sort());
      for (const [word, verdict] of Object.entries(item.words)) {
        if (item.first![word]) raters[0]++;
        if (item.second![word]) raters[1]++;
        if (item.first![word] !== item.second![word]) continue;
        agreed++;
        assert.equal(verdict, item.first![word], `${item.doc} ${item.pattern}: ${word}`);
      }
    }
    assert.deepEqual([agreed, ...raters], [169, 68, 69]);
  });

  it('counts the words named now: rated relevant, rated not, and named now but unrated (also counted as not relevant), on each side of 0.5', () => {
    const sample: WordRatings = {
      about: '',
      items: [
        { doc: 'a', pattern: 'contention', words: { lock: true, seat: false } },
        { doc: 'b', pattern: 'scaling-reads', words: { cache: true, constructor: true } },
        { doc: 'gone', pattern: 'contention', words: { lock: true } },
        { doc: 'b', pattern: 'large-blobs', words: { upload: true } },
      ],
    };
    const answers = new Map([
      // "lease" is named now and nobody rated it; "seat" is rated not relevant.
      ['a', result(suggestion('contention', 0.8, ['lock', 'lease', 'seat']))],
      // A word that is a property name of every object is no verdict unless rated.
      ['b', result(suggestion('scaling-reads', 0.2, ['cache', 'toString']))],
    ]);
    const text = scoreWordRatings((d) => answers.get(d.id)!, [doc('a'), doc('b')], sample)!;
    assert.match(text, /\(2 suggestions; 1 rated no longer suggested; 1 on documents not available here\)/);
    assert.match(text, /all: 67% relevant \(2\/3 rated; 2 named now but unrated; counting those as not relevant: 40%\)/);
    assert.match(text, /scored 0\.5 or more: 50% relevant \(1\/2 rated; 1 named now but unrated; counting those as not relevant: 33%\)/);
    assert.match(text, /scored below 0\.5: 100% relevant \(1\/1 rated; 1 named now but unrated; counting those as not relevant: 50%\)/);
    // Each document has one suggestion here: it is the first.
    assert.match(text, /the first suggestion of a document: 67% relevant \(2\/3 rated; 2 named now but unrated; counting those as not relevant: 40%\)/);
    // A rated document left out as a near-duplicate is not counted, and said.
    const without = scoreWordRatings((d) => answers.get(d.id)!, [doc('a'), doc('b')], sample, new Set(['a']))!;
    assert.match(without, /\(1 suggestions; 1 rated no longer suggested; 1 on documents not available here; 1 on documents left out as near-duplicates\)/);
    assert.match(without, /all: 100% relevant \(1\/1 rated; 1 named now but unrated/);
    assert.match(text, /the others: - relevant \(0\/0 rated; 0 named now but unrated; counting those as not relevant: -\)/);
  });

  it('says nothing when there is no ratings file', () => {
    assert.equal(scoreWordRatings(() => result(), [], '/nonexistent/word-ratings.json'), undefined);
  });
});
