/**
 * The holdout split's supplementary figures (plan HC, eval/preregistered/2026-12-06-session-17.md),
 * in summary only, never per document:
 *
 *   npx tsx eval/holdout.ts [--engine-from DIR]
 *   npx tsx eval/holdout.ts --dir FOLDER [--engine-from DIR]
 *
 * Beside the whole split (whose first score `npm run eval -- --split holdout` recorded), it scores
 * - the four repositories the plan named before its amendment added a fifth;
 * - the split less its near-duplicates within itself, by the rule the dev split uses
 *   (eval/corpus/near-duplicates.json settings: a document is left out when another holds at least
 *   `excludeAt` of its distinct shingles; of two that each hold that much of the other, the one whose
 *   id sorts later), applied here within one repository too: the split holds near-identical pairs
 *   of designs and unfilled copies of one template.
 * `--engine-from DIR`: the engine of another checkout of this repository (its
 * `src/core/suggest/engine.ts` and `eval/catalog.ts`, e.g. a worktree at an older commit) instead of
 * this one's; the anchors and the counting are this checkout's.
 * `--dir FOLDER`: instead of the holdout split, a folder holding a `labels.json` and its documents
 * (a set of test/fixtures/eval/real/manifest.json saved with its documents, whose text is not in the
 * repository), scored the same way, in summary.
 * The explanations rated blind on the split (plan HR) are eval/holdoutRatings.ts's.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest';
import { createProbe, naiveRank } from './anchors';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, labelledSetDocs, type EvalDoc } from './docs';
import { figures, row, type Ranker } from './metrics';
import { exclusions, findNearDuplicates, readNearDuplicates, shingled, type NearDuplicateSettings } from './nearDuplicates';
import { byCodeUnits, readSplits } from './corpus/manifest';

/** The repository the amendment added: the figures are also given without it. */
export const AMENDMENT_REPOSITORY = 'yugabyte/yugabyte-db';

/**
 * Ids of the documents left out as near-duplicates of another document of the same set: the dev
 * split's rule itself (`findNearDuplicates` and `exclusions` of eval/nearDuplicates.ts), with every
 * document taken as its own repository, so that pairs within one repository count too.
 */
export function nearDuplicatesWithin(docs: readonly Pick<EvalDoc, 'id' | 'repo' | 'split' | 'register' | 'text'>[], settings: NearDuplicateSettings): Set<string> {
  const own = docs.map((d) => ({ ...shingled(d, settings.shingleWords), repo: d.id, source: 'dev' as const }));
  return new Set(exclusions(findNearDuplicates(own, [], settings)).keys());
}

/**
 * The SHA-256 of the texts scored: each document's id and text, ordered by id (code units). Recorded
 * in splits.json (`holdoutLabels.textSha256`) when the split was first scored; a materialised split
 * that differs (a file saved again, another commit) is not the one that was scored.
 */
export function textsFingerprint(docs: readonly Pick<EvalDoc, 'id' | 'text'>[]): string {
  const hash = createHash('sha256');
  for (const d of [...docs].sort((a, b) => byCodeUnits(a.id, b.id))) hash.update(`${d.id}\u0000${d.text}\u0000`);
  return hash.digest('hex');
}

/** The fingerprint of the holdout texts first scored, as splits.json records it. */
export const recordedTexts = (): string | undefined => readSplits().holdoutLabels?.textSha256;

/** A warning when the materialised holdout texts are not those first scored (`recorded`: `recordedTexts()`), else undefined. */
export function holdoutTextsWarning(docs: readonly Pick<EvalDoc, 'id' | 'text'>[], recorded: string | undefined): string | undefined {
  if (!recorded || docs.length === 0) return undefined;
  return textsFingerprint(docs) === recorded ? undefined
    : 'WARNING: the materialised holdout texts differ from those the split was first scored on (splits.json holdoutLabels.textSha256): these figures are not of the same documents';
}

type Engine = { suggest(text: string): { suggestions: readonly { pattern: string }[] } };

/** This checkout's engine, or, with `from`, the engine and catalog of another checkout. */
async function engineRanker(from: string | undefined): Promise<Ranker> {
  const engine: Engine = from ? await engineOf(resolve(from)) : createSuggestEngine(loadRepoCatalog({ strict: true }));
  return (d) => engine.suggest(d.text).suggestions.map((s) => s.pattern);
}

async function engineOf(dir: string): Promise<Engine> {
  const { createSuggestEngine: create } = await import(join(dir, 'src', 'core', 'suggest', 'engine.ts')) as { createSuggestEngine: (catalog: unknown) => Engine };
  const { loadRepoCatalog: load } = await import(join(dir, 'eval', 'catalog.ts')) as { loadRepoCatalog: () => unknown };
  return create(load());
}

async function main(): Promise<void> {
  const from = argDir('--engine-from', 'the directory of another checkout');
  const folder = argDir('--dir', 'a folder holding a labels.json and its documents');
  if (folder) {
    if (!existsSync(join(folder, 'labels.json'))) throw new Error(`${folder} holds no labels.json: save a set's entry there as labels.json, beside its documents`);
    const docs = labelledSetDocs(folder, basename(resolve(folder)), folder);
    printRows(`${folder}: ${docs.length} documents`, docs, await engineRanker(from), from);
    return;
  }
  const engine = await engineRanker(from);
  const docs = corpusDocs('holdout');
  if (docs.length === 0) throw new Error('the holdout split is not materialised (npx tsx eval/corpus/materialise.ts)');
  const warning = holdoutTextsWarning(docs, recordedTexts());
  if (warning) console.log(warning);
  const { settings } = readNearDuplicates();
  const within = nearDuplicatesWithin(docs, settings);
  const sets: [string, EvalDoc[]][] = [
    ['the whole split', docs],
    [`the four repositories named before the amendment (without ${AMENDMENT_REPOSITORY})`, docs.filter((d) => d.repo !== AMENDMENT_REPOSITORY)],
    [`less ${within.size} near-duplicates within the split (a document holding ${Math.round(settings.excludeAt * 100)}% of another's ${settings.shingleWords}-word shingles)`, docs.filter((d) => !within.has(d.id))],
  ];
  for (const [title, set] of sets) printRows(`holdout split, ${title}: ${set.length} documents from ${new Set(set.map((d) => d.repo)).size} repositories`, set, engine, from);
}

/** The engine's, the naive anchor's and the probe's rows for one set of documents. */
function printRows(title: string, docs: readonly EvalDoc[], engine: Ranker, from: string | undefined): void {
  const probe = createProbe(join(__dirname, '..', 'content'));
  console.log(`\n${title}`);
  for (const [label, rank] of [[from ? `engine of ${from}` : 'engine', engine], ['naive', (d: EvalDoc) => naiveRank(d.text)], ['probe', (d: EvalDoc) => probe(d.text)]] as [string, Ranker][]) {
    console.log(row(label, figures(docs, rank)));
  }
}

/** A flag's directory argument, or undefined when the flag is absent (also eval/holdoutRatings.ts). */
export function argDir(flag: string, what = 'a directory'): string | undefined {
  const i = process.argv.indexOf(flag);
  if (i < 0) return undefined;
  const dir = process.argv[i + 1];
  if (!dir || dir.startsWith('--')) throw new Error(`${flag} needs ${what}`);
  return dir;
}

if (require.main === module) main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
