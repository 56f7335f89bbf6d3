import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { trainLogistic, solve } from '../../../eval/logistic';
import { loadCatalog } from '../../../src/core/catalog/load';
import { createSuggestEngine } from '../../../src/core/suggest';
import { DOCUMENT_FEATURES, documentFeatures, PATTERN_FEATURES, patternFeatures } from '../../../src/core/suggest/features';
import { decide, predict, SUGGEST_MODEL } from '../../../src/core/suggest/model';

describe('suggest model: the logistic trainer', () => {
  it('solves a small linear system', () => {
    const x = solve([[2, 1], [1, 3]], [3, 5]);
    assert.ok(Math.abs(x[0]! - 0.8) < 1e-9 && Math.abs(x[1]! - 1.4) < 1e-9);
  });

  it('learns a separable toy problem', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = ((i * 37) % 100) / 10, b = ((i * 53) % 100) / 10;
      x.push([a, b, (i * 7) % 3]);
      y.push(a + 2 * b > 15 ? 1 : 0);
    }
    const m = trainLogistic(['a', 'b', 'noise'], x, y, { lambda: 0.001 });
    let right = 0;
    for (let i = 0; i < x.length; i++) if ((predict(m, x[i]!) >= 0.5 ? 1 : 0) === y[i]) right++;
    assert.ok(right >= 196, `accuracy ${right}/200`);
    assert.ok(m.weights[1]! > m.weights[0]! && m.weights[0]! > 0, 'b weighs more than a, both positive');
    assert.ok(Math.abs(m.weights[2]!) < Math.abs(m.weights[0]!), 'the noise feature weighs little');
  });

  it('shrinks the weights as the L2 penalty grows', () => {
    const x = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 1, 0, 1, 1];
    const loose = trainLogistic(['x'], x, y, { lambda: 0.001 });
    const tight = trainLogistic(['x'], x, y, { lambda: 10 });
    assert.ok(Math.abs(tight.weights[0]!) < Math.abs(loose.weights[0]!));
  });
});

describe('suggest model: features and the learned decision', () => {
  const { catalog } = loadCatalog(join(__dirname, '..', '..', '..', 'content'));
  const engine = createSuggestEngine(catalog);
  const design = '# Seat booking\n\n2 million fans try to book 50,000 seats at once; two users must never get the same seat.\n' +
    'We hold a seat for 10 minutes and use optimistic locking with a version column.';

  it('computes one value per named feature, all finite', () => {
    const a = engine.analysis(design);
    const doc = documentFeatures(a.stats, a.facts, a.findings, a.scores);
    assert.equal(doc.length, DOCUMENT_FEATURES.length);
    for (let i = 0; i < a.scores.length; i++) {
      const p = patternFeatures(a.scores, i, a.stats);
      assert.equal(p.length, PATTERN_FEATURES.length);
      assert.ok(p.every(Number.isFinite));
    }
    assert.ok(doc.every(Number.isFinite));
    assert.ok(a.stats.headingLines >= 1 && a.stats.hitLines >= 1);
    assert.ok((a.stats.patternLines.get('contention') ?? 0) >= 1);
  });

  it('the stored model matches the feature lists it was trained on', () => {
    assert.deepEqual(SUGGEST_MODEL.relevance.features, [...PATTERN_FEATURES]);
    assert.equal(SUGGEST_MODEL.gate.features.length, DOCUMENT_FEATURES.length + PATTERN_FEATURES.length + 1);
    assert.equal(SUGGEST_MODEL.relevance.weights.length, PATTERN_FEATURES.length);
  });

  it('suggests the design doc\'s pattern with evidence, and stays quiet on an empty doc', () => {
    const d = decide(engine.analysis(design));
    assert.equal(d.picked[0]?.score.pattern, 'contention');
    assert.ok(d.picked[0]!.score.evidence.length > 0);
    assert.deepEqual(decide(engine.analysis('')).picked, []);
    const r = engine.suggest(design);
    assert.equal(r.suggestions[0]?.pattern, 'contention');
    assert.ok(r.suggestions[0]!.evidence.every((e) => e.reason.length > 0));
  });

  it('speaks on a figure past a limit that two specific keywords back, even when the learned gate would not', () => {
    const closed = { ...SUGGEST_MODEL, gateThreshold: 1.01 };
    const job = '# Nightly export\n\nThe data export takes about 3 hours, so it runs as a background job from a job queue with checkpoints.';
    assert.equal(decide(engine.analysis(job), closed).picked[0]?.score.pattern, 'long-running-tasks');
    const wordsOnly = '# Nightly export\n\nThe data export runs as a background job from a job queue with checkpoints.';
    assert.deepEqual(decide(engine.analysis(wordsOnly), closed).picked, [], 'no figure: the gate decides');
    const figureOnly = '# Backups\n\nThe backup takes about 3 hours.';
    assert.deepEqual(decide(engine.analysis(figureOnly), closed).picked, [], 'a figure without its words: the gate decides');
    const sure = { ...SUGGEST_MODEL, gateThreshold: 3.01 };
    assert.deepEqual(decide(engine.analysis(job), sure).picked, [], 'not when the gate is far below its threshold');
  });

  it('stays quiet when a longer document mentions one phrase of a pattern and no figure', () => {
    const manual = '# Retry\n\nThe tool makes one attempt by default.\nUse the retry option for flaky networks.\nSet it to 0 to turn it off.\nThe delay doubles each time.';
    assert.deepEqual(decide(engine.analysis(manual)).picked, []);
    assert.equal(decide(engine.analysis('Design a chat application for 10M users')).picked[0]?.score.pattern, 'realtime-updates', 'a one-line prompt may say one phrase');
  });
});
