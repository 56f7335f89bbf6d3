/**
 * The rated sample of the words named beside each suggestion (`Suggestion.words`, scoreWords.ts),
 * kept in eval/word-ratings.json: for suggestions on dev-split engineering documents, each named
 * word judged relevant (as the document uses it, it names something the document designs, needs or
 * must handle that belongs to the pattern's problem) or not, by raters who saw the documents, the
 * pattern definitions and the words, not the scores. The eval re-runs the engine on the rated
 * documents and scores the words it names now; a word named now that nobody rated is counted apart,
 * and also as not relevant, as eval/ratings.ts does for lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuggestResult } from '../src/core/suggest';
import { EXPLAIN } from '../src/core/suggest/lexicon';
import type { EvalDoc } from './docs';
import { pct } from './ratings';

export const WORD_RATINGS_FILE = join(__dirname, 'word-ratings.json');
/** The lowest score at which a suggestion may quote keyword lines (content/suggest/explain.json): the words are counted on each side of it. */
const LINE_SCORE = Math.min(...EXPLAIN.evidenceLinesByScore.filter((s) => s.lines > 0).map((s) => s.minScore));

export interface WordRatings {
  readonly about: string;
  /** `words`: the settled verdicts; `first` and `second`: each rater's, where kept. */
  readonly items: readonly {
    readonly doc: string; readonly pattern: string; readonly words: Readonly<Record<string, boolean>>;
    readonly first?: Readonly<Record<string, boolean>>; readonly second?: Readonly<Record<string, boolean>>;
  }[];
}

interface Tally { named: number; rated: number; relevant: number }

export function readWordRatings(file = WORD_RATINGS_FILE): WordRatings | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WordRatings) : undefined;
}

/**
 * The lines `npm run eval` prints; undefined when there is no ratings file. `source`: the ratings, or
 * the file to read them from. `leftOut`: dev documents left out as near-duplicates (eval/nearDuplicates.ts),
 * whose ratings are not counted, as eval/ratings.ts does.
 */
export function scoreWordRatings(
  suggest: (doc: EvalDoc) => SuggestResult, docs: readonly EvalDoc[], source: WordRatings | string = WORD_RATINGS_FILE, leftOut: ReadonlySet<string> = new Set(),
): string | undefined {
  const ratings = typeof source === 'string' ? readWordRatings(source) : source;
  if (!ratings) return undefined;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const tallies = { all: tally(), sure: tally(), weak: tally(), first: tally(), others: tally() };
  let missing = 0, nearDuplicates = 0;
  // A rated pattern no longer suggested drops its words from the tally: said, since dropping weak
  // suggestions would otherwise raise the share unseen.
  let gone = 0;
  for (const item of ratings.items) {
    if (leftOut.has(item.doc)) { nearDuplicates++; continue; }
    const doc = byId.get(item.doc);
    if (!doc) { missing++; continue; }
    const suggestions = suggest(doc).suggestions;
    const s = suggestions.find((x) => x.pattern === item.pattern);
    if (!s) { gone++; continue; }
    for (const word of s.words) {
      const verdict = Object.hasOwn(item.words, word) ? item.words[word] : undefined;
      for (const t of [tallies.all, s.score >= LINE_SCORE ? tallies.sure : tallies.weak, s === suggestions[0] ? tallies.first : tallies.others]) {
        t.named++;
        if (verdict !== undefined) t.rated++;
        if (verdict === true) t.relevant++;
      }
    }
  }
  const line = (t: Tally): string => `${pct(t.relevant, t.rated)} relevant (${t.relevant}/${t.rated} rated; ${t.named - t.rated} named now but unrated; counting those as not relevant: ${pct(t.relevant, t.named)})`;
  return [
    `rated words that raised a score (${ratings.items.length - missing - gone - nearDuplicates} suggestions${gone ? `; ${gone} rated no longer suggested` : ''}${missing ? `; ${missing} on documents not available here` : ''}${nearDuplicates ? `; ${nearDuplicates} on documents left out as near-duplicates` : ''}):`,
    `  all: ${line(tallies.all)}`,
    `  suggestions scored ${LINE_SCORE} or more: ${line(tallies.sure)}`,
    `  suggestions scored below ${LINE_SCORE}: ${line(tallies.weak)}`,
    `  the first suggestion of a document: ${line(tallies.first)}`,
    `  the others: ${line(tallies.others)}`,
  ].join('\n');
}

function tally(): Tally {
  return { named: 0, rated: 0, relevant: 0 };
}
