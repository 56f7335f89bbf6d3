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
/** The order the per-register figures are printed in. */
const REGISTERS = ['engineering', 'interview', 'fixture'] as const;

export interface Ratings {
  readonly about?: string;
  readonly evidence: readonly { doc: string; pattern: string; line: number; text: string; real: boolean }[];
  readonly questions: readonly { doc: string; question: string; verdict: 'useful' | 'answered' | 'not-needed' }[];
}

interface Counts { shown: number; judged: number; real: number; qShown: number; qJudged: number; useful: number; answered: number }

const noCounts = (): Counts => ({ shown: 0, judged: 0, real: 0, qShown: 0, qJudged: 0, useful: 0, answered: 0 });

export function scoreRatings(suggest: (doc: EvalDoc) => SuggestResult, docs: readonly EvalDoc[]): string | undefined {
  if (!existsSync(RATINGS_FILE)) return undefined;
  const ratings = JSON.parse(readFileSync(RATINGS_FILE, 'utf8')) as Ratings;
  const rated = new Set([...ratings.evidence.map((e) => e.doc), ...ratings.questions.map((q) => q.doc)]);
  const byId = new Map(docs.map((d) => [d.id, d]));
  let missingDocs = 0, suggested = 0, asked = 0;
  // Counted by register: pooled, the easy registers hide the engineering documents' figures.
  const all = noCounts();
  const byRegister = new Map<string, Counts>();
  for (const id of rated) {
    const doc = byId.get(id);
    if (!doc) { missingDocs++; continue; }
    const reg = byRegister.get(doc.register) ?? noCounts();
    byRegister.set(doc.register, reg);
    const count = (key: keyof Counts): void => { all[key]++; reg[key]++; };
    const result = suggest(doc);
    if (result.suggestions.length > 0) suggested++;
    if (result.openQuestions.length > 0) asked++;
    for (const s of result.suggestions) {
      for (const e of s.evidence) {
        count('shown');
        const r = ratings.evidence.find((x) => x.doc === id && x.pattern === s.pattern && x.line === e.line && x.text.toLowerCase() === e.text.toLowerCase());
        if (!r) continue;
        count('judged');
        if (r.real) count('real');
      }
    }
    for (const q of result.openQuestions) {
      count('qShown');
      const r = ratings.questions.find((x) => x.doc === id && x.question === q.id);
      if (!r) continue;
      count('qJudged');
      if (r.verdict === 'useful') count('useful');
      if (r.verdict === 'answered') count('answered');
    }
  }
  const pct = (n: number, of: number): string => (of ? `${Math.round((100 * n) / of)}%` : '-');
  const figures = (c: Counts): string[] => [
    `evidence lines ${pct(c.real, c.judged)} real (${c.real}/${c.judged} rated; ${c.shown - c.judged} shown now but unrated; counting those as not real: ${pct(c.real, c.shown)})`,
    `open questions ${pct(c.useful, c.qJudged)} useful (${c.useful}/${c.qJudged} rated), ${c.answered} already answered by the document; ${c.qShown - c.qJudged} unrated; counting those as not useful: ${pct(c.useful, c.qShown)} (${c.useful}/${c.qShown})`,
  ];
  const unrated = (c: Counts): boolean => (c.shown > 0 && (c.shown - c.judged) / c.shown > UNRATED_WARNING) || (c.qShown > 0 && (c.qShown - c.qJudged) / c.qShown > UNRATED_WARNING);
  const registers = REGISTERS.filter((r) => byRegister.has(r));
  return [
    `rated explanations (${rated.size - missingDocs} documents${missingDocs ? `; ${missingDocs} not available here` : ''})`,
    ...registers.flatMap((r) => [`  ${r} register:`, ...figures(byRegister.get(r)!).map((f) => `    ${f}`)]),
    // The pool's mix of registers changes with each rating round: its share is not comparable across rounds.
    '  all registers pooled (the mix changes with every rating round: compare registers, not pools):',
    ...figures(all).map((f) => `    ${f}`),
    // Coverage beside precision: a change that asks fewer questions raises the share by silence alone.
    `  coverage: of the ${suggested} rated documents that get a suggestion, ${asked} get at least one open question (${all.qShown} questions in all)`,
    ...registers.filter((r) => unrated(byRegister.get(r)!)).map((r) =>
      `  warning: in the ${r} register more than ${Math.round(UNRATED_WARNING * 100)}% of what is shown is unrated: the rated share is not the share of what users see; rate a fresh blind sample`),
  ].join('\n');
}
