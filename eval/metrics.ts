/** Ranking metrics for the eval. */

export interface Labelled {
  readonly name: string;
  readonly text: string;
  readonly primary: string;
  readonly relevant: readonly string[];
  /** Set by label files that mark how sure the labeller was ("clear" or "arguable"). */
  readonly confidence?: string;
}

export interface Scores {
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
  readonly recall3: number;
  readonly mrr: number;
}

export function scoreRankings(items: readonly Labelled[], rank: (text: string) => readonly string[]): { scores: Scores; misses: string[] } {
  let top1 = 0, top3 = 0, recall = 0, mrr = 0;
  const misses: string[] = [];
  for (const item of items) {
    const r = rank(item.text);
    const pos = r.indexOf(item.primary);
    if (pos === 0) top1++;
    if (pos >= 0 && pos < 3) top3++;
    if (pos >= 0) mrr += 1 / (pos + 1);
    const first3 = new Set(r.slice(0, 3));
    recall += item.relevant.filter((p) => first3.has(p)).length / item.relevant.length;
    if (pos !== 0) misses.push(`${item.name}: want ${item.primary}, got [${r.slice(0, 3).join(', ')}]`);
  }
  const n = items.length || 1;
  return { scores: { n: items.length, top1: top1 / n, top3: top3 / n, recall3: recall / n, mrr: mrr / n }, misses };
}

export function quietRate(texts: readonly { name: string; text: string }[], rank: (text: string) => readonly string[]): { rate: number; noisy: string[] } {
  const noisy: string[] = [];
  for (const t of texts) {
    const r = rank(t.text);
    if (r.length > 0) noisy.push(`${t.name}: [${r.slice(0, 3).join(', ')}]`);
  }
  return { rate: texts.length ? (texts.length - noisy.length) / texts.length : 1, noisy };
}
