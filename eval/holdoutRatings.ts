/**
 * The blind rating of the engine's explanations on the holdout split (plan HR,
 * eval/preregistered/2026-12-06-session-17.md), kept in eval/holdout-ratings.json apart from
 * eval/ratings.json: never used to choose or tune anything.
 *
 *   npx tsx eval/holdoutRatings.ts                 the engine now against the ratings, in summary
 *   npx tsx eval/holdoutRatings.ts --packet DIR    write a rating packet (how the round was drawn)
 *   npx tsx eval/holdoutRatings.ts --merge DIR     settle DIR's rater files into the ratings file
 *
 * The packet: every holdout document the engine suggests anything for, under a neutral name (D01..,
 * ordered by the SHA-1 of "hr:" + its id), with every evidence item it shows (`lines.json`: the line,
 * the pattern and the tool's reason, no score) and every open question (`questions.json`: the text
 * only), the pattern definitions of eval/corpus/LABELLING.md (`patterns.md`) and the rater brief
 * (eval/holdout-rating-brief.md). The key from neutral names and items back to documents is written
 * beside the folder (`DIR.key.json`), where raters are not sent.
 * The merge: rater files `rater-<A|B>-group<N>.json` (two raters for each group of documents) and
 * `rater-C.json` (a third, for the items the two split on), shaped as the brief says.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSuggestEngine, type SuggestResult } from '../src/core/suggest';
import { loadRepoCatalog } from './catalog';
import { corpusDocs, type EvalDoc } from './docs';
import { argDir } from './holdout';
import { bootstrapIntervals } from './intervals';
import { pct } from './ratings';

export const HOLDOUT_RATINGS_FILE = join(__dirname, 'holdout-ratings.json');
export const RATING_BRIEF = join(__dirname, 'holdout-rating-brief.md');
/** Documents D01..D(GROUP_SIZE) are group 1, the rest group 2 (the brief says so too). */
export const GROUP_SIZE = 37;

type Verdict = 'useful' | 'answered' | 'not-needed';
export interface HoldoutRatings {
  readonly about: string;
  /** YYYY-MM-DD; a merge redone keeps it. */
  readonly ratedOn?: string;
  readonly evidence: readonly { doc: string; pattern: string; line: number; text: string; real: boolean; group?: number }[];
  readonly questions: readonly { doc: string; question: string; verdict: Verdict; group?: number }[];
}

interface Tally { shown: number; rated: number; real: number }
const tally = (): Tally => ({ shown: 0, rated: 0, real: 0 });
/** Items grouped by a key, in first-seen order (Map.groupBy is not in Node 20). */
function groupBy<T>(items: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = by(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
const lineKey = (doc: string, pattern: string, line: number, text: string): string => `${doc}\u0000${pattern}\u0000${line}\u0000${text.toLowerCase()}`;
const questionKey = (doc: string, question: string): string => `${doc}\u0000${question}`;

export type Relation = 'primary' | 'relevant' | 'neither';
/** One rated evidence item shown now, for intervals by document. */
export interface RatedLine { readonly doc: string; readonly repo: string; readonly relation: Relation; readonly real: boolean }

/**
 * What the engine shows now on `docs` (every document of the split, rated or not) against the
 * ratings: evidence items (all, keyword lines, figures, by the suggestion's score band, and by how
 * the document's labels stand to the pattern) and questions; items shown now that nobody rated, and
 * rated items no longer shown, counted apart; and how many documents and suggestions show anything.
 * Lines match as eval/ratings.ts matches them (the span's text without regard to case).
 */
export function tallyRatings(ratings: HoldoutRatings, docs: readonly Pick<EvalDoc, 'id' | 'repo' | 'text' | 'primary' | 'relevant'>[], suggest: (text: string) => SuggestResult) {
  const lines = new Map(ratings.evidence.map((e) => [lineKey(e.doc, e.pattern, e.line, e.text), e.real]));
  const questions = new Map(ratings.questions.map((q) => [questionKey(q.doc, q.question), q.verdict]));
  const groups = { all: tally(), keyword: tally(), figures: tally(), from07: tally(), from05to07: tally(), below05: tally(), primary: tally(), relevant: tally(), neither: tally() };
  const verdicts = { shown: 0, rated: 0, useful: 0, answered: 0, 'not-needed': 0 };
  const coverage = { suggestedDocs: 0, docsWithLine: 0, docsWithQuestion: 0, suggestions: 0, suggestionsWithLine: 0 };
  const seenLines = new Set<string>(), seenQuestions = new Set<string>();
  const rated: RatedLine[] = [];
  const ids = new Set(docs.map((d) => d.id));
  for (const doc of docs) {
    const result = suggest(doc.text);
    if (result.suggestions.length === 0) continue;
    coverage.suggestedDocs++;
    if (result.suggestions.some((s) => s.evidence.length > 0)) coverage.docsWithLine++;
    if (result.openQuestions.length > 0) coverage.docsWithQuestion++;
    for (const s of result.suggestions) {
      coverage.suggestions++;
      if (s.evidence.length > 0) coverage.suggestionsWithLine++;
      const relation: Relation = doc.primary === s.pattern ? 'primary' : doc.relevant.includes(s.pattern) ? 'relevant' : 'neither';
      const band = s.score >= 0.7 ? 'from07' : s.score >= 0.5 ? 'from05to07' : 'below05';
      for (const e of s.evidence) {
        const key = lineKey(doc.id, s.pattern, e.line, e.text);
        const real = lines.get(key);
        if (real !== undefined) { seenLines.add(key); rated.push({ doc: doc.id, repo: doc.repo, relation, real }); }
        for (const g of [groups.all, e.kind === 'keyword' ? groups.keyword : groups.figures, groups[band], groups[relation]]) {
          g.shown++;
          if (real !== undefined) { g.rated++; if (real) g.real++; }
        }
      }
    }
    for (const q of result.openQuestions) {
      verdicts.shown++;
      const key = questionKey(doc.id, q.id);
      const v = questions.get(key);
      if (v) { seenQuestions.add(key); verdicts.rated++; verdicts[v]++; }
    }
  }
  const notShown = {
    lines: ratings.evidence.filter((e) => ids.has(e.doc) && !seenLines.has(lineKey(e.doc, e.pattern, e.line, e.text))).length,
    questions: ratings.questions.filter((q) => ids.has(q.doc) && !seenQuestions.has(questionKey(q.doc, q.question))).length,
  };
  const missing = new Set([...ratings.evidence, ...ratings.questions].map((x) => x.doc).filter((d) => !ids.has(d))).size;
  return { groups, verdicts, coverage, notShown, missing, rated };
}

/** 95% intervals of the real share, all items and by relation, resampling documents (items of one document move together). */
export function intervalsByDocument(rated: readonly RatedLine[]): Record<'all' | Relation, [number, number]> {
  const byDoc = [...groupBy(rated, (r) => r.doc).values()];
  const share = (which: (r: RatedLine) => boolean) => (sample: readonly RatedLine[][]): number => {
    const items = sample.flat().filter(which);
    return items.length ? items.filter((r) => r.real).length / items.length : NaN;
  };
  const [all, primary, relevant, neither] = bootstrapIntervals(byDoc, [
    share(() => true), share((r) => r.relation === 'primary'), share((r) => r.relation === 'relevant'), share((r) => r.relation === 'neither'),
  ]);
  return { all: all!, primary: primary!, relevant: relevant!, neither: neither! };
}

function report(): void {
  if (!existsSync(HOLDOUT_RATINGS_FILE)) throw new Error(`no ${HOLDOUT_RATINGS_FILE}`);
  const ratings = JSON.parse(readFileSync(HOLDOUT_RATINGS_FILE, 'utf8')) as HoldoutRatings;
  const docs = corpusDocs('holdout');
  if (docs.length === 0) throw new Error('the holdout split is not materialised (npx tsx eval/corpus/materialise.ts)');
  const engine = createSuggestEngine(loadRepoCatalog({ strict: true }));
  const t = tallyRatings(ratings, docs, (text) => engine.suggest(text));
  const range = ([lo, hi]: [number, number]): string => (Number.isFinite(lo) && Number.isFinite(hi) ? `; by document ${pct(lo, 1)} to ${pct(hi, 1)}` : '');
  const ci = intervalsByDocument(t.rated);
  const line = (title: string, g: Tally, interval?: [number, number]): string =>
    `  ${title}: ${g.real} of ${g.rated} rated real (${pct(g.real, g.rated)}${interval ? range(interval) : ''})${g.shown > g.rated ? `; ${g.shown - g.rated} shown now but unrated (counting those as not real: ${pct(g.real, g.shown)})` : ''}`;
  console.log(`holdout split, explanations rated blind (plan HR)${t.missing ? `; ${t.missing} rated documents not materialised here` : ''}:`);
  console.log(`  shown now: ${t.coverage.suggestedDocs} documents get a suggestion; ${t.coverage.docsWithLine} of them show an evidence item and ${t.coverage.docsWithQuestion} a question; ${t.coverage.suggestionsWithLine} of ${t.coverage.suggestions} suggestions carry an evidence item`);
  if (t.notShown.lines || t.notShown.questions) console.log(`  rated but no longer shown: ${t.notShown.lines} evidence items, ${t.notShown.questions} questions`);
  console.log(line('evidence items', t.groups.all, ci.all));
  console.log(line('keyword lines', t.groups.keyword));
  console.log(line('figures past a limit', t.groups.figures));
  console.log(line('suggestions scored 0.7 or more', t.groups.from07));
  console.log(line('suggestions scored 0.5 to 0.7', t.groups.from05to07));
  console.log(line('suggestions scored below 0.5 (figures only)', t.groups.below05));
  console.log(line('the labels\' primary pattern', t.groups.primary, ci.primary));
  console.log(line('a relevant pattern, not the primary', t.groups.relevant, ci.relevant));
  console.log(line('a pattern the labels do not name', t.groups.neither, ci.neither));
  for (const [repo, items] of groupBy(t.rated, (r) => r.repo)) console.log(`  ${repo}: ${items.filter((r) => r.real).length} of ${items.length} rated real`);
  console.log(`  open questions: ${t.verdicts.useful} of ${t.verdicts.rated} rated useful (${pct(t.verdicts.useful, t.verdicts.rated)}), ${t.verdicts.answered} answered by the document, ${t.verdicts['not-needed']} not needed${t.verdicts.shown > t.verdicts.rated ? `; ${t.verdicts.shown - t.verdicts.rated} shown now but unrated` : ''}`);
}

/** The packet and its key, as the round drew them. */
export function drawPacket(docs: readonly EvalDoc[], suggest: (text: string) => SuggestResult) {
  const drawn = docs.map((d) => ({ d, r: suggest(d.text) })).filter(({ r }) => r.suggestions.length > 0)
    .sort((a, b) => createHash('sha1').update(`hr:${a.d.id}`).digest('hex').localeCompare(createHash('sha1').update(`hr:${b.d.id}`).digest('hex')));
  const lines: { item: string; doc: string; pattern: string; line: number; lineText: string; reason: string }[] = [];
  const questions: { item: string; doc: string; question: string }[] = [];
  const key: Record<string, { doc: string; name: string; group: number; pattern: string; line?: number; text?: string; question?: string }> = {};
  const files: { name: string; text: string }[] = [];
  drawn.forEach(({ d, r }, i) => {
    const name = `D${String(i + 1).padStart(2, '0')}${d.id.endsWith('.rst') ? '.rst' : '.md'}`;
    const group = i < GROUP_SIZE ? 1 : 2;
    files.push({ name, text: d.text });
    const text = d.text.split('\n');
    for (const s of r.suggestions) for (const e of s.evidence) {
      const item = `L${String(lines.length + 1).padStart(3, '0')}`;
      lines.push({ item, doc: name, pattern: s.pattern, line: e.line, lineText: (text[e.line - 1] ?? '').slice(0, 500), reason: e.reason });
      key[item] = { doc: d.id, name, group, pattern: s.pattern, line: e.line, text: e.text };
    }
    for (const q of r.openQuestions) {
      const item = `Q${String(questions.length + 1).padStart(3, '0')}`;
      questions.push({ item, doc: name, question: q.question });
      key[item] = { doc: d.id, name, group, pattern: q.pattern, question: q.id };
    }
  });
  return { files, lines, questions, key };
}

function writePacket(dir: string): void {
  const engine = createSuggestEngine(loadRepoCatalog({ strict: true }));
  const { files, lines, questions, key } = drawPacket(corpusDocs('holdout'), (text) => engine.suggest(text));
  mkdirSync(join(dir, 'docs'), { recursive: true });
  for (const f of files) writeFileSync(join(dir, 'docs', f.name), f.text);
  const labelling = readFileSync(join(__dirname, 'corpus', 'LABELLING.md'), 'utf8');
  writeFileSync(join(dir, 'patterns.md'), labelling.slice(labelling.indexOf('## The seven patterns'), labelling.indexOf('## Confidence')));
  writeFileSync(join(dir, 'lines.json'), JSON.stringify(lines, null, 1));
  writeFileSync(join(dir, 'questions.json'), JSON.stringify(questions, null, 1));
  copyFileSync(RATING_BRIEF, join(dir, 'INSTRUCTIONS.md'));
  writeFileSync(`${dir.replace(/\/+$/, '')}.key.json`, JSON.stringify(key, null, 1));
  console.log(`${files.length} documents, ${lines.length} evidence items, ${questions.length} questions`);
}

type RaterFile = { lines?: { item: string; real: boolean }[]; questions?: { item: string; verdict: Verdict }[] };

/** Settles the raters' verdicts: the two raters' where they agree, else the third's (only there). */
export function settle(items: readonly string[], a: ReadonlyMap<string, boolean | Verdict>, b: ReadonlyMap<string, boolean | Verdict>, c: ReadonlyMap<string, boolean | Verdict>) {
  return items.map((item) => {
    if (!a.has(item) || !b.has(item)) throw new Error(`${item}: a rater's verdict is missing`);
    const agree = a.get(item) === b.get(item);
    if (!agree && !c.has(item)) throw new Error(`${item}: the two raters split and no third verdict settles it`);
    return { item, verdict: agree ? a.get(item)! : c.get(item)!, raters: { a: a.get(item)!, b: b.get(item)!, ...(agree ? {} : { third: c.get(item)! }) } };
  });
}

function merge(dir: string): void {
  const key = JSON.parse(readFileSync(`${dir.replace(/\/+$/, '')}.key.json`, 'utf8')) as ReturnType<typeof drawPacket>['key'];
  const read = (who: string): Map<string, boolean | Verdict> => {
    const m = new Map<string, boolean | Verdict>();
    for (const f of readdirSync(dir).filter((f) => f.startsWith(`rater-${who}-`) || f === `rater-${who}.json`)) {
      const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RaterFile;
      for (const x of r.lines ?? []) m.set(x.item, x.real);
      for (const x of r.questions ?? []) m.set(x.item, x.verdict);
    }
    return m;
  };
  const [a, b, c] = [read('A'), read('B'), read('C')];
  const items = Object.keys(key);
  const settled = new Map(settle(items, a, b, c).map((s) => [s.item, s]));
  const evidence = items.filter((i) => i.startsWith('L')).map((i) => {
    const k = key[i]!, s = settled.get(i)!;
    return { doc: k.doc, pattern: k.pattern, line: k.line!, text: k.text!, group: k.group, real: s.verdict as boolean, raters: s.raters };
  });
  const questions = items.filter((i) => i.startsWith('Q')).map((i) => {
    const k = key[i]!, s = settled.get(i)!;
    return { doc: k.doc, question: k.question!, group: k.group, verdict: s.verdict as Verdict, raters: s.raters };
  });
  // A merge redone keeps the file's account of the round and its date.
  const before = existsSync(HOLDOUT_RATINGS_FILE) ? JSON.parse(readFileSync(HOLDOUT_RATINGS_FILE, 'utf8')) as HoldoutRatings : undefined;
  writeFileSync(HOLDOUT_RATINGS_FILE, `${JSON.stringify({ about: before?.about ?? '', ratedOn: before?.ratedOn ?? new Date().toISOString().slice(0, 10), evidence, questions }, null, 1)}\n`);
  console.log(`wrote ${HOLDOUT_RATINGS_FILE}: ${evidence.length} evidence items, ${questions.length} questions`);
}

if (require.main === module) {
  try {
    const packet = argDir('--packet', 'the folder to write the packet into'), merged = argDir('--merge', 'the packet folder holding the raters\' files');
    if (packet) writePacket(packet);
    else if (merged) merge(merged);
    else report();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
