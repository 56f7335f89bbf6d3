/**
 * `npm run eval`: scores the suggest engine on the labelled sets in test/fixtures/eval and prints
 * a naive keyword counter's figures from the same run beside it. `--verbose` lists the misses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
import { quietRate, scoreRankings, type Labelled, type Scores } from './metrics';
import { naiveRank } from './naive';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'eval');

interface LabelFile {
  docs: { file: string; primary: string; relevant: string[] }[];
  prompts: { text: string; primary: string; relevant?: string[] }[];
}

function loadSet(dir: string): { docs: Labelled[]; prompts: Labelled[] } {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelFile;
  return {
    docs: labels.docs.map((d) => ({ name: d.file, text: readFileSync(join(dir, d.file), 'utf8'), primary: d.primary, relevant: d.relevant })),
    prompts: labels.prompts.map((p) => ({ name: p.text.slice(0, 60), text: p.text, primary: p.primary, relevant: p.relevant ?? [p.primary] })),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(0).padStart(3)}%`;
const row = (label: string, s: Scores): string =>
  `  ${label.padEnd(8)} n=${String(s.n).padStart(2)}  top1 ${pct(s.top1)}  top3 ${pct(s.top3)}  recall@3 ${pct(s.recall3)}  MRR ${s.mrr.toFixed(2)}`;

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const catalog = loadRepoCatalog();
  const engine = createSuggestEngine(catalog);
  const engineRank = (text: string): string[] => engine.suggest(text).suggestions.map((s) => s.pattern);
  const naive = (text: string): string[] => naiveRank(text, catalog);

  for (const setName of ['dev', 'heldout']) {
    const set = loadSet(join(FIXTURES, setName));
    console.log(`\n${setName}`);
    for (const [part, items] of [['docs', set.docs], ['prompts', set.prompts], ['all', [...set.docs, ...set.prompts]]] as const) {
      const e = scoreRankings(items, engineRank);
      const b = scoreRankings(items, naive);
      console.log(`${part}:`);
      console.log(row('engine', e.scores));
      console.log(row('naive', b.scores));
      if (verbose && part !== 'all') for (const m of e.misses) console.log(`    miss ${m}`);
    }
  }

  const quietDir = join(FIXTURES, 'quiet');
  const quietDocs = readdirSync(quietDir).filter((f) => f.endsWith('.md')).sort()
    .map((f) => ({ name: f, text: readFileSync(join(quietDir, f), 'utf8') }));
  const qe = quietRate(quietDocs, engineRank);
  const qb = quietRate(quietDocs, naive);
  console.log(`\nquiet (n=${quietDocs.length}, docs that need no pattern)`);
  console.log(`  engine   stays quiet ${pct(qe.rate)}`);
  console.log(`  naive    stays quiet ${pct(qb.rate)}`);
  if (verbose) for (const m of qe.noisy) console.log(`    noisy ${m}`);
}

main();
