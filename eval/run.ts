/**
 * `npm run eval`: scores the suggest engine on the labelled sets in test/fixtures/eval and prints
 * a naive keyword counter's figures from the same run beside it, one block per set.
 * `--verbose` lists the misses; `--sets dev,heldout,quiet` limits the run to some sets (use it
 * while tuning so the held-out sets stay unseen).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
import { quietRate, scoreRankings, type Labelled, type Scores } from './metrics';
import { naiveRank } from './naive';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'eval');
const RANKED_SETS = ['dev', 'heldout', 'heldout2', 'heldout3', 'heldout4', 'quiet2', 'heldout5', 'heldout6', 'heldout7', 'heldout8'];

interface LabelFile {
  docs: { file: string; primary: string; relevant: string[] }[];
  prompts: { text: string; primary: string; relevant?: string[] }[];
  /** Files (relative to the set) of documents that need no pattern. */
  quiet?: string[];
}

interface LoadedSet {
  docs: Labelled[];
  prompts: Labelled[];
  quiet: { name: string; text: string }[];
}

function loadSet(dir: string): LoadedSet {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelFile;
  return {
    docs: labels.docs.map((d) => ({ name: d.file, text: readFileSync(join(dir, d.file), 'utf8'), primary: d.primary, relevant: d.relevant })),
    prompts: labels.prompts.map((p) => ({ name: p.text.slice(0, 60), text: p.text, primary: p.primary, relevant: p.relevant ?? [p.primary] })),
    quiet: (labels.quiet ?? []).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') })),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(0).padStart(3)}%`;
const row = (label: string, s: Scores): string =>
  `  ${label.padEnd(8)} n=${String(s.n).padStart(2)}  top1 ${pct(s.top1)}  top3 ${pct(s.top3)}  recall@3 ${pct(s.recall3)}  MRR ${s.mrr.toFixed(2)}`;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const only = argValue('--sets')?.split(',');
  const wanted = (name: string): boolean => !only || only.includes(name);
  const catalog = loadRepoCatalog();
  const engine = createSuggestEngine(catalog);
  const engineRank = (text: string): string[] => engine.suggest(text).suggestions.map((s) => s.pattern);
  const naive = (text: string): string[] => naiveRank(text, catalog);

  const printQuiet = (title: string, docs: { name: string; text: string }[]): void => {
    const qe = quietRate(docs, engineRank);
    const qb = quietRate(docs, naive);
    console.log(`\n${title} (n=${docs.length}, docs that need no pattern)`);
    console.log(`  engine   stays quiet ${pct(qe.rate)}`);
    console.log(`  naive    stays quiet ${pct(qb.rate)}`);
    if (verbose) for (const m of qe.noisy) console.log(`    noisy ${m}`);
  };

  for (const setName of RANKED_SETS) {
    const dir = join(FIXTURES, setName);
    if (!wanted(setName) || !existsSync(join(dir, 'labels.json'))) continue;
    const set = loadSet(dir);
    console.log(`\n${setName}`);
    const parts: [string, Labelled[]][] = [['docs', set.docs], ['prompts', set.prompts], ['all', [...set.docs, ...set.prompts]]];
    for (const [part, items] of parts) {
      if (items.length === 0 || (part === 'all' && (set.docs.length === 0 || set.prompts.length === 0))) continue;
      const e = scoreRankings(items, engineRank);
      const b = scoreRankings(items, naive);
      console.log(`${part}:`);
      console.log(row('engine', e.scores));
      console.log(row('naive', b.scores));
      if (verbose && part !== 'all') for (const m of e.misses) console.log(`    miss ${m}`);
    }
    // Sets that split their no-pattern docs into easy (quiet/easy-*) and hard (quiet/hard-*) report both.
    const easy = set.quiet.filter((q) => q.name.includes('easy-'));
    const hard = set.quiet.filter((q) => q.name.includes('hard-'));
    if (easy.length > 0 && hard.length > 0) {
      printQuiet(`${setName} quiet, easy`, easy);
      printQuiet(`${setName} quiet, hard`, hard);
    } else if (set.quiet.length > 0) {
      printQuiet(`${setName} quiet`, set.quiet);
    }
  }

  if (wanted('quiet')) {
    const quietDir = join(FIXTURES, 'quiet');
    const quietDocs = readdirSync(quietDir).filter((f) => f.endsWith('.md')).sort()
      .map((f) => ({ name: f, text: readFileSync(join(quietDir, f), 'utf8') }));
    printQuiet('quiet', quietDocs);
  }
}

main();
