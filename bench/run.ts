/**
 * `npm run bench`: the engine on generated 1 MB and 10 MB design docs, median of several runs,
 * against a baseline measured in the same run (one pass that lowercases the text and splits it
 * into words), plus a re-analysis of the 1 MB doc after a one-character edit. Prints ratios;
 * never asserts timings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from '../eval/catalog';

function generateDoc(targetChars: number): string {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'eval');
  const seeds = ['dev/docs/primer-twitter.md', 'dev/docs/primer-mint.md', 'heldout/docs/export-service.md', 'quiet/npm-chalk.md']
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const s = `\n## Section ${i}\n\n${seeds[i % seeds.length]!}`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('').slice(0, targetChars);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

function main(): void {
  const engine = createSuggestEngine(loadRepoCatalog());
  const results: Record<string, number> = {};
  for (const [label, size, runs] of [['1 MB', 1_000_000, 9], ['10 MB', 10_000_000, 5]] as const) {
    const doc = generateDoc(size);
    let sink = 0;
    time(2, () => engine.suggest(doc)); // warm up
    const baseline = time(runs, () => { sink += doc.toLowerCase().split(/[^a-z0-9]+/).length; });
    const engineMs = time(runs, () => engine.suggest(doc));
    results[label] = engineMs;
    console.log(`${label.padEnd(6)} engine ${engineMs.toFixed(1).padStart(7)} ms   baseline ${baseline.toFixed(1).padStart(7)} ms   ratio ${(engineMs / baseline).toFixed(2)}x  (goal <= 3x)${sink < 0 ? '' : ''}`);
  }
  console.log(`10 MB / 1 MB: ${(results['10 MB']! / results['1 MB']!).toFixed(2)}x  (goal <= 12x, linear)`);
  const doc = generateDoc(1_000_000);
  const edited = `${doc.slice(0, 500_000)}x${doc.slice(500_000)}`;
  const editMs = time(9, () => engine.suggest(edited));
  console.log(`1 MB re-analysed after an edit: ${editMs.toFixed(1)} ms  (goal: tens of ms)`);
}

main();
