/**
 * Near-duplicates between the dev split and what the engine trained on.
 *
 * The splits are drawn by repository, but the same text can live in two repositories (a fork, a
 * vendored copy, a course copied into notes). A dev document that is a copy of a train document
 * was, in effect, trained on, and flatters the dev figures. This module finds such pairs:
 * - dev against train: the corpus train split and the fixture sets (both train the scorer);
 * - dev against dev, across repositories: the same text scored twice.
 * The test split is never read.
 *
 * A document is reduced to its set of word shingles (runs of `shingleWords` consecutive words of
 * the engine's tokenizer), hashed to 32 bits. Two documents are compared by the share of one's
 * shingles the other holds (containment), which still finds a copy inside a longer document, where
 * the Jaccard index (also recorded) would be low. Only dev documents are indexed (shingle to
 * documents), and every other document is run through that index once, so the cost grows with
 * the corpus, not with the number of pairs.
 *
 * The settings and the decisions are data: eval/corpus/near-duplicates.json. `npm run eval` and
 * `npm run train` leave its excluded documents out of the dev split.
 *
 *   npx tsx eval/nearDuplicates.ts           list the pairs found and compare them with the record
 *   npx tsx eval/nearDuplicates.ts --write   record them (keeps the settings)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../src/core/suggest/tokens';
import { CORPUS_DIR } from './corpus/manifest';
import { corpusDocs, fixtureDocs, type EvalDoc } from './docs';

export const NEAR_DUPLICATES_FILE = join(CORPUS_DIR, 'near-duplicates.json');

export interface NearDuplicateSettings {
  /** Words in a shingle. */
  readonly shingleWords: number;
  /** A dev document is excluded when another document holds at least this share of its shingles. */
  readonly excludeAt: number;
  /** Pairs from this containment up are listed for the record, excluded or not. */
  readonly listAt: number;
}

/** One pair. `doc` is always a dev document: the one the rule would exclude. */
export interface NearDuplicatePair {
  readonly doc: string;
  readonly other: string;
  /** Where `other` is: the corpus train split, a fixture set (train too), or the dev split. */
  readonly otherIn: Source;
  /** Share of `doc`'s shingles that `other` holds. */
  readonly containment: number;
  /** Share of `other`'s shingles that `doc` holds. */
  readonly otherContainment: number;
  readonly jaccard: number;
  readonly excluded: boolean;
}

export interface NearDuplicateRecord {
  readonly about: string;
  readonly settings: NearDuplicateSettings;
  /** When the pairs were last found (YYYY-MM-DD), and over how many documents. */
  readonly checkedOn: string;
  readonly checked: { readonly dev: number; readonly train: number; readonly fixtures: number };
  readonly pairs: readonly NearDuplicatePair[];
}

export type Source = 'train' | 'fixtures' | 'dev';

/** A document as the checker sees it. */
export interface ShingledDoc {
  readonly id: string;
  readonly repo: string;
  readonly source: Source;
  readonly shingles: ReadonlySet<number>;
}

/** The rule, in words, from the settings. */
export function ruleText(s: NearDuplicateSettings): string {
  const pct = `${Math.round(s.excludeAt * 100)}%`;
  return `a dev document is left out when one document of another repository (corpus train split, fixture set, or dev split) holds at least ${pct} of its distinct ${s.shingleWords}-word shingles; of two dev documents that each hold ${pct} of the other, the one whose id sorts later`;
}

/** 32-bit FNV-1a of a string. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The distinct shingles of a text: every run of `size` consecutive words, hashed (each word is
 * hashed once, and a shingle folds its words' hashes in order, so "a b" and "b a" differ). A text
 * shorter than `size` words has one shingle, all its words; a text with no word has none.
 */
export function shingleHashes(text: string, size: number): Set<number> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a shingle needs a whole number of words, at least 1 (got ${size})`);
  const words = tokenize(text).map((t) => hash32(t.word));
  const out = new Set<number>();
  const runs = Math.max(words.length - size + 1, words.length > 0 ? 1 : 0);
  for (let i = 0; i < runs; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < Math.min(i + size, words.length); k++) h = Math.imul(h ^ words[k]!, 0x01000193);
    // Signed: a 32-bit integer is a small integer to the engine, cheaper in a Set than a larger number.
    out.add(h | 0);
  }
  return out;
}

export function shingled(doc: Pick<EvalDoc, 'id' | 'repo' | 'split' | 'register' | 'text'>, size: number): ShingledDoc {
  const source: Source = doc.register === 'fixture' ? 'fixtures' : doc.split === 'dev' ? 'dev' : 'train';
  return { id: doc.id, repo: doc.repo, source, shingles: shingleHashes(doc.text, size) };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** The measures of one pair, from its shared shingle count and the two sizes. */
export function overlap(shared: number, sizeA: number, sizeB: number): { containmentA: number; containmentB: number; jaccard: number } {
  return {
    containmentA: sizeA ? shared / sizeA : 0,
    containmentB: sizeB ? shared / sizeB : 0,
    jaccard: sizeA + sizeB - shared ? shared / (sizeA + sizeB - shared) : 0,
  };
}

/**
 * Every pair of a dev document and a document of `train` or `dev` (another repository), in which
 * one holds at least `listAt` of the other's shingles. In a dev-dev pair, `doc` is the one more
 * contained in the other; when both reach `excludeAt`, the one whose id sorts later (so exactly one
 * of the two is excluded). A dev document in several pairs is listed in each.
 */
export function findNearDuplicates(dev: readonly ShingledDoc[], train: readonly ShingledDoc[], settings: NearDuplicateSettings): NearDuplicatePair[] {
  const postings = new Map<number, number[]>();
  dev.forEach((d, i) => {
    for (const s of d.shingles) {
      const list = postings.get(s);
      if (list) list.push(i);
      else postings.set(s, [i]);
    }
  });
  /** Shingles each dev document shares with `other`. */
  const sharedWith = (other: ShingledDoc): Map<number, number> => {
    const counts = new Map<number, number>();
    for (const s of other.shingles) for (const i of postings.get(s) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    return counts;
  };
  const pairs: NearDuplicatePair[] = [];
  const add = (d: ShingledDoc, other: ShingledDoc, containment: number, otherContainment: number, jaccard: number): void => {
    pairs.push({
      doc: d.id, other: other.id, otherIn: other.source,
      containment: round3(containment), otherContainment: round3(otherContainment), jaccard: round3(jaccard),
      // Decided on the unrounded share, so the rule is exactly what the settings say.
      excluded: containment >= settings.excludeAt,
    });
  };
  for (const t of train) {
    for (const [i, shared] of sharedWith(t)) {
      const d = dev[i]!;
      if (d.repo === t.repo) continue;
      const m = overlap(shared, d.shingles.size, t.shingles.size);
      if (Math.max(m.containmentA, m.containmentB) >= settings.listAt) add(d, t, m.containmentA, m.containmentB, m.jaccard);
    }
  }
  dev.forEach((a, j) => {
    for (const [i, shared] of sharedWith(a)) {
      // Each unordered pair once (i < j), and never two documents of one repository.
      if (i >= j) continue;
      const b = dev[i]!;
      if (b.repo === a.repo) continue;
      const m = overlap(shared, a.shingles.size, b.shingles.size);
      if (Math.max(m.containmentA, m.containmentB) < settings.listAt) continue;
      const bothReach = m.containmentA >= settings.excludeAt && m.containmentB >= settings.excludeAt;
      const aIsDoc = bothReach ? a.id > b.id : m.containmentA > m.containmentB || (m.containmentA === m.containmentB && a.id > b.id);
      if (aIsDoc) add(a, b, m.containmentA, m.containmentB, m.jaccard);
      else add(b, a, m.containmentB, m.containmentA, m.jaccard);
    }
  });
  return pairs.sort((x, y) => y.containment - x.containment || x.doc.localeCompare(y.doc) || x.other.localeCompare(y.other));
}

/** Why each excluded dev document is left out: its pair of highest containment (on a tie, a train or fixture document before a dev one). */
export function exclusions(pairs: readonly NearDuplicatePair[]): Map<string, NearDuplicatePair> {
  const out = new Map<string, NearDuplicatePair>();
  for (const p of pairs) {
    if (!p.excluded) continue;
    const known = out.get(p.doc);
    if (!known || p.containment > known.containment || (p.containment === known.containment && p.otherIn !== 'dev' && known.otherIn === 'dev')) out.set(p.doc, p);
  }
  return out;
}

/** The dev documents to score, those left out with the reason, and the excluded ids the split does not hold (not materialised here, or renamed). */
export function withoutNearDuplicates<D extends { readonly id: string }>(dev: readonly D[], pairs: readonly NearDuplicatePair[]): { kept: D[]; left: { doc: D; why: NearDuplicatePair }[]; unknown: string[] } {
  const out = exclusions(pairs);
  const ids = new Set(dev.map((d) => d.id));
  return {
    kept: dev.filter((d) => !out.has(d.id)),
    left: dev.filter((d) => out.has(d.id)).map((doc) => ({ doc, why: out.get(doc.id)! })),
    unknown: [...out.keys()].filter((id) => !ids.has(id)),
  };
}

/** What changed between the recorded pairs and the pairs found now, one line each ([] when they agree on every pair and decision). */
export function recordDrift(recorded: readonly NearDuplicatePair[], found: readonly NearDuplicatePair[]): string[] {
  const key = (p: NearDuplicatePair): string => `${p.doc} ~ ${p.other}`;
  const was = new Map(recorded.map((p) => [key(p), p]));
  const now = new Map(found.map((p) => [key(p), p]));
  const out: string[] = [];
  for (const [k, p] of now) {
    const old = was.get(k);
    if (!old) out.push(`new pair: ${k} (${p.containment})${p.excluded ? ', excluded' : ''}`);
    else if (old.excluded !== p.excluded) out.push(`decision changed: ${k} (${old.containment} -> ${p.containment})`);
  }
  for (const k of was.keys()) if (!now.has(k)) out.push(`no longer found: ${k}`);
  return out;
}

export function readNearDuplicates(file = NEAR_DUPLICATES_FILE): NearDuplicateRecord {
  const record = JSON.parse(readFileSync(file, 'utf8')) as NearDuplicateRecord;
  const s = record.settings;
  if (!s || !(s.excludeAt > 0 && s.excludeAt <= 1) || !(s.listAt > 0 && s.listAt <= s.excludeAt) || !Number.isInteger(s.shingleWords) || s.shingleWords < 1) {
    throw new Error(`${file}: settings need a whole shingleWords >= 1 and 0 < listAt <= excludeAt <= 1`);
  }
  if (!Array.isArray(record.pairs)) throw new Error(`${file}: needs a list of pairs`);
  return record;
}

/** The pairs found now in the materialised dev and train splits and the fixture sets, under the record's settings. */
export function checkNow(settings: NearDuplicateSettings, dev: readonly EvalDoc[], train: readonly EvalDoc[]): NearDuplicatePair[] {
  return findNearDuplicates(dev.map((d) => shingled(d, settings.shingleWords)), train.map((d) => shingled(d, settings.shingleWords)), settings);
}

/**
 * The dev documents to score: the materialised dev split less the recorded exclusions, and the
 * lines that say how many were left out and why. With `train` (the train split and the fixture
 * sets), the pairs are also found again and any difference from the record is printed as a warning:
 * a repository added to train since the check may hold a copy of a dev document.
 */
export function devDocsToScore(
  dev: readonly EvalDoc[], train?: readonly EvalDoc[], record: NearDuplicateRecord = readNearDuplicates(),
): { kept: EvalDoc[]; leftOut: Set<string>; lines: string[] } {
  const { kept, left, unknown } = withoutNearDuplicates(dev, record.pairs);
  const below = record.pairs.filter((p) => !p.excluded).length;
  const lines = [
    `near-duplicates (eval/corpus/near-duplicates.json, checked ${record.checkedOn || 'never'}): ${left.length} of ${dev.length} dev documents left out of the dev figures`,
    `  rule: ${ruleText(record.settings)}`,
    ...left.map(({ doc, why }) => `  left out (${doc.register}): ${doc.id}: ${(why.containment * 100).toFixed(1)}% of its shingles are in ${why.otherIn} ${why.other}`),
    ...(unknown.length > 0 ? [`  ${unknown.length} excluded document(s) of the record are not in the materialised dev split (first: ${unknown[0]})`] : []),
    `  kept: ${below} pair(s) listed below the rule (containment ${record.settings.listAt} to ${record.settings.excludeAt}; npx tsx eval/nearDuplicates.ts lists them)`,
  ];
  if (train && train.length > 0) {
    const drift = recordDrift(record.pairs, checkNow(record.settings, dev, train));
    lines.push(drift.length === 0
      ? '  checked again now: the record matches the materialised splits'
      : `  WARNING: the record no longer matches the materialised splits; look, then npx tsx eval/nearDuplicates.ts --write:\n    ${drift.join('\n    ')}`);
  }
  return { kept, leftOut: new Set(left.map(({ doc }) => doc.id)), lines };
}

function main(): void {
  const record = readNearDuplicates();
  const dev = corpusDocs('dev');
  const trainCorpus = corpusDocs('train');
  const fixtures = fixtureDocs();
  if (dev.length === 0 || trainCorpus.length === 0) throw new Error('the dev and train splits must be materialised (npx tsx eval/corpus/materialise.ts)');
  const started = Date.now();
  const pairs = checkNow(record.settings, dev, [...trainCorpus, ...fixtures]);
  console.log(`near-duplicates: ${dev.length} dev documents against ${trainCorpus.length} train and ${fixtures.length} fixture documents and each other (${Date.now() - started} ms)`);
  console.log(`rule: ${ruleText(record.settings)}`);
  for (const p of pairs) {
    console.log(`  ${p.excluded ? 'EXCLUDE' : 'keep   '} ${p.doc}\n          ${(p.containment * 100).toFixed(1)}% in ${p.otherIn} ${p.other} (which is ${(p.otherContainment * 100).toFixed(1)}% in it; Jaccard ${p.jaccard})`);
  }
  console.log(`${pairs.length} pair(s) at containment >= ${record.settings.listAt}; ${exclusions(pairs).size} dev document(s) excluded`);
  if (process.argv.includes('--write')) {
    const next: NearDuplicateRecord = {
      ...record,
      checkedOn: new Date().toISOString().slice(0, 10),
      checked: { dev: dev.length, train: trainCorpus.length, fixtures: fixtures.length },
      pairs,
    };
    writeFileSync(NEAR_DUPLICATES_FILE, `${JSON.stringify(next, null, 1)}\n`);
    console.log(`wrote ${NEAR_DUPLICATES_FILE}`);
    return;
  }
  const drift = recordDrift(record.pairs, pairs);
  console.log(drift.length === 0 ? 'the record agrees (eval/corpus/near-duplicates.json)' : `the record differs; run with --write after a look:\n  ${drift.join('\n  ')}`);
  if (drift.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
