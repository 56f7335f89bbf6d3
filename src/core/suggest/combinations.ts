/**
 * Combinations: when several patterns are strong, the guide's combination (or selection-guide
 * entry) whose patterns they are. A combination matches when its primary pattern and at least
 * one other are suggested; its score is the mean score of its patterns (missing ones count 0).
 * The limits are `combinations` in content/suggest/explain.json (docs/suggest.md, Combinations).
 */
import type { CombinationMatch, Suggestion } from './types';
import type { CatalogIndex } from './catalogIndex';
import { EXPLAIN } from './lexicon';
import { round } from './format';

export function matchCombinations(
  index: CatalogIndex, suggestions: readonly Suggestion[],
  limits: { readonly shown: number; readonly minMeanScore: number } = EXPLAIN.combinations,
): CombinationMatch[] {
  if (suggestions.length < 2) return [];
  const scoreOf = new Map(suggestions.map((s) => [s.pattern, s.score]));
  const out: CombinationMatch[] = [];
  for (const node of index.combinations) {
    const patterns = node.patterns ?? [];
    if (patterns.length < 2 || !scoreOf.has(patterns[0]!)) continue;
    const present = patterns.filter((p) => scoreOf.has(p));
    if (present.length < 2) continue;
    const score = round(patterns.reduce((sum, p) => sum + (scoreOf.get(p) ?? 0), 0) / patterns.length);
    if (score >= limits.minMeanScore) out.push({ id: node.id, title: node.title, patterns, score });
  }
  out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return out.slice(0, limits.shown);
}
