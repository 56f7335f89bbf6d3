/**
 * `CatalogIndex.stemFacts`, what the engine asks of every word, checked against what it is built
 * from: the phrases, the question phrases' key stems and the bigrams of the catalog's vocabulary.
 */
import { strict as assert } from 'node:assert';
import { indexCatalog } from '../../../src/core/suggest/catalogIndex';
import { stemsOf } from '../../../src/core/suggest/tokens';
import { loadRepoCatalog } from '../../../eval/catalog';

describe('suggest: the stem facts of the catalog index', () => {
  const index = indexCatalog(loadRepoCatalog());
  const facts = [...index.stemFacts];

  it('lists a stem only for a phrase, a question key or a bigram, and each listed phrase under its first stem, longest first', () => {
    assert.ok(facts.length > 0);
    let phrases = 0;
    for (const [stem, f] of facts) {
      assert.ok(f.phrases !== undefined || f.questionKey || f.bigramSeconds !== undefined, `${stem} is listed with nothing to say`);
      const list = f.phrases ?? [];
      phrases += list.length;
      for (const p of list) assert.equal(p.stems[0], stem, p.label);
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1]!, list[i]!];
        assert.ok(a.stems.length > b.stems.length || (a.stems.length === b.stems.length && (a.falseFriend || !b.falseFriend)), `${a.label} before ${b.label}`);
      }
    }
    assert.ok(phrases > 100, `the catalog's phrases are listed (${phrases})`);
  });

  it('lists every keyword, context keyword, false friend and solution name of the catalog\'s patterns', () => {
    let checked = 0;
    for (const pattern of index.patterns) {
      const solutions = pattern.children.filter((c) => c.kind === 'solution');
      const words = [...pattern.keywords, ...(pattern.contextKeywords ?? []), ...(pattern.notKeywords ?? []), ...solutions.flatMap((s) => [s.title, ...s.keywords])];
      for (const word of words) {
        const stems = stemsOf(word);
        if (stems.length === 0) continue;
        const listed = index.stemFacts.get(stems[0]!)?.phrases ?? [];
        assert.ok(listed.some((p) => p.stems.join(' ') === stems.join(' ')), `"${word}" (${pattern.id}) is not listed`);
        checked++;
      }
    }
    assert.ok(checked > 300, `the catalog's words were checked (${checked})`);
  });

  it('marks exactly the key stems of the deep dives\' and checks\' phrases as question keys', () => {
    const keys = new Set([...index.deepDivePhrases.values(), ...index.checks].flatMap((d) => [...d.answeredBy, ...d.askedWhen]).flatMap((p) => p.key ?? []));
    assert.ok(keys.size > 50);
    assert.deepEqual(new Set(facts.filter(([, f]) => f.questionKey).map(([stem]) => stem)), keys);
  });

  it('gives each stem the second stems of exactly the vocabulary\'s bigrams it starts', () => {
    const bigrams = [...index.idf.keys()].filter((t) => t.includes(' '));
    assert.ok(bigrams.length > 100);
    for (const t of bigrams) {
      const [first, second] = t.split(' ') as [string, string];
      assert.ok(index.stemFacts.get(first)?.bigramSeconds?.has(second), t);
    }
    const listed = facts.flatMap(([stem, f]) => [...(f.bigramSeconds ?? [])].map((second) => `${stem} ${second}`));
    assert.deepEqual(new Set(listed), new Set(bigrams));
  });
});
