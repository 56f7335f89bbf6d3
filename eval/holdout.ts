/**
 * The holdout split's supplementary figures (plan HC, eval/preregistered/2026-12-06-session-17.md),
 * in summary only, never per document:
 *
 *   npx tsx eval/holdout.ts [--engine-from DIR]
 *
 * Beside the whole split (whose first score `npm run eval -- --split holdout` recorded), it scores
 * - the four repositories the plan named before its amendment added a fifth;
 * - the split less its near-duplicates within itself, by the rule the dev split uses
 *   (eval/corpus/near-duplicates.json settings: a document is left out when another holds at least
 *   `excludeAt` of its distinct shingles; of two that each hold that much of the other, the one whose
 *   id sorts later), applied here within one repository too: the split holds revised copies of one
 *   design and unfilled copies of one template.
 * `--engine-from DIR`: the engine of another checkout of this repository (its
 * `src/core/suggest/engine.ts` and `eval/catalog.ts`, e.g. a worktree at an older commit) instead of
 * this one's; the anchors and the counting are this checkout's.
 */
import { join, resolve } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest';
import { createProbe, naiveRank } from './anchors';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, type EvalDoc } from './docs';
import { figures, row, type Ranker } from './metrics';
import { overlap, readNearDuplicates, shingled } from './nearDuplicates';

/** The repository the amendment added: the figures are also given without it. */
export const AMENDMENT_REPOSITORY = 'yugabyte/yugabyte-db';

/** Ids of the documents left out as near-duplicates of another document of the same set. */
export function nearDuplicatesWithin(docs: readonly Pick<EvalDoc, 'id' | 'repo' | 'split' | 'register' | 'text'>[], shingleWords: number, excludeAt: number): Set<string> {
  const sets = [...docs].sort((a, b) => a.id.localeCompare(b.id)).map((d) => shingled(d, shingleWords));
  const out = new Set<string>();
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!, b = sets[j]!;
      let shared = 0;
      const [small, large] = a.shingles.size <= b.shingles.size ? [a.shingles, b.shingles] : [b.shingles, a.shingles];
      for (const s of small) if (large.has(s)) shared++;
      const m = overlap(shared, a.shingles.size, b.shingles.size);
      // b sorts later: left out when both reach the rule, or when only it is held by the other.
      if (m.containmentB >= excludeAt) out.add(b.id);
      else if (m.containmentA >= excludeAt) out.add(a.id);
    }
  }
  return out;
}

async function engineRanker(from: string | undefined): Promise<Ranker> {
  if (!from) {
    const engine = createSuggestEngine(loadRepoCatalog());
    return (d) => engine.suggest(d.text).suggestions.map((s) => s.pattern);
  }
  const dir = resolve(from);
  const { createSuggestEngine: create } = await import(join(dir, 'src', 'core', 'suggest', 'engine.ts')) as { createSuggestEngine: (catalog: unknown) => { suggest(text: string): { suggestions: { pattern: string }[] } } };
  const { loadRepoCatalog: load } = await import(join(dir, 'eval', 'catalog.ts')) as { loadRepoCatalog: () => unknown };
  const engine = create(load());
  return (d) => engine.suggest(d.text).suggestions.map((s) => s.pattern);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--engine-from');
  const from = i >= 0 ? process.argv[i + 1] : undefined;
  const docs = corpusDocs('holdout');
  if (docs.length === 0) throw new Error('the holdout split is not materialised (npx tsx eval/corpus/materialise.ts)');
  const engine = await engineRanker(from);
  const probe = createProbe(join(__dirname, '..', 'content'));
  const { settings } = readNearDuplicates();
  const within = nearDuplicatesWithin(docs, settings.shingleWords, settings.excludeAt);
  const sets: [string, EvalDoc[]][] = [
    ['the whole split', docs],
    [`the four repositories named before the amendment (without ${AMENDMENT_REPOSITORY})`, docs.filter((d) => d.repo !== AMENDMENT_REPOSITORY)],
    [`less ${within.size} near-duplicates within the split (a document holding ${Math.round(settings.excludeAt * 100)}% of another's ${settings.shingleWords}-word shingles)`, docs.filter((d) => !within.has(d.id))],
  ];
  const name = from ? `engine of ${from}` : 'engine';
  for (const [title, set] of sets) {
    const repos = new Set(set.map((d) => d.repo)).size;
    console.log(`\nholdout split, ${title}: ${set.length} documents from ${repos} repositories`);
    for (const [label, rank] of [[name, engine], ['naive', (d: EvalDoc) => naiveRank(d.text)], ['probe', (d: EvalDoc) => probe(d.text)]] as [string, Ranker][]) {
      console.log(row(label, figures(set, rank)));
    }
  }
}

if (require.main === module) main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
