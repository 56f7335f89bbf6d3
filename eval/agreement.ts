/**
 * A second, blind labelling of corpus documents, set beside the first: how often two labellers agree,
 * and what the engine and the anchors score against each set of labels.
 *
 *   npx tsx eval/agreement.ts [--split dev|train|holdout]    (train: run npm run train first)
 *
 * Reads `eval/corpus/second-labels/<split>.json` (documents by their corpus id; labelled from
 * eval/corpus/LABELLING.md by labellers who saw neither the first labels nor the engine's output)
 * and the materialised split for the documents' text. The first labels are never changed because of
 * the second: both are kept, and the figures say how far they differ.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine } from '../src/core/suggest/engine';
import { createProbe, naiveRank } from './anchors';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, type EvalDoc } from './docs';
import { devDocsToScore } from './nearDuplicates';
import { readHeldOutSuggestions } from './trainPaths';
import { figures, row, type Ranker } from './metrics';
import type { Split } from './corpus/manifest';
import { bootstrapIntervals, RESAMPLES, SEED } from './intervals';

export interface Label {
  readonly kind: 'design' | 'none';
  readonly primary: string | null;
  readonly relevant: readonly string[];
  readonly confidence: 'clear' | 'arguable';
}

export interface SecondLabel extends Label {
  /** The document's corpus id: `<owner>__<name>__<path with / as __>`. */
  readonly id: string;
  readonly why: string;
  /** Where the first two disagree (on kind, or on the primary): a third labeller's label, blind to both. */
  readonly third?: Label & { readonly why: string };
}

export interface SecondLabels {
  readonly about: string;
  readonly split: Split;
  readonly labelledOn: string;
  readonly labelledBy: string;
  readonly docs: readonly SecondLabel[];
}

export const SECOND_LABELS_DIR = join(__dirname, 'corpus', 'second-labels');

export function readSecondLabels(split: Split, dir = SECOND_LABELS_DIR): SecondLabels | undefined {
  const file = join(dir, `${split}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecondLabels) : undefined;
}

export interface Agreement {
  readonly documents: number;
  /** Both say design, or both say none. */
  readonly kindAgreed: number;
  readonly bothDesign: number;
  readonly bothNone: number;
  /** Of the documents both call design: the same primary. */
  readonly primaryAgreed: number;
  /** Of the documents both call design: each one's primary is among the other's relevant patterns (the primary counts as relevant). */
  readonly firstPrimaryInSecondRelevant: number;
  readonly secondPrimaryInFirstRelevant: number;
  /** Cohen's kappa over eight classes: the seven primaries and "none". */
  readonly kappa: number;
}

const relevantOf = (l: Label): readonly string[] => (l.primary === null ? l.relevant : [l.primary, ...l.relevant]);

/** A label as one of eight classes: its primary, or "none" (a design label with no primary counts as none). */
export function classOf(l: Label): string {
  return l.kind === 'design' && l.primary !== null ? l.primary : 'none';
}

/** How far two labellings of the same documents agree (pairs in any order; both labels of a pair are of one document). */
export function agreement(pairs: readonly (readonly [Label, Label])[]): Agreement {
  let kindAgreed = 0, bothDesign = 0, bothNone = 0, primaryAgreed = 0, firstIn = 0, secondIn = 0;
  const firstCounts = new Map<string, number>();
  const secondCounts = new Map<string, number>();
  let same = 0;
  for (const [a, b] of pairs) {
    const ca = classOf(a), cb = classOf(b);
    firstCounts.set(ca, (firstCounts.get(ca) ?? 0) + 1);
    secondCounts.set(cb, (secondCounts.get(cb) ?? 0) + 1);
    if (ca === cb) same++;
    const designA = ca !== 'none', designB = cb !== 'none';
    if (designA === designB) kindAgreed++;
    if (designA && designB) {
      bothDesign++;
      if (ca === cb) primaryAgreed++;
      if (relevantOf(b).includes(ca)) firstIn++;
      if (relevantOf(a).includes(cb)) secondIn++;
    } else if (!designA && !designB) bothNone++;
  }
  const n = pairs.length;
  const observed = n ? same / n : 0;
  const expected = n ? [...firstCounts].reduce((s, [c, k]) => s + (k / n) * ((secondCounts.get(c) ?? 0) / n), 0) : 0;
  const kappa = expected < 1 ? (observed - expected) / (1 - expected) : 1;
  return { documents: n, kindAgreed, bothDesign, bothNone, primaryAgreed, firstPrimaryInSecondRelevant: firstIn, secondPrimaryInFirstRelevant: secondIn, kappa };
}

/** The document with its labels replaced by the second labeller's. */
export function relabelled(doc: EvalDoc, second: Label): EvalDoc {
  const design = classOf(second) !== 'none';
  return { ...doc, primary: design ? second.primary : null, relevant: design ? second.relevant : [], confidence: second.confidence };
}

/**
 * The label two of three labellers give: the first and second when they agree; else the third's,
 * when it agrees with one of them (on the class: primary or none). Undefined when it is unsettled.
 */
export function settled(first: Label, second: SecondLabel): Label | undefined {
  if (classOf(first) === classOf(second)) return first;
  if (!second.third) return undefined;
  const third = classOf(second.third);
  return third === classOf(first) ? first : third === classOf(second) ? second : undefined;
}

/** The 95% Wilson score interval of k successes in n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964, p = k / n, d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/**
 * The exact two-sided McNemar test of two rankers on the same documents: \`b\` documents only the
 * first gets right, \`c\` only the second. The p-value under "both are equally often right".
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let tail = 0;
  for (let k = 0; k <= Math.min(b, c); k++) tail += Math.exp(logBinomial(n, k) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/** log C(n, k), summed in logs so that a large n neither overflows nor loses the tail. */
function logBinomial(n: number, k: number): number {
  let r = 0;
  for (let i = 1; i <= k; i++) r += Math.log((n - k + i) / i);
  return r;
}

/** The label as a ranking, to score a labeller like a ranker: its primary, or nothing for "none". */
export function labelRanking(l: Label): string[] {
  return classOf(l) === 'none' ? [] : [l.primary!];
}

/** A 95% percentile bootstrap interval of Cohen's kappa, resampling documents with a seeded generator (the same pairs give the same interval). */
export function kappaInterval(pairs: readonly (readonly [Label, Label])[], resamples = RESAMPLES, seed = SEED): [number, number] {
  return bootstrapIntervals(pairs, [(sample) => agreement(sample).kappa], resamples, seed)[0]!;
}

const pct = (x: number): string => `${Math.round(100 * x)}%`;
const interval = ([lo, hi]: [number, number]): string => `95% interval ${pct(lo)} to ${pct(hi)}`;

function main(): void {
  const i = process.argv.indexOf('--split');
  const split = (i >= 0 ? process.argv[i + 1] : 'dev') as Split;
  if (split === 'test') throw new Error('the frozen test split is scored in summary only (npm run eval -- --split test)');
  const second = readSecondLabels(split);
  if (!second) throw new Error(`no second labels for the ${split} split (${SECOND_LABELS_DIR})`);
  let corpus = corpusDocs(split);
  if (corpus.length === 0) throw new Error(`the ${split} split is not materialised (npx tsx eval/corpus/materialise.ts)`);
  // The dev documents npm run eval scores: the recorded near-duplicates left out.
  if (split === 'dev') corpus = devDocsToScore(corpus).kept;
  const byId = new Map(corpus.map((d) => [d.id, d]));
  const missing = second.docs.filter((s) => !byId.has(s.id));
  const rows = second.docs.filter((s) => byId.has(s.id)).map((s) => ({ first: byId.get(s.id)!, second: s }));
  const firstLabel = (d: EvalDoc): Label => ({ kind: d.primary === null ? 'none' : 'design', primary: d.primary, relevant: d.relevant, confidence: d.confidence as Label['confidence'] });

  console.log(`second labels of the ${split} split (${second.labelledBy}, ${second.labelledOn}): ${rows.length} documents${missing.length ? `, ${missing.length} not in the scored split here` : ''}`);
  for (const register of ['engineering', 'interview'] as const) {
    const inSplit = corpus.filter((d) => d.register === register);
    const sampled = rows.filter((r) => r.first.register === register);
    const nones = inSplit.filter((d) => d.primary === null).length;
    const sampledNones = sampled.filter((r) => r.first.primary === null).length;
    console.log(`  ${register}: ${sampled.length - sampledNones} of ${inSplit.length - nones} documents the first labels call design, ${sampledNones} of ${nones} they call none`);
  }
  console.log('  Where a register\'s sample is not all of its documents, it was drawn by the first labels, so its figures describe the sample, not the split.');
  for (const register of ['engineering', 'interview', 'all'] as const) {
    const mine = rows.filter((r) => register === 'all' || r.first.register === register);
    if (mine.length === 0) continue;
    const pairs = mine.map((r) => [firstLabel(r.first), r.second] as const);
    const a = agreement(pairs);
    console.log(`\n${register}: ${a.documents} documents`);
    console.log(`  kind agreed: ${a.kindAgreed} of ${a.documents} (${interval(wilson(a.kindAgreed, a.documents))}; both design ${a.bothDesign}, both none ${a.bothNone})`);
    console.log(`  both design, same primary: ${a.primaryAgreed} of ${a.bothDesign} (${interval(wilson(a.primaryAgreed, a.bothDesign))}); the first primary among the second's relevant: ${a.firstPrimaryInSecondRelevant}; the second primary among the first's relevant: ${a.secondPrimaryInFirstRelevant}`);
    const [lo, hi] = kappaInterval(pairs);
    console.log(`  Cohen's kappa over the seven primaries and none: ${a.kappa.toFixed(2)} (bootstrap 95% interval ${lo.toFixed(2)} to ${hi.toFixed(2)})`);
    const disagreements = mine.filter((r) => classOf(firstLabel(r.first)) !== classOf(r.second));
    const thirds = disagreements.filter((r) => r.second.third);
    if (thirds.length > 0) {
      const withFirst = thirds.filter((r) => classOf(r.second.third!) === classOf(firstLabel(r.first))).length;
      const withSecond = thirds.filter((r) => classOf(r.second.third!) === classOf(r.second)).length;
      console.log(`  disagreements: ${disagreements.length}; a third labeller read ${thirds.length}: sided with the first ${withFirst}, the second ${withSecond}, neither ${thirds.length - withFirst - withSecond}`);
    }
  }

  const engine = createSuggestEngine(loadRepoCatalog());
  const probe = createProbe(join(__dirname, '..', 'content'));
  const lists = new Map<string, Map<string, readonly string[]>>();
  // On the train split the shipped engine was fitted to these documents' first labels, so it is read
  // from the cross-validation npm run train writes (each document scored by the scorer refitted
  // without its repository fold; the learned features flatter it a little, as docs/suggest.md says).
  const heldOut = split === 'train' ? readHeldOutSuggestions(rows.map((r) => r.first.id)) : undefined;
  const engineName = heldOut ? 'engine cv' : 'engine';
  const rankers: [string, (text: string, id: string) => readonly string[]][] = [
    [engineName, (text, id) => heldOut ? heldOut.get(id)! : engine.suggest(text).suggestions.map((s) => s.pattern)], ['naive', naiveRank], ['probe', probe],
  ];
  for (const [name, rank] of rankers) lists.set(name, new Map(rows.map((r) => [r.first.id, rank(r.first.text, r.first.id)])));
  const ranker = (name: string): Ranker => (d) => lists.get(name)!.get(d.id)!;
  const top1 = (name: string, d: EvalDoc): boolean => d.primary !== null && ranker(name)(d)[0] === d.primary;
  for (const register of ['engineering', 'interview'] as const) {
    const mine = rows.filter((r) => r.first.register === register);
    if (mine.length === 0) continue;
    const agreed = mine.filter((r) => classOf(firstLabel(r.first)) === classOf(r.second));
    const settledRows = mine.map((r) => ({ r, label: settled(firstLabel(r.first), r.second) })).filter((x) => x.label !== undefined);
    const sets: [string, EvalDoc[]][] = [
      ['against the first labels', mine.map((r) => r.first)],
      ['against the second labels', mine.map((r) => relabelled(r.first, r.second))],
      ['where the two agree (the same primary, or both none)', agreed.map((r) => r.first)],
      ...(mine.some((r) => r.second.third) ? [[`against two of three labellers (${mine.length - settledRows.length} left unsettled)`, settledRows.map((x) => relabelled(x.r.first, x.label!))] as [string, EvalDoc[]]] : []),
    ];
    for (const [title, docs] of sets) {
      console.log(`\n${register}, ${title}: ${docs.length} documents`);
      for (const [name] of rankers) console.log(row(name, figures(docs, ranker(name))));
      const designs = docs.filter((d) => d.primary !== null);
      const b = designs.filter((d) => top1(engineName, d) && !top1('naive', d)).length;
      const c = designs.filter((d) => !top1(engineName, d) && top1('naive', d)).length;
      console.log(`  ${engineName} top-1 ${interval(wilson(designs.filter((d) => top1(engineName, d)).length, designs.length))}; against naive: first only for the engine ${b}, only for naive ${c}, exact McNemar p = ${mcnemarExact(b, c).toFixed(3)}`);
    }
    // The second labeller read as a ranker, judged against the first labels like the engine.
    const asRanker: Ranker = (d) => labelRanking(mine.find((r) => r.first.id === d.id)!.second);
    console.log(`\n${register}, the second labeller judged against the first labels like a ranker:`);
    console.log(row('second', figures(mine.map((r) => r.first), asRanker)));
  }
}

if (require.main === module) main();
