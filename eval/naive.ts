/**
 * The naive baseline the eval prints beside the engine: count case-insensitive occurrences of each
 * pattern's own keywords (no stemming, structure, negation or numbers) and rank by the count.
 * Quiet when no pattern reaches `MIN_HITS`.
 */
import type { Catalog } from '../src/core/catalog/model';

const MIN_HITS = 3;

export function naiveRank(text: string, catalog: Catalog): string[] {
  const lower = text.toLowerCase();
  const counts: [string, number][] = [];
  for (const p of catalog.roots.filter((n) => n.kind === 'pattern')) {
    let n = 0;
    for (const k of p.keywords) {
      const key = k.toLowerCase();
      if (!key) continue;
      for (let i = lower.indexOf(key); i >= 0; i = lower.indexOf(key, i + key.length)) n++;
    }
    counts.push([p.id, n]);
  }
  return counts.filter(([, n]) => n >= MIN_HITS).sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
