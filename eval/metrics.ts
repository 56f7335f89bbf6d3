/** The eval's figures: top-1 and top-3 of the labelled primary pattern, and how often a no-pattern document is left alone. */
import type { EvalDoc } from './docs';

export type Ranker = (doc: EvalDoc) => readonly string[];

export interface Figures {
  readonly designs: number;
  readonly top1: number;
  readonly top3: number;
  readonly nones: number;
  readonly quiet: number;
}

/** The figures, the misses in words, and `silent`: documents needing a pattern that get no suggestion at all. */
export function figures(docs: readonly EvalDoc[], rank: Ranker): Figures & { misses: string[]; silent: number } {
  let designs = 0, top1 = 0, top3 = 0, nones = 0, quiet = 0, silent = 0;
  const misses: string[] = [];
  for (const d of docs) {
    const r = rank(d);
    if (d.primary === null) {
      nones++;
      if (r.length === 0) quiet++;
      else misses.push(`${d.id}: needs none, got [${r.slice(0, 3).join(', ')}]`);
      continue;
    }
    designs++;
    if (r.length === 0) silent++;
    const at = r.indexOf(d.primary);
    if (at === 0) top1++;
    if (at >= 0 && at < 3) top3++;
    if (at !== 0) misses.push(`${d.id}: want ${d.primary}, got [${r.slice(0, 3).join(', ')}]`);
  }
  return { designs, top1, top3, nones, quiet, misses, silent };
}

const pct = (n: number, of: number): string => (of === 0 ? '   -' : `${Math.round((100 * n) / of).toString().padStart(3)}%`);

export function row(label: string, f: Figures): string {
  return `  ${label.padEnd(10)} top-1 ${pct(f.top1, f.designs)} (${f.top1}/${f.designs})  top-3 ${pct(f.top3, f.designs)} (${f.top3}/${f.designs})  quiet ${pct(f.quiet, f.nones)} (${f.quiet}/${f.nones})`;
}
