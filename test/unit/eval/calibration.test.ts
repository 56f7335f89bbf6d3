import { strict as assert } from 'node:assert';
import { auc, calibration, calibrationReport, shownOn } from '../../../eval/calibration';
import type { EvalDoc } from '../../../eval/docs';

describe('eval calibration', () => {
  it('groups suggestions by score band and gives the share needed in each', () => {
    const shown = [
      { score: 0.1, needed: false }, { score: 0.15, needed: true },
      { score: 0.9, needed: true }, { score: 0.85, needed: true }, { score: 1, needed: false },
    ];
    const { bands, gap } = calibration(shown);
    assert.deepEqual(bands.map((b) => [b.from, b.count]), [[0, 2], [0.8, 3]]);
    assert.equal(bands[0]!.neededShare, 0.5);
    assert.ok(Math.abs(bands[1]!.meanScore - 0.9166667) < 1e-6);
    assert.ok(Math.abs(bands[1]!.neededShare - 2 / 3) < 1e-9);
    // Weighted by count: (2 × |0.125 − 0.5| + 3 × |0.9167 − 0.6667|) / 5.
    assert.ok(Math.abs(gap - (2 * 0.375 + 3 * 0.25) / 5) < 1e-6);
    // Signed: the low band is too modest (0.125 < 0.5), the high one too confident (0.917 > 0.667).
    const { signedGap } = calibration(shown);
    assert.ok(Math.abs(signedGap - (2 * -0.375 + 3 * 0.25) / 5) < 1e-6);
  });

  it('calls a suggestion needed when it is the primary or a relevant pattern', () => {
    const doc = { primary: 'contention', relevant: ['contention', 'scaling-writes'] } as unknown as EvalDoc;
    const got = shownOn(doc, [{ pattern: 'contention', score: 0.9 }, { pattern: 'scaling-writes', score: 0.5 }, { pattern: 'large-blobs', score: 0.3 }]);
    assert.deepEqual(got.map((s) => s.needed), [true, true, false]);
    const none = { primary: null, relevant: [] } as unknown as EvalDoc;
    assert.deepEqual(shownOn(none, [{ pattern: 'contention', score: 0.9 }]).map((s) => s.needed), [false]);
  });

  it('reports a perfectly calibrated sample as a zero gap, and an empty one without dividing by zero', () => {
    const shown = [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7].map((score, i) => ({ score, needed: i < 7 }));
    assert.ok(calibration(shown).gap < 1e-9);
    assert.deepEqual(calibration([]), { bands: [], gap: 0, signedGap: 0 });
    assert.match(calibrationReport('dev', shown), /score 0\.6–0\.8 +10 shown +mean score +70% +needed +70%/);
    const tooSure = [0.9, 0.9, 0.9, 0.9].map((score, i) => ({ score, needed: i < 2 }));
    assert.match(calibrationReport('dev', tooSure), /gap between score and share needed: 40 points .*signed: \+40 \(too confident overall\)/);
    assert.match(calibrationReport('dev', shown), /signed: 0 \(about right overall\)/);
    assert.match(calibrationReport('dev', [0.1, 0.1].map((score) => ({ score, needed: true }))), /signed: −90 \(too modest overall\)/);
  });
});

describe('eval/calibration: auc', () => {
  it('is 1 for a perfect separation, 0 for a reversed one, 0.5 when all tie, and counts ties half', () => {
    assert.equal(auc([0.9, 0.8], [0.1, 0.2]), 1);
    assert.equal(auc([0.1], [0.9, 0.8]), 0);
    assert.equal(auc([0.5, 0.5], [0.5]), 0.5);
    // Pairs: (0.7 > 0.2) 1, (0.7 > 0.5) 1, (0.5 = 0.5) 0.5, (0.5 > 0.2) 1: 3.5 of 4.
    assert.equal(auc([0.7, 0.5], [0.2, 0.5]), 3.5 / 4);
    assert.ok(Number.isNaN(auc([], [0.1])));
  });

  it('agrees with counting every pair on random scores', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pos = Array.from({ length: 40 }, () => Math.round(random() * 20) / 20);
    const neg = Array.from({ length: 60 }, () => Math.round(random() * 20) / 20);
    let pairs = 0;
    for (const p of pos) for (const n of neg) pairs += p > n ? 1 : p === n ? 0.5 : 0;
    assert.ok(Math.abs(auc(pos, neg) - pairs / (pos.length * neg.length)) < 1e-12);
  });
});
