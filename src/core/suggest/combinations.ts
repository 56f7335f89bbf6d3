/**
 * Combinations: when several patterns are strong, the guide's combination (or selection-guide
 * entry) whose patterns they are. A combination matches when its primary pattern and at least
 * one other are suggested; its score is the mean score of its patterns (missing ones count 0).
 */
import type { CombinationMatch, Suggestion } from './types';
import type { CatalogIndex } from './catalogIndex';
import { round } from './format';

const MAX_COMBINATIONS = 3;
const MIN_SCORE = 0.4;

export function matchCombinations(index: CatalogIndex, suggestions: readonly Suggestion[]): CombinationMatch[] {
  if (suggestions.length < 2) return [];
  const scoreOf = new Map(suggestions.map((s) => [s.pattern, s.score]));
  const out: CombinationMatch[] = [];
  for (const node of index.combinations) {
    const patterns = node.patterns ?? [];
    if (patterns.length < 2 || !scoreOf.has(patterns[0]!)) continue;
    const present = patterns.filter((p) => scoreOf.has(p));
    if (present.length < 2) continue;
    const score = round(patterns.reduce((sum, p) => sum + (scoreOf.get(p) ?? 0), 0) / patterns.length);
    if (score >= MIN_SCORE) out.push({ id: node.id, title: node.title, patterns, score });
  }
  out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return out.slice(0, MAX_COMBINATIONS);
}
