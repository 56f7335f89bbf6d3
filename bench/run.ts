/**
 * `npm run bench`: the engine on generated 1 MB and 10 MB design docs, median of several runs,
 * against a baseline measured in the same run (one pass that lowercases the text and splits it
 * into words). Prints ratios; never asserts timings.
 *
 * - "cold" runs use a fresh engine each time (construction not timed), so nothing of the
 *   document is cached: this is the figure compared with the baseline.
 * - "edit" re-analyses the 1 MB doc after a one-character edit, with the engine that analysed
 *   it before (what the editor does on every keystroke).
 * The generated doc repeats a few seed documents; each copy's lines get a different suffix so
 * lines do not repeat verbatim (real documents rarely do), which would flatter the line cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../src/core/catalog/model';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from '../eval/catalog';

const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike',
  'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey', 'xray', 'yankee', 'zulu',
  'amber', 'basil', 'cedar', 'dune', 'ember', 'fern', 'grove', 'heath', 'iris', 'jade', 'kelp', 'linden', 'maple', 'nettle'];

function generateDoc(targetChars: number): string {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'eval');
  const seeds = ['dev/docs/primer-twitter.md', 'dev/docs/primer-mint.md', 'heldout/docs/export-service.md', 'quiet/npm-chalk.md']
    .map((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const copy = Math.floor(i / seeds.length);
    const suffix = ` ${FILLER[copy % FILLER.length]} ${FILLER[Math.floor(copy / FILLER.length) % FILLER.length]}`;
    const lines = seeds[i % seeds.length]!.map((l) => (l.trim() === '' || l.trimStart().startsWith('```') ? l : l + suffix));
    const s = `\n## Section ${i}\n\n${lines.join('\n')}`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('').slice(0, targetChars);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of `fn` over `runs` runs; `setup` runs before each, untimed. */
function time<T>(runs: number, fn: (x: T) => unknown, setup: () => T): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const x = setup();
    const t0 = process.hrtime.bigint();
    fn(x);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

function main(): void {
  const catalog: Catalog = loadRepoCatalog();
  const fresh = () => createSuggestEngine(catalog);
  const none = () => undefined;
  const results: Record<string, number> = {};
  let sink = 0;
  for (const [label, size, runs] of [['1 MB', 1_000_000, 11], ['10 MB', 10_000_000, 5]] as const) {
    const doc = generateDoc(size);
    // Warm up both sides so neither pays for JIT compilation in the timed runs.
    for (let i = 0; i < 3; i++) {
      fresh().suggest(doc);
      sink += doc.toLowerCase().split(/[^a-z0-9]+/).length;
    }
    const baseline = time(runs, () => { sink += doc.toLowerCase().split(/[^a-z0-9]+/).length; }, none);
    const engineMs = time(runs, (e) => e.suggest(doc), fresh);
    results[label] = engineMs;
    console.log(`${label.padEnd(6)} cold engine ${engineMs.toFixed(1).padStart(7)} ms   baseline ${baseline.toFixed(1).padStart(7)} ms   ratio ${(engineMs / baseline).toFixed(2)}x  (goal <= 3x)`);
  }
  console.log(`10 MB / 1 MB: ${(results['10 MB']! / results['1 MB']!).toFixed(2)}x  (goal <= 12x, linear)`);
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
  console.log(`1 MB re-analysed after an edit: ${editMs.toFixed(1)} ms  (goal: tens of ms)${sink < 0 ? '' : ''}`);
}

main();
