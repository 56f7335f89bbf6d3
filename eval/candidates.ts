/**
 * The decision rules compared in round 7, as rank functions over one engine's analysis (eval only):
 * - `model`: the learned relevance and gate (model.ts; the shipped weights unless another model is given);
 * - `rules`: the previous hand rule (`pickPatterns` with the default threshold, support path on);
 * - `rules-gate+model-rank`: the rules decide quiet or not, the model ranks;
 * - `both-gates`: speak only when the rules and the model's gate both would (model's ranking).
 */
import { DEFAULTS, documentEvidence, pickPatterns, type ScoringEngine } from '../src/core/suggest/engine';
import { decide, SUGGEST_MODEL, type SuggestModel } from '../src/core/suggest/model';

export type Rank = (text: string) => string[];

export const CANDIDATES = ['model', 'rules', 'rules-gate+model-rank', 'both-gates'] as const;
export type Candidate = (typeof CANDIDATES)[number];

export function candidateRank(engine: ScoringEngine, name: Candidate, learned: SuggestModel = SUGGEST_MODEL): Rank {
  const rules = (text: string): string[] => {
    const a = engine.analysis(text);
    return pickPatterns(a.scores, DEFAULTS.minScore, false, documentEvidence(a.facts)).map((s) => s.pattern);
  };
  const model = (text: string): string[] => decide(engine.analysis(text), learned).picked.slice(0, 5).map((r) => r.score.pattern);
  const modelRanking = (text: string): string[] => {
    const d = decide(engine.analysis(text), learned);
    const ranked = d.ranked.map((r) => r.score.pattern);
    return d.picked.length > 0 ? d.picked.map((r) => r.score.pattern) : ranked.slice(0, 3);
  };
  switch (name) {
    case 'model': return model;
    case 'rules': return rules;
    case 'rules-gate+model-rank': return (text) => (rules(text).length > 0 ? modelRanking(text) : []);
    case 'both-gates': return (text) => (rules(text).length > 0 ? model(text) : []);
  }
}
