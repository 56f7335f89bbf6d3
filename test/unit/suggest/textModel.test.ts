/** The text model (src/core/suggest/textModel.ts) and its trainer (eval/textModel.ts). */
import { strict as assert } from 'node:assert';
import { shippedTextModel, textModelFromJson, textModelScores, textVector } from '../../../src/core/suggest/textModel';
import { fitTextModel, textModelJson, type TextRow } from '../../../eval/textModel';
import { createSuggestEngine } from '../../../src/core/suggest/engine';
import { loadRepoCatalog } from '../../../eval/catalog';

const terms = (text: string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const w of text.split(/\s+/).filter(Boolean)) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
};

describe('suggest: the text model', () => {
  const model = textModelFromJson({
    idf: { lock: 2, seat: 1, cache: 2, the: 0.1, constructor: 1 },
    patterns: {
      contention: { bias: -1, weights: { lock: 2, seat: 1 } },
      'scaling-reads': { bias: -1, weights: { cache: 3 } },
    },
  });

  it('makes a unit-length log(1 + count) × idf vector of the words it knows, and ignores the rest', () => {
    const v = textVector(terms('lock lock seat unknown words'), model.idf);
    assert.deepEqual([...v.keys()].sort(), ['lock', 'seat']);
    const length = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(length - 1) < 1e-9);
    assert.ok(Math.abs(v.get('lock')! / v.get('seat')! - (Math.log1p(2) * 2) / (Math.log1p(1) * 1)) < 1e-9);
    assert.equal(textVector(terms('nothing known here'), model.idf).size, 0);
  });

  it('scores each pattern as bias plus weights × vector, 0 for a pattern it does not know', () => {
    const scores = textModelScores(terms('lock seat'), model, ['contention', 'scaling-reads', 'large-blobs']);
    const v = textVector(terms('lock seat'), model.idf);
    assert.ok(Math.abs(scores.get('contention')! - (-1 + 2 * v.get('lock')! + 1 * v.get('seat')!)) < 1e-9);
    assert.equal(scores.get('scaling-reads'), -1);
    assert.equal(scores.get('large-blobs'), 0);
    assert.ok(textModelScores(terms('cache'), model, ['scaling-reads']).get('scaling-reads')! > 1.9);
  });

  it('a word such as "constructor" or "__proto__" is a word, not an object property', () => {
    const scores = textModelScores(terms('constructor __proto__ toString lock'), model, ['contention']);
    assert.ok(Number.isFinite(scores.get('contention')!));
    assert.ok(Number.isFinite(textModelScores(terms('hasOwnProperty valueOf'), model, ['contention']).get('contention')!));
  });

  it('the trainer learns words that separate the documents, and keeps only words of enough documents and repositories', () => {
    const rows: TextRow[] = [];
    for (let i = 0; i < 40; i++) {
      const repo = `repo${Math.floor(i / 2) % 10}`;
      const needs = i % 2 === 0 ? ['contention'] : [];
      rows.push({ terms: terms(i % 2 === 0 ? `lock seat design ${repo}` : `dashboard design ${repo}`), repo, fixture: false, needs, weight: 1 });
    }
    const fitted = textModelFromJson(textModelJson(fitTextModel(rows, ['contention'])));
    assert.ok(fitted.idf.has('lock') && fitted.idf.has('design'));
    assert.ok(!fitted.idf.has('repo0'), 'a word of one repository is not learned');
    const weights = fitted.patterns.get('contention')!.weights;
    assert.ok((weights.get('lock') ?? 0) > 0.5, `lock: ${weights.get('lock')}`);
    assert.ok((weights.get('dashboard') ?? 0) < -0.5, `dashboard: ${weights.get('dashboard')}`);
    const score = (text: string) => textModelScores(terms(text), fitted, ['contention']).get('contention')!;
    assert.ok(score('lock seat design') > 0 && score('dashboard design') < 0);
  });

  it('the shipped model is generated, covers every pattern of the catalog, and feeds the scorer', () => {
    const engine = createSuggestEngine(loadRepoCatalog());
    for (const p of engine.index.patternIds) assert.ok(shippedTextModel().patterns.has(p), `no text model for ${p}`);
    assert.ok(shippedTextModel().idf.size > 500, `vocabulary: ${shippedTextModel().idf.size}`);
    const features = engine.analyse('# Seat holds\n\nTwo fans must never book the same seat; we lock the row.\n').features;
    const contention = features.find((f) => f.pattern === 'contention')!.values.textModel;
    const blobs = features.find((f) => f.pattern === 'large-blobs')!.values.textModel;
    assert.ok(contention > blobs, `contention ${contention}, large blobs ${blobs}`);
  });
});
