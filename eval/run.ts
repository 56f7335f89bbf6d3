/**
 * `npm run eval`: the suggest engine against the two anchors (eval/anchors.ts), on
 * - the fixture sets (test/fixtures/eval; train split: written for this project and tuned on),
 * - the corpus dev split, when materialised (eval/corpus/materialise.ts), less the near-duplicates
 *   recorded in eval/corpus/near-duplicates.json (eval/nearDuplicates.ts),
 * - the frozen test split only with `--split test`, and the holdout split (a second held-out split,
 *   eval/preregistered/2026-12-06-session-17.md) only with `--split holdout`, in summary, never per
 *   document; the first run of each records its first score in eval/corpus/<split>-first-score-<register>.json;
 * with, under each corpus register's rows, 95% intervals by repository (eval/intervals.ts; not for
 *   the test split, and in-sample on the train split),
 * then how well the score shown is calibrated (eval/calibration.ts; not for a held-out split) and how
 *   often a suggested document shows a keyword line (eval/coverage.ts),
 * then the rated sample of evidence lines and open questions (eval/ratings.json), and of the words
 *   named beside the suggestions (eval/word-ratings.json, eval/wordRatings.ts).
 *
 *   --split dev|train|test|holdout   which corpus split (default dev; train also lists fixture figures)
 *   --verbose                list each miss (not allowed with --split test or holdout)
 *   --snapshot               write eval/snapshot.json: every fixture document's ranked result
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine, type SuggestResult } from '../src/core/suggest';
import { auc, calibrationReport, shownOn } from './calibration';
import { coverageReport } from './coverage';
import { loadRepoCatalog } from './catalog';
import { createProbe, naiveRank } from './anchors';
import { corpusDocs, fixtureDocs, type EvalDoc } from './docs';
import { figures, row, type Ranker } from './metrics';
import { repositoryIntervalLine } from './intervals';
import { devDocsToScore } from './nearDuplicates';
import { scoreRatings } from './ratings';
import { scoreWordRatings } from './wordRatings';
import { holdoutTextsWarning, recordedTexts } from './holdout';
import { SNAPSHOT_FILE, snapshotOf } from './snapshot';
import { HELD_OUT_SPLITS, type Split } from './corpus/manifest';

/** `eval/corpus/<split>-first-score-<register>.json`: the first score of a held-out split, written once. */
const firstScoreFile = (split: Split, register: string): string => join(__dirname, 'corpus', `${split}-first-score-${register}.json`);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const split = (arg('--split') ?? 'dev') as Split;
  const verbose = process.argv.includes('--verbose');
  const heldOut = HELD_OUT_SPLITS.has(split);
  if (heldOut && verbose) throw new Error(`the ${split} split is scored in summary only: drop --verbose`);
  // Strict where the run writes something to keep: the snapshot, or a held-out split's first score.
  const catalog = loadRepoCatalog({ strict: heldOut || process.argv.includes('--snapshot') });
  const engine = createSuggestEngine(catalog);
  const probe = createProbe(join(__dirname, '..', 'content'));
  // Each document is suggested once: the rows, the calibration table and the rated sample read the
  // same result (by id: the rated sample loads its documents anew).
  const results = new Map<string, { text: string; result: SuggestResult }>();
  const suggestOnce = (d: EvalDoc): SuggestResult => {
    const known = results.get(d.id);
    if (known && known.text === d.text) return known.result;
    // Two documents with one id would read each other's result: say so rather than score wrongly.
    if (known) throw new Error(`two eval documents share the id ${d.id}`);
    const result = engine.suggest(d.text);
    results.set(d.id, { text: d.text, result });
    return result;
  };
  const engineRank: Ranker = (d) => suggestOnce(d).suggestions.map((s) => s.pattern);
  const rankers: [string, Ranker][] = [['engine', engineRank], ['naive', (d) => naiveRank(d.text)], ['probe', (d) => probe(d.text)]];

  if (process.argv.includes('--snapshot')) {
    writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(snapshotOf(engine, fixtureDocs()), null, 1)}\n`);
    console.log(`wrote ${SNAPSHOT_FILE}`);
  }

  /** The figures of each ranker, printed; and its list for each document, ranked once (the clear/arguable rows read the same lists). */
  const report = (title: string, docs: readonly EvalDoc[]): { result: Record<string, ReturnType<typeof figures>>; ranked: [string, Ranker][] } => {
    console.log(`\n${title}`);
    const result: Record<string, ReturnType<typeof figures>> = {};
    const ranked = rankers.map(([name, rank]): [string, Ranker] => {
      const lists = new Map(docs.map((d) => [d, rank(d)]));
      return [name, (d) => lists.get(d)!];
    });
    for (const [name, rank] of ranked) {
      result[name] = figures(docs, rank);
      console.log(row(name, result[name]));
    }
    if (verbose) for (const m of result.engine!.misses) console.log(`    miss ${m}`);
    return { result, ranked };
  };

  if (!heldOut) {
    const fixtures = fixtureDocs();
    report(`fixture sets (written for this project; train split) — ${fixtures.length} documents`, fixtures);
  }
  let corpus = corpusDocs(split);
  if (split === 'holdout') {
    const warning = holdoutTextsWarning(corpus, recordedTexts());
    if (warning) console.log(`\n${warning}`);
  }
  // A dev document that is a copy of a train document was in effect trained on, and one copied within
  // the dev split would count twice: left out of every dev figure.
  let leftOut = new Set<string>();
  if (split === 'dev' && corpus.length > 0) {
    const dev = devDocsToScore(corpus, [...corpusDocs('train'), ...fixtureDocs()]);
    console.log(`\n${dev.lines.join('\n')}`);
    corpus = dev.kept;
    leftOut = dev.leftOut;
  }
  if (corpus.length === 0) {
    console.log(`\ncorpus ${split} split: not materialised here (npx tsx eval/corpus/materialise.ts)`);
  } else {
    for (const register of ['engineering', 'interview'] as const) {
      const docs = corpus.filter((d) => d.register === register);
      if (docs.length === 0) continue;
      const repos = new Set(docs.map((d) => d.repo)).size;
      const { result, ranked } = report(`corpus ${split} split, ${register} register — ${docs.length} documents from ${repos} repositories`, docs);
      // The holdout split's summary includes its interval and the clear/arguable rows (plan HC); the
      // test split's first score was recorded without them.
      if (split !== 'test') {
        const by = new Map(ranked);
        console.log(repositoryIntervalLine(docs, by.get('engine')!, by.get('naive')!));
        byConfidence(docs, ranked);
      }
      if (heldOut && !existsSync(firstScoreFile(split, register))) {
        const first = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, { designs: v.designs, top1: v.top1, top3: v.top3, nones: v.nones, quiet: v.quiet }]));
        writeFileSync(firstScoreFile(split, register), `${JSON.stringify({ scoredOn: new Date().toISOString(), register, documents: docs.length, repositories: repos, first }, null, 1)}\n`);
        console.log(`  (first score of the frozen ${split} split recorded in eval/corpus/${split}-first-score-${register}.json)`);
      }
    }
  }
  // Not for a held-out split (test, holdout): it is scored in summary only. Each register apart, engineering first.
  if (corpus.length > 0 && !heldOut) {
    for (const register of ['engineering', 'interview'] as const) {
      const docs = corpus.filter((d) => d.register === register);
      if (docs.length > 0) console.log(`\n${calibrationReport(`score calibration, corpus ${split} split, ${register} register`, docs.flatMap((d) => shownOn(d, suggestOnce(d).suggestions)))}`);
    }
    // How well the one threshold can tell a document that needs a pattern from one that needs none. The
    // result shown holds no score for a quiet document, so the best score is read from a second analysis.
    const best = (d: EvalDoc): number => engine.scores(engine.analyse(d.text))[0]?.score ?? 0;
    for (const register of ['engineering', 'interview'] as const) {
      const docs = corpus.filter((d) => d.register === register);
      const pos = docs.filter((d) => d.primary !== null).map(best);
      const neg = docs.filter((d) => d.primary === null).map(best);
      if (pos.length > 0 && neg.length > 0) console.log(`separation, corpus ${split} split, ${register} register: AUC of the best pattern's score, ${pos.length} documents needing a pattern against ${neg.length} needing none: ${auc(pos, neg).toFixed(3)}`);
    }
    console.log('');
    for (const register of ['engineering', 'interview'] as const) {
      const docs = corpus.filter((d) => d.register === register);
      if (docs.length > 0) console.log(coverageReport(`explanation coverage, corpus ${split} split, ${register} register`, docs, suggestOnce));
    }
  }
  // Rule AL's option re-measured on the rated engineering documents (a second run of those only).
  const ratings = scoreRatings(suggestOnce, [...fixtureDocs(), ...corpusDocs('train'), ...corpusDocs('dev')], leftOut, (d) => engine.suggest(d.text, { deepDives: false }));
  if (ratings) console.log(`\n${ratings}`);
  const words = scoreWordRatings(suggestOnce, corpusDocs('dev'), undefined, leftOut);
  if (words) console.log(`\n${words}`);
}

/**
 * The same figures apart for the labels the labeller called clear and those it called arguable
 * (eval/corpus/LABELLING.md). A miss on an arguable label is often a defensible second reading;
 * a miss on a clear one is the engine's. Not printed for the frozen test split.
 */
function byConfidence(docs: readonly EvalDoc[], rankers: readonly [string, Ranker][]): void {
  for (const confidence of ['clear', 'arguable']) {
    const subset = docs.filter((d) => d.confidence === confidence);
    if (subset.length === 0) continue;
    const designs = subset.filter((d) => d.primary !== null).length;
    console.log(`    labels marked ${confidence}: ${designs} needing a pattern, ${subset.length - designs} needing none`);
    for (const [name, rank] of rankers) console.log(`  ${row(name, figures(subset, rank))}`);
  }
}

if (!existsSync(join(__dirname, 'naive-anchor.json')) || !readFileSync(join(__dirname, 'naive-anchor.json'), 'utf8')) throw new Error('eval/naive-anchor.json is missing');
main();
