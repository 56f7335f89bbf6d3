/**
 * `npm run bench`: the engine on generated 1 MB and 10 MB design docs, median of several runs,
 * against a baseline measured in the same run (one pass that lowercases the text and splits it
 * into words). Prints ratios; never asserts timings.
 *
 * - "cold" runs use a fresh engine each time (construction not timed): this is the figure
 *   compared with the baseline. 100 KB (a typical design doc) is timed on its own against a goal
 *   of 30 ms. Only the catalog index, the stem cache and the shipped
 *   text model (built on first use) outlive a run.
 * - "with a guidance comment" is the 1 MB doc with a template's comment under every heading: a
 *   document holding comments is parsed twice (once to find code, then without its comments).
 * - "edit" re-analyses the 1 MB doc after a one-character edit, with the engine that analysed
 *   it before (what the editor does on every keystroke). The engine keeps nothing of a
 *   document between analyses, so this is a full analysis with warm caches.
 * The generated doc repeats a few seed documents; each copy's lines get a different suffix so
 * lines do not repeat verbatim (real documents rarely do).
 *
 * What is timed is the engine as the extension ships it: src/core/suggest bundled and minified by
 * esbuild (node20, cjs, like scripts/build.mjs in production), loaded from a temporary file. Code
 * run through tsx carries its transpiler's wrappers and runs measurably slower. `--source` times
 * the TypeScript sources through tsx instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { Catalog } from '../src/core/catalog/model';
import * as source from '../src/core/suggest';
import { loadRepoCatalog } from '../eval/catalog';
import { generateDoc } from './doc';

/** Untimed runs of each side before timing, so that neither pays for JIT compilation. */
const WARMUP_RUNS = 10;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median and minimum wall time of `fn` over `runs` runs; `setup` runs before each, untimed. */
function timeRuns<T>(runs: number, fn: (x: T) => unknown, setup: () => T): { median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = setup();
    const t0 = process.hrtime.bigint();
    fn(x);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { median: median(times), min: Math.min(...times) };
}

function time<T>(runs: number, fn: (x: T) => unknown, setup: () => T): number {
  return timeRuns(runs, fn, setup).median;
}

/** The engine module to time: the shipped bundle, or the sources with `--source`. */
function loadEngine(): { module: typeof source; label: string } {
  if (process.argv.includes('--source')) return { module: source, label: 'TypeScript sources through tsx' };
  const dir = mkdtempSync(join(tmpdir(), 'sdp-bench-'));
  const outfile = join(dir, 'suggest.cjs');
  try {
    buildSync({
      entryPoints: [join(__dirname, '..', 'src', 'core', 'suggest', 'index.ts')], bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', minify: true, outfile, logLevel: 'warning',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { module: require(outfile) as typeof source, label: 'esbuild bundle of src/core/suggest, minified (as shipped)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const catalog: Catalog = loadRepoCatalog();
  const { module: engineModule, label: engineLabel } = loadEngine();
  console.log(`engine: ${engineLabel}; baseline: text.toLowerCase().split(/[^a-z0-9]+/), warmed, same run`);
  const fresh = () => engineModule.createSuggestEngine(catalog);
  const none = () => undefined;
  const results: Record<string, number> = {};
  let sink = 0;
  const small = generateDoc(100_000);
  for (let i = 0; i < WARMUP_RUNS; i++) fresh().suggest(small);
  const smallRun = timeRuns(31, (e) => e.suggest(small), fresh);
  console.log(`100 KB cold engine ${smallRun.median.toFixed(1)} ms median, ${smallRun.min.toFixed(1)} ms best  (goal < 30 ms: a typical design doc)`);
  for (const [label, size, runs] of [['1 MB', 1_000_000, 21], ['10 MB', 10_000_000, 7]] as const) {
    const doc = generateDoc(size);
    // Warm up both sides so neither pays for JIT compilation in the timed runs.
    for (let i = 0; i < WARMUP_RUNS; i++) {
      fresh().suggest(doc);
      sink += doc.toLowerCase().split(/[^a-z0-9]+/).length;
    }
    const base = timeRuns(runs, () => { sink += doc.toLowerCase().split(/[^a-z0-9]+/).length; }, none);
    const eng = timeRuns(runs, (e) => e.suggest(doc), fresh);
    const engineMs = eng.median;
    const baseline = base.median;
    results[label] = engineMs;
    // On a busy machine the medians wander; the ratio of the minimums (each side's least disturbed run) is the steadier figure.
    console.log(`${label.padEnd(6)} cold engine ${engineMs.toFixed(1).padStart(7)} ms   baseline ${baseline.toFixed(1).padStart(7)} ms   ratio ${(engineMs / baseline).toFixed(2)}x` +
      `  (min ${eng.min.toFixed(1)} / ${base.min.toFixed(1)} ms = ${(eng.min / base.min).toFixed(2)}x)  (goal <= 3x)`);
  }
  console.log(`10 MB / 1 MB: ${(results['10 MB']! / results['1 MB']!).toFixed(2)}x  (goal <= 12x, linear)`);
  // HTML comments cost a second block parse (htmlComments.ts finds code before blanking them).
  const commented = generateDoc(1_000_000, true);
  for (let i = 0; i < WARMUP_RUNS; i++) fresh().suggest(commented);
  const commentedBase = timeRuns(21, () => { sink += commented.toLowerCase().split(/[^a-z0-9]+/).length; }, none);
  const commentedRun = timeRuns(21, (e) => e.suggest(commented), fresh);
  console.log(`1 MB with a guidance comment in every section: cold engine ${commentedRun.median.toFixed(1)} ms   baseline ${commentedBase.median.toFixed(1)} ms   ratio ${(commentedRun.median / commentedBase.median).toFixed(2)}x` +
    `  (min ${commentedRun.min.toFixed(1)} / ${commentedBase.min.toFixed(1)} ms = ${(commentedRun.min / commentedBase.min).toFixed(2)}x)`);
  const doc = generateDoc(1_000_000);
  const engine = fresh();
  engine.suggest(doc);
  let current = doc;
  let k = 0;
  // Typing: each run inserts one more character after the previous one; the engine saw the previous version.
  const editMs = time(11, (edited) => engine.suggest(edited), () => {
    const at = 500_000 + k++;
    current = `${current.slice(0, at)}x${current.slice(at)}`;
    return current;
  });
  console.log(`1 MB re-analysed after an edit: ${editMs.toFixed(1)} ms, a full analysis (the engine keeps nothing between analyses)  (goal: tens of ms)${sink < 0 ? '' : ''}`);
}

main();
