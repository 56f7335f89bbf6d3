/**
 * Whether the score shown means what it says. The scorer is trained so that a suggestion's score is
 * the probability that the document needs the pattern (primary or relevant): of the patterns shown at
 * about 80%, about 8 in 10 should be needed. This table groups every suggestion shown on a set of
 * labelled documents by its score and gives the share the labels say is needed. A share far below a
 * band's mean score means the percentages the user reads are too confident. It is printed for each
 * register apart: pooled, a well-calibrated register hides an over-confident one. The dev split also
 * chose the scorer's penalty and threshold (eval/train.ts), so on dev this is not a held-out figure.
 */
import type { EvalDoc } from './docs';

/** One suggestion shown on a labelled document: its score, and whether the labels say the document needs it. */
export interface Shown { readonly score: number; readonly needed: boolean }

const BANDS = [0, 0.2, 0.4, 0.6, 0.8] as const;

export interface Band { readonly from: number; readonly to: number; readonly count: number; readonly meanScore: number; readonly neededShare: number }

/**
 * `gap`: the mean distance between a band's mean score and its share needed, weighted by how many
 * suggestions the band holds. `signedGap`: the same without the absolute value, so positive when the
 * scores are too confident overall (it equals the mean score less the share needed).
 */
export function calibration(shown: readonly Shown[]): { bands: Band[]; gap: number; signedGap: number } {
  const bands: Band[] = [];
  let gapSum = 0;
  let signedSum = 0;
  BANDS.forEach((from, i) => {
    const next = BANDS[i + 1];
    // The last band is closed: a score of exactly 1 belongs to it.
    const inBand = shown.filter((s) => s.score >= from && (next === undefined || s.score < next));
    const to = next ?? 1;
    if (inBand.length === 0) return;
    const meanScore = inBand.reduce((t, s) => t + s.score, 0) / inBand.length;
    const neededShare = inBand.filter((s) => s.needed).length / inBand.length;
    gapSum += inBand.length * Math.abs(meanScore - neededShare);
    signedSum += inBand.length * (meanScore - neededShare);
    bands.push({ from, to, count: inBand.length, meanScore, neededShare });
  });
  return { bands, gap: shown.length > 0 ? gapSum / shown.length : 0, signedGap: shown.length > 0 ? signedSum / shown.length : 0 };
}

export function shownOn(doc: EvalDoc, suggestions: readonly { pattern: string; score: number }[]): Shown[] {
  return suggestions.map((s) => ({ score: s.score, needed: s.pattern === doc.primary || doc.relevant.includes(s.pattern) }));
}

export function calibrationReport(title: string, shown: readonly Shown[]): string {
  const { bands, gap, signedGap } = calibration(shown);
  const pct = (x: number): string => `${Math.round(100 * x)}%`.padStart(4);
  return [
    `${title}: of the suggestions shown at a score, the share the labels say the document needs`,
    ...bands.map((b) => `  score ${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.count).padStart(4)} shown  mean score ${pct(b.meanScore)}  needed ${pct(b.neededShare)}`),
    `  weighted mean gap between score and share needed: ${Math.round(100 * gap)} points (0 would be perfectly calibrated); signed: ${signed(signedGap)}`,
  ].join('\n');
}

/** The signed gap in points: "+6 (too confident overall)", "−3 (too modest overall)", "0 (about right overall)". */
function signed(gap: number): string {
  const points = Math.round(100 * gap);
  if (points === 0) return '0 (about right overall)';
  return points > 0 ? `+${points} (too confident overall)` : `−${-points} (too modest overall)`;
}

/**
 * The area under the ROC curve: the chance that a random positive scores above a random negative
 * (ties count half). 0.5 is chance, 1 a perfect separation. Used for the best pattern's score of
 * documents that need a pattern against those that need none: how well one threshold can tell them apart.
 */
export function auc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  const neg = [...negatives].sort((a, b) => a - b);
  let sum = 0;
  for (const p of positives) {
    // Negatives below p, and equal to p, by binary search.
    let lo = 0, hi = neg.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (neg[mid]! < p) lo = mid + 1; else hi = mid; }
    let eq = lo;
    while (eq < neg.length && neg[eq] === p) eq++;
    sum += lo + (eq - lo) / 2;
  }
  return sum / (positives.length * neg.length);
}
