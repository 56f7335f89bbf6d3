/**
 * The holdout split's supplementary figures (plan HC, eval/preregistered/2026-12-06-session-17.md),
 * in summary only, never per document:
 *
 *   npx tsx eval/holdout.ts [--engine-from DIR]
 *   npx tsx eval/holdout.ts --ratings
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
 * `--ratings`: the engine's explanations on the holdout split against the blind ratings of plan HR
 * (eval/holdout-ratings.json): what it shows now that was rated, and what nobody rated, counted apart.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSuggestEngine, type SuggestResult } from '../src/core/suggest';
import { createProbe, naiveRank } from './anchors';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, type EvalDoc } from './docs';
import { figures, row, type Ranker } from './metrics';
import { exclusions, findNearDuplicates, readNearDuplicates, shingled, type NearDuplicateSettings } from './nearDuplicates';
import { readSplits } from './corpus/manifest';

export const HOLDOUT_RATINGS_FILE = join(__dirname, 'holdout-ratings.json');

export interface HoldoutRatings {
  readonly about: string;
  readonly evidence: readonly { doc: string; pattern: string; line: number; text: string; real: boolean }[];
  readonly questions: readonly { doc: string; question: string; verdict: 'useful' | 'answered' | 'not-needed' }[];
}

interface Tally { shown: number; rated: number; real: number }
const tally = (): Tally => ({ shown: 0, rated: 0, real: 0 });

/**
 * What the engine shows now on the rated documents, against the ratings: evidence items (all,
 * keyword lines, by the suggestion's score band, and by how the document's labels stand to the
 * pattern) and questions. An item shown now that nobody rated is counted as shown, not as rated.
 */
export function tallyRatings(ratings: HoldoutRatings, docs: readonly Pick<EvalDoc, 'id' | 'text' | 'primary' | 'relevant'>[], suggest: (text: string) => SuggestResult) {
  const lines = new Map(ratings.evidence.map((e) => [`${e.doc}\u0000${e.pattern}\u0000${e.line}\u0000${e.text}`, e.real]));
  const questions = new Map(ratings.questions.map((q) => [`${q.doc}\u0000${q.question}`, q.verdict]));
  const rated = new Set([...ratings.evidence, ...ratings.questions].map((x) => x.doc));
  const groups = { all: tally(), keyword: tally(), figures: tally(), from07: tally(), from05to07: tally(), below05: tally(), primary: tally(), relevant: tally(), neither: tally() };
  const verdicts = { shown: 0, rated: 0, useful: 0, answered: 0, 'not-needed': 0 };
  let missing = 0;
  for (const id of rated) {
    const doc = docs.find((d) => d.id === id);
    if (!doc) { missing++; continue; }
    const result = suggest(doc.text);
    for (const s of result.suggestions) {
      const relation = doc.primary === s.pattern ? 'primary' : doc.relevant.includes(s.pattern) ? 'relevant' : 'neither';
      const band = s.score >= 0.7 ? 'from07' : s.score >= 0.5 ? 'from05to07' : 'below05';
      for (const e of s.evidence) {
        const real = lines.get(`${id}\u0000${s.pattern}\u0000${e.line}\u0000${e.text}`);
        for (const g of [groups.all, e.kind === 'keyword' ? groups.keyword : groups.figures, groups[band], groups[relation]]) {
          g.shown++;
          if (real !== undefined) { g.rated++; if (real) g.real++; }
        }
      }
    }
    for (const q of result.openQuestions) {
      verdicts.shown++;
      const v = questions.get(`${id}\u0000${q.id}`);
      if (v) { verdicts.rated++; verdicts[v]++; }
    }
  }
  return { groups, verdicts, missing };
}

function ratingsReport(docs: readonly EvalDoc[]): void {
  if (!existsSync(HOLDOUT_RATINGS_FILE)) throw new Error(`no ${HOLDOUT_RATINGS_FILE}`);
  const ratings = JSON.parse(readFileSync(HOLDOUT_RATINGS_FILE, 'utf8')) as HoldoutRatings;
  const engine = createSuggestEngine(loadRepoCatalog());
  const { groups, verdicts, missing } = tallyRatings(ratings, docs, (text) => engine.suggest(text));
  const pct = (n: number, of: number): string => (of ? `${Math.round((100 * n) / of)}%` : '-');
  const line = (title: string, t: Tally): string => `  ${title}: ${t.real} of ${t.rated} rated real (${pct(t.real, t.rated)})${t.shown > t.rated ? `; ${t.shown - t.rated} shown now but unrated (counting those as not real: ${pct(t.real, t.shown)})` : ''}`;
  console.log(`holdout split, explanations rated blind (plan HR)${missing ? `; ${missing} rated documents not materialised here` : ''}:`);
  console.log(line('evidence items', groups.all));
  console.log(line('keyword lines', groups.keyword));
  console.log(line('figures past a limit', groups.figures));
  console.log(line('suggestions scored 0.7 or more', groups.from07));
  console.log(line('suggestions scored 0.5 to 0.7', groups.from05to07));
  console.log(line('suggestions scored below 0.5 (figures only)', groups.below05));
  console.log(line('the labels\' primary pattern', groups.primary));
  console.log(line('a relevant pattern, not the primary', groups.relevant));
  console.log(line('a pattern the labels do not name', groups.neither));
  console.log(`  open questions: ${verdicts.useful} of ${verdicts.rated} rated useful (${pct(verdicts.useful, verdicts.rated)}), ${verdicts.answered} answered by the document, ${verdicts['not-needed']} not needed${verdicts.shown > verdicts.rated ? `; ${verdicts.shown - verdicts.rated} shown now but unrated` : ''}`);
}

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
  for (const d of [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`${d.id}\u0000${d.text}\u0000`);
  return hash.digest('hex');
}

/** The fingerprint of the holdout texts first scored, as splits.json records it. */
export const recordedTexts = (): string | undefined => readSplits().holdoutLabels?.textSha256;

/** A warning when the materialised holdout texts are not those first scored, else undefined. */
/** `recorded`: splits.json's `holdoutLabels.textSha256` (`recordedTexts()`). */
export function holdoutTextsWarning(docs: readonly Pick<EvalDoc, 'id' | 'text'>[], recorded: string | undefined): string | undefined {
  if (!recorded || docs.length === 0) return undefined;
  return textsFingerprint(docs) === recorded ? undefined
    : 'WARNING: the materialised holdout texts differ from those the split was first scored on (splits.json holdoutLabels.textSha256): these figures are not of the same documents';
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
  if (i >= 0 && (!from || from.startsWith('--'))) throw new Error('--engine-from needs the directory of another checkout');
  const docs = corpusDocs('holdout');
  if (docs.length === 0) throw new Error('the holdout split is not materialised (npx tsx eval/corpus/materialise.ts)');
  const warning = holdoutTextsWarning(docs, recordedTexts());
  if (warning) console.log(warning);
  if (process.argv.includes('--ratings')) { ratingsReport(docs); return; }
  const engine = await engineRanker(from);
  const probe = createProbe(join(__dirname, '..', 'content'));
  const { settings } = readNearDuplicates();
  const within = nearDuplicatesWithin(docs, settings);
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
