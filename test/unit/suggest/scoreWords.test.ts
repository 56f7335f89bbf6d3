/** The words named beside a suggestion (src/core/suggest/scoreWords.ts): what the text model read. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { EXPLAIN } from '../../../src/core/suggest/lexicon';
import { scorePatterns, TRAINED_WEIGHTS, type PatternScore, type ScorerWeights } from '../../../src/core/suggest/scorer';
import { scoreWords as scoreWordsOf, surfaceWords, textModelWordEffects } from '../../../src/core/suggest/scoreWords';
import type { TextModel } from '../../../src/core/suggest/textModel';
import type { DocumentStructure } from '../../../src/core/suggest/structure';
import { readStructure } from '../../../src/core/suggest/structure';
import { shippedTextModel, textModelFromJson, textVector } from '../../../src/core/suggest/textModel';
import { loadRepoCatalog } from '../../../eval/catalog';

const terms = (text: string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const w of text.split(/\s+/).filter(Boolean)) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
};

/** Scorer weights whose only feature is the text model: `weight / scale` log-odds a unit. */
function weightsWith(weight: number, scale: number, mean = 0): ScorerWeights {
  return { ...TRAINED_WEIGHTS, features: { textModel: { weight, scale, mean } } };
}

/**
 * The words named for one pattern, with the text model's share of the log-odds as the scorer makes it
 * (`weight / scale × (bias − mean + Σ word weight × value)`; the test "matches the shipped scorer"
 * checks that formula against the scorer itself), unless a share is given.
 */
function scoreWords(
  structure: DocumentStructure, t: ReadonlyMap<string, number>, model: TextModel, pattern: string, weights: ScorerWeights,
  settings?: { shown: number; minEffect: number }, share?: number,
): string[] {
  const f = weights.features.textModel!;
  const words = textModelWordEffects(textVector(t, model.idf), model, pattern, weights);
  const textModel = share ?? (f.weight / f.scale) * ((model.patterns.get(pattern)?.bias ?? 0) - f.mean) + words.reduce((sum, e) => sum + e.effect, 0);
  return scoreWordsOf(structure, t, model, [{ pattern, terms: { textModel } as PatternScore['terms'] }], weights, settings).get(pattern)!;
}

describe('suggest: the words that raised a score', () => {
  const model = textModelFromJson({
    idf: { lock: 2, seat: 1, cache: 2, queu: 1.5 },
    patterns: { contention: { bias: -1, weights: { lock: 2, seat: 1, cache: -0.5 } } },
  });

  it('gives each word its exact share of the log-odds: weight / scale × word weight × value, strongest rise first', () => {
    const t = terms('lock lock seat cache unknown');
    const effects = textModelWordEffects(textVector(t, model.idf), model, 'contention', weightsWith(1.2, 0.6));
    assert.deepEqual(effects.map((e) => e.stem), ['lock', 'seat', 'cache']);
    // Summed, the effects over weight / scale (2 here), plus the bias, are the text model's score.
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [w, c, idf] of [['lock', 2, 2], ['seat', 1, 1], ['cache', 1, 2]] as const) {
      vector.set(w, Math.log1p(c) * idf);
      norm += (Math.log1p(c) * idf) ** 2;
    }
    const z = -1 + (2 * vector.get('lock')! + 1 * vector.get('seat')! - 0.5 * vector.get('cache')!) / Math.sqrt(norm);
    const fromEffects = -1 + effects.reduce((sum, e) => sum + e.effect, 0) / 2;
    assert.ok(Math.abs(fromEffects - z) < 1e-9, `${fromEffects} against ${z}`);
    assert.ok(effects[2]!.effect < 0, 'a word the pattern weighs against lowers it');
    assert.deepEqual(textModelWordEffects(textVector(t, model.idf), model, 'large-blobs', weightsWith(1.2, 0.6)), [], 'a pattern the model does not know has no words');
    assert.deepEqual(textModelWordEffects(textVector(t, model.idf), model, 'contention', { ...TRAINED_WEIGHTS, features: {} }), [], 'no text model feature, no words');
  });

  it('matches the shipped scorer: the words and the bias make up the textModel share of a real score', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const doc = '# Job queue\n\nWorkers take jobs from the queue; a scheduler enqueues retries with backoff, and a worker that dies is replaced.\n';
    const analysis = engine.analyse(doc);
    const f = TRAINED_WEIGHTS.features.textModel!;
    const shipped = shippedTextModel();
    for (const score of scorePatterns(analysis.features)) {
      const effects = textModelWordEffects(textVector(analysis.words.terms, shipped.idf), shipped, score.pattern, TRAINED_WEIGHTS);
      const bias = shipped.patterns.get(score.pattern)!.bias;
      const share = (f.weight / f.scale) * (bias - f.mean) + effects.reduce((s, e) => s + e.effect, 0);
      assert.ok(Math.abs(share - score.terms.textModel) < 1e-9, `${score.pattern}: ${share} against ${score.terms.textModel}`);
    }
  });

  it('names at most `shown` words, each raising the log-odds by at least `minEffect`, as the document writes them', () => {
    const text = '# Seats\n\nLocking the seats: a lock per seat, and the Seat map is cached.\n';
    const structure = readStructure(text);
    const t = terms('lock lock seat seat cach');
    const weights = weightsWith(1, 1);
    const all = textModelWordEffects(textVector(t, model.idf), model, 'contention', weights);
    assert.deepEqual(scoreWords(structure, t, model, 'contention', weights, { shown: 5, minEffect: 0 }), ['locking', 'seats']);
    assert.deepEqual(scoreWords(structure, t, model, 'contention', weights, { shown: 1, minEffect: 0 }), ['locking']);
    // The threshold sits between the two words' effects: only the stronger is named.
    const between = (all[0]!.effect + all[1]!.effect) / 2;
    assert.deepEqual(scoreWords(structure, t, model, 'contention', weights, { shown: 5, minEffect: between }), ['locking']);
    assert.deepEqual(scoreWords(structure, t, model, 'contention', weights, { shown: 0, minEffect: 0 }), []);
    assert.deepEqual(scoreWords(structure, t, model, 'contention', weights, { shown: Number.NaN, minEffect: 0 }), []);
    // A word that lowers the score is never named, whatever the threshold.
    assert.ok(!scoreWords(structure, terms('cache cache'), model, 'contention', weights, { shown: 5, minEffect: -10 }).length);
  });

  it('names no word when the text model lowered the score overall, though single words raised it', () => {
    const structure = readStructure('# Seats\n\nA lock per seat.\n');
    const low = textModelFromJson({ idf: { lock: 1, seat: 1 }, patterns: { contention: { bias: -10, weights: { lock: 2, seat: 1 } } } });
    assert.ok(textModelWordEffects(textVector(terms('lock seat'), low.idf), low, 'contention', weightsWith(1, 1)).every((e) => e.effect > 0));
    assert.deepEqual(scoreWords(structure, terms('lock seat'), low, 'contention', weightsWith(1, 1), { shown: 5, minEffect: 0 }), []);
    // The same words, with the training mean below the bias: the model raised the score, so they are named.
    assert.deepEqual(scoreWords(structure, terms('lock seat'), low, 'contention', weightsWith(1, 1, -12), { shown: 5, minEffect: 0 }), ['lock', 'seats']);
  });

  it('reads "lowered overall" as the whole share: a negative word can outweigh a bias above the mean, and a share of exactly zero names nothing', () => {
    const structure = readStructure('# Locks\n\nA lock, and a cache.\n');
    const mixed = textModelFromJson({ idf: { lock: 1, cache: 1 }, patterns: { contention: { bias: 0, weights: { lock: 1, cache: -5 } } } });
    // The bias sits 0.5 above the mean, and "lock" raises the score, but "cache" pulls the total below zero.
    assert.ok(textModelWordEffects(textVector(terms('lock cache'), mixed.idf), mixed, 'contention', weightsWith(1, 1, -0.5))[0]!.effect > 0);
    assert.deepEqual(scoreWords(structure, terms('lock cache'), mixed, 'contention', weightsWith(1, 1, -0.5), { shown: 5, minEffect: 0 }), []);
    // Alone, "lock" has the value 1 and the share 1; with bias - mean = -1 the total is exactly 0.
    const single = textModelFromJson({ idf: { lock: 1 }, patterns: { contention: { bias: -1, weights: { lock: 1 } } } });
    assert.deepEqual(textModelWordEffects(textVector(terms('lock'), single.idf), single, 'contention', weightsWith(1, 1)).map((e) => e.effect), [1]);
    assert.deepEqual(scoreWords(structure, terms('lock'), single, 'contention', weightsWith(1, 1), { shown: 5, minEffect: 0 }), []);
    assert.deepEqual(scoreWords(structure, terms('lock'), single, 'contention', weightsWith(1, 1, -0.01), { shown: 5, minEffect: 0 }), ['locks']);
    // The share is the scorer's, given: the same words are named or not by its sign alone.
    for (const [share, named] of [[-0.1, []], [0, []], [0.1, ['locks']]] as const) {
      assert.deepEqual(scoreWords(structure, terms('lock'), single, 'contention', weightsWith(1, 1), { shown: 5, minEffect: 0 }, share), named, `share ${share}`);
    }
  });

  it('names a word by its first use in a block the model reads: not in code or front matter, and never a stopword', () => {
    const structure = readStructure('---\nqueueing: yes\n---\n# Intro\n\n```\nqueued = 1\n```\n\nThe queue is long.\n');
    assert.deepEqual([...surfaceWords(structure, new Set(['queu']))], [['queu', 'queue']]);
    // "use" is a stopword with the stem of "uses": the term is named, not the stopword.
    assert.deepEqual([...surfaceWords(readStructure('We use it.\n\nTwo uses of it.\n'), new Set(['use']))], [['use', 'uses']]);
  });

  it('the engine gives each suggestion the words of its own pattern, judged by the scorer\'s own share for it', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const doc = readFileSync(join(__dirname, '../../../examples/ticket-booking-design.md'), 'utf8');
    const result = engine.suggest(doc);
    const analysis = engine.analyse(doc);
    const scores = new Map(engine.scores(analysis).map((s) => [s.pattern, s]));
    assert.ok(result.suggestions.length >= 2, 'two suggestions at least');
    for (const s of result.suggestions) {
      const own = scoreWordsOf(analysis.structure, analysis.words.terms, shippedTextModel(), [scores.get(s.pattern)!], TRAINED_WEIGHTS).get(s.pattern);
      assert.deepEqual(s.words, own, s.pattern);
      // The "raised it overall" test reads the scorer's share: words only where it is above zero.
      if (s.words.length > 0) assert.ok(scores.get(s.pattern)!.terms.textModel > 0, s.pattern);
    }
    const lists = result.suggestions.filter((s) => s.words.length > 0).map((s) => s.words.join(','));
    assert.ok(lists.length >= 2 && new Set(lists).size === lists.length, `different patterns name different words: ${lists.join(' | ')}`);
  });

  it('names a stem by its first use in the document, and by the stem itself when no word has it', () => {
    const structure = readStructure('# Queues\n\nThe queue is queued.\n');
    const found = surfaceWords(structure, new Set(['queu', 'missing']));
    assert.deepEqual([...found], [['queu', 'queues']]);
    const q = textModelFromJson({ idf: { queu: 1, missing: 1 }, patterns: { p: { bias: 0, weights: { queu: 1, missing: 2 } } } });
    assert.deepEqual(scoreWords(structure, terms('queu missing'), q, 'p', weightsWith(1, 1), { shown: 5, minEffect: 0 }), ['missing', 'queues']);
  });

  it('on every fixture design doc, each suggestion names distinct words of the document, at most the setting says', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    const root = join(__dirname, '../../fixtures/eval');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).slice(0, 120);
    assert.ok(files.length > 50, `fixture documents: ${files.length}`);
    let named = 0;
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      const words = new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
      for (const s of engine.suggest(text).suggestions) {
        assert.ok(s.words.length <= EXPLAIN.scoreWords.shown, `${file}: ${s.words.join(', ')}`);
        assert.equal(new Set(s.words).size, s.words.length, `${file}: ${s.words.join(', ')}`);
        for (const w of s.words) assert.ok(words.has(w), `${file}: "${w}" is not a word of the document`);
        named += s.words.length;
      }
    }
    assert.ok(named > 100, `words named in all: ${named}`);
  });
});
