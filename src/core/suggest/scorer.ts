/**
 * Stage 5: the one learned scorer. A logistic model over the named features of `features.ts`:
 * each feature is standardised with the mean and spread it had in training, weighted, summed with
 * the pattern's own bias, and squashed to 0..1. That probability ranks the patterns, decides what is
 * suggested (`selectSuggestions`), and is the score the user sees. The weights are
 * generated data (`content/suggest/weights.generated.json`, written by `npm run train`).
 */
import weightsJson from '../../../content/suggest/weights.generated.json';
import { FEATURE_NAMES, type FeatureName, type PatternFeatures } from './features';

export interface ScorerWeights {
  /** The score the best pattern needs for the document to get any suggestion. */
  readonly threshold: number;
  /**
   * Once the best pattern passes the threshold, the others are listed while they score at least
   * this share of it: the document is a design that needs a pattern, and the runners-up are worth
   * a look even when the scorer is less sure of them. Chosen on the dev split by `npm run train`.
   */
  readonly alsoListedRatio: number;
  readonly bias: number;
  readonly patternBias: Readonly<Record<string, number>>;
  readonly features: Readonly<Record<string, { readonly mean: number; readonly scale: number; readonly weight: number }>>;
}

export const TRAINED_WEIGHTS = weightsJson as unknown as ScorerWeights;

export interface PatternScore {
  readonly pattern: string;
  readonly score: number;
  /** Each feature's share of the logit (weight times standardised value), for explanations and debugging. */
  readonly terms: Readonly<Record<FeatureName, number>>;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The standardised feature vector of one pattern, in `FEATURE_NAMES` order. */
export function standardise(f: PatternFeatures, weights: ScorerWeights): number[] {
  return FEATURE_NAMES.map((name) => {
    const w = weights.features[name];
    return w ? (f.values[name] - w.mean) / (w.scale || 1) : 0;
  });
}

export function scorePatterns(features: readonly PatternFeatures[], weights: ScorerWeights = TRAINED_WEIGHTS): PatternScore[] {
  return features.map((f) => {
    const x = standardise(f, weights);
    const terms = {} as Record<FeatureName, number>;
    let z = weights.bias + (weights.patternBias[f.pattern] ?? 0);
    FEATURE_NAMES.forEach((name, i) => {
      const t = (weights.features[name]?.weight ?? 0) * x[i]!;
      terms[name] = t;
      z += t;
    });
    return { pattern: f.pattern, score: sigmoid(z), terms };
  });
}

/**
 * What is suggested, from scores sorted best first: nothing when the best is below `minScore`;
 * otherwise every pattern at or above `minScore`, then runners-up scoring at least
 * `minScore × alsoListedRatio` until the list holds `upTo` patterns. Patterns the user set aside
 * (`excluded`) are left out first: the rest is judged as if they were not there.
 */
export function selectSuggestions<T extends { readonly score: number }>(
  all: readonly T[], minScore: number, alsoListedRatio: number, upTo: number, excluded: (s: T) => boolean = () => false,
): T[] {
  const ranked = all.filter((s) => !excluded(s));
  if (ranked.length === 0 || ranked[0]!.score < minScore) return [];
  const sure = ranked.filter((s) => s.score >= minScore);
  const floor = minScore * alsoListedRatio;
  const runnersUp = ranked.filter((s) => s.score < minScore && s.score >= floor).slice(0, Math.max(0, upTo - sure.length));
  return [...sure, ...runnersUp];
}
