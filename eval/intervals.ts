/**
 * Bootstrap intervals for the eval's figures. Documents of one repository share a template, a
 * vocabulary and often a labeller's habits, so they are not independent: an interval that
 * resamples documents one by one is too narrow. `repositoryIntervals` resamples whole repositories
 * (a cluster bootstrap), which is what a blind set drawn from other repositories varies by.
 */
import type { EvalDoc } from './docs';
import { figures, type Ranker } from './metrics';

/** A seeded generator (mulberry32): the same seed gives the same sequence, so an interval is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indices of the 2.5th and 97.5th percentiles of `count` sorted values, as the bootstrap reads them. */
export function percentileIndices(count: number): [number, number] {
  return [Math.floor(0.025 * count), Math.ceil(0.975 * count) - 1];
}

export const RESAMPLES = 2000;
export const SEED = 20261206;
/** Fewer repositories than this get no interval by repository. */
export const MIN_REPOSITORIES = 5;

/**
 * The 95% percentile bootstrap interval of each statistic, resampling `units` with replacement
 * (the same resample feeds every statistic, so a difference between two of them is paired).
 * Statistics that are undefined on a resample (NaN, say a share of nothing) are left out of theirs.
 */
export function bootstrapIntervals<T>(
  units: readonly T[], statistics: readonly ((sample: readonly T[]) => number)[], resamples = RESAMPLES, seed = SEED,
): [number, number][] {
  const random = seededRandom(seed);
  const values = statistics.map((): number[] => []);
  for (let r = 0; r < resamples; r++) {
    const sample = units.map(() => units[Math.floor(random() * units.length)]!);
    statistics.forEach((s, i) => {
      const v = s(sample);
      if (!Number.isNaN(v)) values[i]!.push(v);
    });
  }
  return values.map((v) => {
    if (v.length === 0) return [Number.NaN, Number.NaN];
    v.sort((a, b) => a - b);
    const [lo, hi] = percentileIndices(v.length);
    return [v[lo]!, v[hi]!];
  });
}

/** The same, resampling whole repositories: each statistic reads the documents of the drawn repositories, a repository drawn twice counting twice. */
export function repositoryIntervals<D>(
  docs: readonly D[], repoOf: (d: D) => string, statistics: readonly ((sample: readonly D[]) => number)[], resamples = RESAMPLES, seed = SEED,
): [number, number][] {
  const groups = new Map<string, D[]>();
  for (const d of docs) {
    const g = groups.get(repoOf(d));
    if (g) g.push(d);
    else groups.set(repoOf(d), [d]);
  }
  return bootstrapIntervals([...groups.values()], statistics.map((s) => (sample: readonly D[][]) => s(sample.flat())), resamples, seed);
}

/**
 * The line `npm run eval` prints under a split's figures: the engine's top-1, top-3 and quiet with
 * their 95% intervals by repository, and its top-1 less the naive anchor's on the same resamples
 * (the issue asks for at least 10 points). With fewer than MIN_REPOSITORIES repositories it says
 * so instead: resampling two repositories gives an interval in name only.
 */
export function repositoryIntervalLine(docs: readonly EvalDoc[], engine: Ranker, naive: Ranker): string {
  const repos = new Set(docs.map((d) => d.repo)).size;
  if (repos < MIN_REPOSITORIES) return `    no interval by repository: ${repos} repositories (at least ${MIN_REPOSITORIES} are needed)`;
  const share = (n: number, of: number): number => (of === 0 ? Number.NaN : n / of);
  const [top1, top3, quiet, gap] = repositoryIntervals(docs, (d) => d.repo, [
    (s) => { const f = figures(s, engine); return share(f.top1, f.designs); },
    (s) => { const f = figures(s, engine); return share(f.top3, f.designs); },
    (s) => { const f = figures(s, engine); return share(f.quiet, f.nones); },
    (s) => { const e = figures(s, engine), n = figures(s, naive); return share(e.top1 - n.top1, e.designs); },
  ]);
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  const range = ([lo, hi]: [number, number]): string => (Number.isNaN(lo) ? 'none' : `${pct(lo)} to ${pct(hi)}`);
  const points = ([lo, hi]: [number, number]): string => (Number.isNaN(lo) ? 'none' : `${Math.round(100 * lo)} to ${Math.round(100 * hi)} points`);
  return `    95% intervals by repository (${RESAMPLES} resamples of the ${repos} repositories): engine top-1 ${range(top1!)}, top-3 ${range(top3!)}, quiet ${range(quiet!)}; engine top-1 less naive ${points(gap!)}`;
}
