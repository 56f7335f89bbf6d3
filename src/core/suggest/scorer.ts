/**
 * Stage 5: the one learned scorer. A logistic model over the named features of `features.ts`:
 * each feature is standardised with the mean and spread it had in training, weighted, summed with
 * the pattern's own bias, and squashed to 0..1. That probability ranks the patterns, is compared
 * with the threshold to decide what is suggested, and is the score the user sees. The weights are
 * generated data (`content/suggest/weights.generated.json`, written by `npm run train`).
 */
import weightsJson from '../../../content/suggest/weights.generated.json';
import { FEATURE_NAMES, type FeatureName, type PatternFeatures } from './features';

export interface ScorerWeights {
  readonly threshold: number;
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
