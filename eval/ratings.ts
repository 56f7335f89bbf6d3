/**
 * The rated sample of explanations (eval/ratings.json): evidence lines and open questions the
 * engine showed on eval documents, each judged by a reader who did not write the engine:
 * - an evidence line is `real` when it really shows that the document needs the pattern;
 * - an open question is `useful` (the document should answer it and has not), `answered` (the
 *   document already states it) or `not-needed` (the design does not need it).
 * The eval re-runs the engine on the rated documents and scores what it shows now; items it shows
 * that nobody rated are counted as unrated, so a change that shows new lines is visible too, and a
 * second figure counts them as not real / not useful: the rated share alone flatters a change that
 * replaces rated items with unrated ones. The coverage line says how many documents get questions
 * at all: the share alone also flatters a change that asks fewer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuggestResult } from '../src/core/suggest';
import type { EvalDoc } from './docs';

export const RATINGS_FILE = join(__dirname, 'ratings.json');
/** Above this share of shown items that nobody rated, the eval says the rated share is not representative. */
const UNRATED_WARNING = 0.1;
/**
 * The order the groups are printed in: a register of the dev split and the fixture sets, then a
 * register of the corpus train split, rated apart as a second sample (its documents trained the
 * scorer, so its suggestions flatter; its questions do not).
 */
const REGISTERS = ['engineering', 'interview', 'fixture', 'engineering, train split', 'interview, train split'] as const;

/** The group a rated document is counted in. */
function groupOf(doc: EvalDoc): string {
  return doc.split === 'train' && doc.register !== 'fixture' ? `${doc.register}, train split` : doc.register;
}

export interface Ratings {
  readonly about?: string;
  readonly evidence: readonly { doc: string; pattern: string; line: number; text: string; real: boolean }[];
  readonly questions: readonly { doc: string; question: string; verdict: 'useful' | 'answered' | 'not-needed' }[];
}

interface Counts { shown: number; judged: number; real: number; qShown: number; qJudged: number; useful: number; answered: number; checksShown: number; checksUseful: number }

/** "31%", or "-" for a share of nothing: the rated figures' percentages (also eval/wordRatings.ts and eval/holdoutRatings.ts). */
export const pct = (n: number, of: number): string => (of ? `${Math.round((100 * n) / of)}%` : '-');

const noCounts = (): Counts => ({ shown: 0, judged: 0, real: 0, qShown: 0, qJudged: 0, useful: 0, answered: 0, checksShown: 0, checksUseful: 0 });

/**
 * `leftOut`: dev documents left out as near-duplicates (eval/nearDuplicates.ts); their ratings are not counted.
 * `suggestDeepDivesOff`: the engine with deep dives off (`SuggestOptions.deepDives: false`); with it,
 * the output ends with the engineering documents' rated questions with deep dives off, beside the default.
 */
export function scoreRatings(
  suggest: (doc: EvalDoc) => SuggestResult, docs: readonly EvalDoc[], leftOut: ReadonlySet<string> = new Set(),
  suggestDeepDivesOff?: (doc: EvalDoc) => SuggestResult,
): string | undefined {
  if (!existsSync(RATINGS_FILE)) return undefined;
  const ratings = JSON.parse(readFileSync(RATINGS_FILE, 'utf8')) as Ratings;
  // A train-split document (a second sample) counts only the kind of item rated on it: its lines
  // if they were sampled, its questions if they were rated. Elsewhere everything shown counts.
  const countedWhereRated = (items: readonly { doc: string }[]): ((doc: EvalDoc) => boolean) => {
    const ratedOn = new Set(items.map((item) => item.doc));
    return (doc) => ratedOn.has(doc.id) || !groupOf(doc).endsWith('train split');
  };
  const linesCounted = countedWhereRated(ratings.evidence);
  const questionsCounted = countedWhereRated(ratings.questions);
  const rated = new Set([...ratings.evidence, ...ratings.questions].map((item) => item.doc));
  const byId = new Map(docs.map((d) => [d.id, d]));
  let missingDocs = 0, nearDuplicates = 0, suggested = 0, asked = 0;
  // Counted by register: pooled, the easy registers hide the engineering documents' figures.
  const all = noCounts();
  const byRegister = new Map<string, Counts>();
  // The engineering documents' questions with deep dives on and off, first sample and second.
  const deepDives = { on: [noCounts(), noCounts()], off: [noCounts(), noCounts()] };
  for (const id of rated) {
    if (leftOut.has(id)) { nearDuplicates++; continue; }
    const doc = byId.get(id);
    if (!doc) { missingDocs++; continue; }
    const group = groupOf(doc);
    const reg = byRegister.get(group) ?? noCounts();
    byRegister.set(group, reg);
    // The pool is the first sample's: the second (train split) is printed on its own.
    const pooled = !group.endsWith('train split');
    const count = (key: keyof Counts): void => { if (pooled) all[key]++; reg[key]++; };
    const result = suggest(doc);
    // Coverage on the first sample only: the second was chosen for having questions.
    if (!group.endsWith('train split') && result.suggestions.length > 0) suggested++;
    if (!group.endsWith('train split') && result.openQuestions.length > 0) asked++;
    for (const s of linesCounted(doc) ? result.suggestions : []) {
      for (const e of s.evidence) {
        count('shown');
        const r = ratings.evidence.find((x) => x.doc === id && x.pattern === s.pattern && x.line === e.line && x.text.toLowerCase() === e.text.toLowerCase());
        if (!r) continue;
        count('judged');
        if (r.real) count('real');
      }
    }
    if (questionsCounted(doc)) countQuestions(ratings, id, result, count);
    // The option rule AL measured where it would be used: the engineering documents of both samples.
    if (suggestDeepDivesOff && questionsCounted(doc) && doc.register === 'engineering') {
      const sample = pooled ? 0 : 1;
      countQuestions(ratings, id, result, (key) => { deepDives.on[sample]![key]++; });
      // With deep dives off the engine weighs only questions it also weighs with them on (the design
      // checks, and deep dives a marker keeps open), and shows one whenever it weighs one: a document
      // with no question gets none with them off either, so it is not analysed again (the second run
      // is kept to the documents with questions; test/unit/eval/ratings.test.ts checks the premise).
      const off = result.openQuestions.length === 0 ? result : suggestDeepDivesOff(doc);
      countQuestions(ratings, id, off, (key) => { deepDives.off[sample]![key]++; });
    }
  }
  const figures = (c: Counts): string[] => [
    `evidence lines ${pct(c.real, c.judged)} real (${c.real}/${c.judged} rated; ${c.shown - c.judged} shown now but unrated; counting those as not real: ${pct(c.real, c.shown)})`,
    `open questions ${pct(c.useful, c.qJudged)} useful (${c.useful}/${c.qJudged} rated), ${c.answered} already answered by the document; ${c.qShown - c.qJudged} unrated; counting those as not useful: ${pct(c.useful, c.qShown)} (${c.useful}/${c.qShown}); of them, design checks ${c.checksUseful}/${c.checksShown} useful, deep dives ${c.useful - c.checksUseful}/${c.qShown - c.checksShown}`,
  ];
  const unrated = (c: Counts): boolean => (c.shown > 0 && (c.shown - c.judged) / c.shown > UNRATED_WARNING) || (c.qShown > 0 && (c.qShown - c.qJudged) / c.qShown > UNRATED_WARNING);
  const registers = REGISTERS.filter((r) => byRegister.has(r));
  return [
    `rated explanations (${rated.size - missingDocs - nearDuplicates} documents${missingDocs ? `; ${missingDocs} not available here` : ''}${nearDuplicates ? `; ${nearDuplicates} left out as near-duplicates` : ''})`,
    ...registers.filter((r) => !r.endsWith('train split')).flatMap((r) => [`  ${r} register:`, ...figures(byRegister.get(r)!).map((f) => `    ${f}`)]),
    // The pool's mix of registers changes with each rating round: its share is not comparable across rounds.
    '  all registers pooled (the mix changes with every rating round: compare registers, not pools):',
    ...figures(all).map((f) => `    ${f}`),
    // Coverage beside precision: a change that asks fewer questions raises the share by silence alone.
    `  coverage: of the ${suggested} rated documents of the dev split and the fixture sets that get a suggestion, ${asked} get at least one open question (${all.qShown} questions in all)`,
    ...registers.filter((r) => r.endsWith('train split')).flatMap((r) => {
      const c = byRegister.get(r)!;
      return [
        `  ${r.replace(', train split', '')} register, train split (a second sample: questions on documents chosen for having one; evidence lines sampled, up to five a document, on documents drawn by a seeded hash):`,
        `    ${figures(c)[1]}`,
        // Only a sample of each document's lines was rated: the unrated rest says nothing of the share.
        ...(c.judged > 0 ? [`    evidence lines ${pct(c.real, c.judged)} real (${c.real}/${c.judged} rated and still shown; the other lines shown on these documents were not sampled)`] : []),
      ];
    }),
    ...(suggestDeepDivesOff ? deepDivesOffLines(deepDives) : []),
    // A train-split document's lines were sampled, not all rated: only its questions can warn.
    ...registers.filter((r) => unrated(r.endsWith('train split') ? { ...byRegister.get(r)!, shown: 0 } : byRegister.get(r)!)).map((r) =>
      `  warning: in the ${r} register more than ${Math.round(UNRATED_WARNING * 100)}% of what is shown is unrated: the rated share is not the share of what users see; rate a fresh blind sample`),
  ].join('\n');
}

/** Counts one document's shown questions against their verdicts: shown, checks, rated, useful, answered. */
function countQuestions(ratings: Ratings, id: string, result: SuggestResult, count: (key: keyof Counts) => void): void {
  for (const q of result.openQuestions) {
    count('qShown');
    // A design check's id is `<pattern>/check-<slug>` (content/suggest/checks.json).
    const check = q.id.includes('/check-');
    if (check) count('checksShown');
    const r = ratings.questions.find((x) => x.doc === id && x.question === q.id);
    if (!r) continue;
    count('qJudged');
    if (r.verdict === 'useful') count('useful');
    if (r.verdict === 'useful' && check) count('checksUseful');
    if (r.verdict === 'answered') count('answered');
  }
}

/**
 * Rule AL's option re-measured (docs/suggest.md, "Deep dives off"): the engineering documents'
 * rated questions with deep dives off, over both samples and each, beside the default (on).
 * A question shown only with them off that nobody rated counts as unrated.
 */
function deepDivesOffLines(deepDives: { on: Counts[]; off: Counts[] }): string[] {
  const sum = (cs: Counts[]): Counts => {
    const all = noCounts();
    for (const c of cs) for (const key of Object.keys(all) as (keyof Counts)[]) all[key] += c[key];
    return all;
  };
  const line = (name: string, cs: Counts[]): string => {
    const c = sum(cs);
    const [first, second] = cs as [Counts, Counts];
    return `    ${name}: ${pct(c.useful, c.qShown)} useful (${c.useful}/${c.qShown} shown), ${c.answered} answered, ${c.qJudged - c.useful - c.answered} not needed, ${c.qShown - c.qJudged} unrated; first sample ${first.useful}/${first.qShown} useful, second ${second.useful}/${second.qShown}`;
  };
  return [
    '  engineering register, both samples, open questions with deep dives off (the option suggest.deepDiveQuestions, rule AL) beside the default:',
    line('deep dives off', deepDives.off),
    line('deep dives on (default)', deepDives.on),
  ];
}
