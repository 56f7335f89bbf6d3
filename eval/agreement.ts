/**
 * A second, blind labelling of corpus documents, set beside the first: how often two labellers agree,
 * and what the engine and the anchors score against each set of labels.
 *
 *   npx tsx eval/agreement.ts [--split dev]
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
import { figures, row, type Ranker } from './metrics';
import type { Split } from './corpus/manifest';

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

/** How far two labellings of the same documents agree (pairs in any order; both labels of a pair are of one document). */
export function agreement(pairs: readonly (readonly [Label, Label])[]): Agreement {
  let kindAgreed = 0, bothDesign = 0, bothNone = 0, primaryAgreed = 0, firstIn = 0, secondIn = 0;
  const classOf = (l: Label): string => (l.kind === 'design' && l.primary !== null ? l.primary : 'none');
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
  return { ...doc, primary: second.kind === 'design' ? second.primary : null, relevant: second.kind === 'design' ? second.relevant : [], confidence: second.confidence };
}

function main(): void {
  const i = process.argv.indexOf('--split');
  const split = (i >= 0 ? process.argv[i + 1] : 'dev') as Split;
  if (split === 'test') throw new Error('the frozen test split is scored in summary only (npm run eval -- --split test)');
  const second = readSecondLabels(split);
  if (!second) throw new Error(`no second labels for the ${split} split (${SECOND_LABELS_DIR})`);
  const byId = new Map(corpusDocs(split).map((d) => [d.id, d]));
  if (byId.size === 0) throw new Error(`the ${split} split is not materialised (npx tsx eval/corpus/materialise.ts)`);
  const missing = second.docs.filter((s) => !byId.has(s.id));
  const rows = second.docs.filter((s) => byId.has(s.id)).map((s) => ({ first: byId.get(s.id)!, second: s }));
  const firstLabel = (d: EvalDoc): Label => ({ kind: d.primary === null ? 'none' : 'design', primary: d.primary, relevant: d.relevant, confidence: d.confidence as Label['confidence'] });

  console.log(`second labels of the ${split} split (${second.labelledBy}, ${second.labelledOn}): ${rows.length} documents${missing.length ? `, ${missing.length} not materialised here` : ''}`);
  for (const register of ['engineering', 'interview', 'all'] as const) {
    const mine = rows.filter((r) => register === 'all' || r.first.register === register);
    if (mine.length === 0) continue;
    const a = agreement(mine.map((r) => [firstLabel(r.first), r.second] as const));
    console.log(`\n${register}: ${a.documents} documents`);
    console.log(`  kind agreed: ${a.kindAgreed} of ${a.documents} (both design ${a.bothDesign}, both none ${a.bothNone})`);
    console.log(`  both design, same primary: ${a.primaryAgreed} of ${a.bothDesign}; the first primary among the second's relevant: ${a.firstPrimaryInSecondRelevant}; the second primary among the first's relevant: ${a.secondPrimaryInFirstRelevant}`);
    console.log(`  Cohen's kappa over the seven primaries and none: ${a.kappa.toFixed(2)}`);
  }

  const engine = createSuggestEngine(loadRepoCatalog());
  const probe = createProbe(join(__dirname, '..', 'content'));
  const lists = new Map<string, Map<string, readonly string[]>>();
  const rankers: [string, (text: string) => readonly string[]][] = [
    ['engine', (text) => engine.suggest(text).suggestions.map((s) => s.pattern)], ['naive', naiveRank], ['probe', probe],
  ];
  for (const [name, rank] of rankers) lists.set(name, new Map(rows.map((r) => [r.first.id, rank(r.first.text)])));
  const ranker = (name: string): Ranker => (d) => lists.get(name)!.get(d.id)!;
  for (const register of ['engineering', 'interview'] as const) {
    const mine = rows.filter((r) => r.first.register === register);
    if (mine.length === 0) continue;
    const agreed = mine.filter((r) => (r.first.primary ?? 'none') === (r.second.kind === 'design' ? r.second.primary : 'none'));
    const sets: [string, EvalDoc[]][] = [
      ['against the first labels', mine.map((r) => r.first)],
      ['against the second labels', mine.map((r) => relabelled(r.first, r.second))],
      ['where the two agree (the same primary, or both none)', agreed.map((r) => r.first)],
    ];
    for (const [title, docs] of sets) {
      console.log(`\n${register}, ${title}: ${docs.length} documents`);
      for (const [name] of rankers) console.log(row(name, figures(docs, ranker(name))));
    }
  }
}

if (require.main === module) main();
