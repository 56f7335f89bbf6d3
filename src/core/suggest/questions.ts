/**
 * Open questions: for the patterns the document most needs, the deep dives it has not answered.
 * A deep dive is answered when one of its `answeredBy` phrases stands in the document: its words in
 * order, in one block, at most two other words apart ("resume from the last event id" answers
 * "last event id"; "client", "message" and "id" scattered over a paragraph do not). A deep dive with `appliesTo` is asked when the document relies on
 * one of those solutions (and at the line where it first names it); one without is asked only for
 * the document's leading pattern, and only when the document has not named any solution of it yet.
 * A deep dive with `askedWhen` is about a situation (followers in the millions, billions of small
 * files): it is asked only when one of those phrases stands in the document, as `answeredBy` is read.
 * Only patterns the scorer is sure of get questions (content/suggest/explain.json).
 */
import type { CatalogIndex, QuestionPhrase } from './catalogIndex';
import { EXPLAIN } from './lexicon';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import type { OpenQuestion, Suggestion } from './types';

const { minScore: MIN_SCORE, maxPatterns: MAX_PATTERNS, maxPerPattern: MAX_PER_PATTERN, answersListed: MAX_ANSWERS_LISTED } = EXPLAIN.questions;

export function openQuestions(
  index: CatalogIndex, suggestions: readonly Suggestion[],
  /** `DocumentWords.blocksByKeyStem`, read with the same index: the blocks that hold each phrase's key stem. */
  blocksByKeyStem: ReadonlyMap<string, readonly (readonly string[])[]>,
  solutionLines: ReadonlyMap<string, number>, messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES,
  /** Deep dives a `<!-- sdp-todo -->` marker keeps open: never answered while the marker stands. */
  pending: ReadonlySet<string> = new Set(),
): OpenQuestion[] {
  // A block that only restates the deep dive's own title (the heading "Add a section answering"
  // inserts, say "Reconnection") says what is asked, not how: it answers nothing.
  // With no title, it says whether the phrase stands anywhere (an askedWhen situation).
  const answered = ({ stems, key }: QuestionPhrase, title: readonly string[]): boolean =>
    key !== undefined && (blocksByKeyStem.get(key) ?? []).some((block) => !sameWords(block, title) && containsLoosely(block, stems));
  const out: OpenQuestion[] = [];
  suggestions.filter((s) => s.score >= MIN_SCORE).slice(0, MAX_PATTERNS).forEach((s, rank) => {
    const named = (index.solutionsOf.get(s.pattern) ?? []).filter((sol) => solutionLines.has(sol.id));
    // Pressing questions (the document relies on a solution they apply to) first, each group in catalog order.
    const pressing: OpenQuestion[] = [];
    const general: OpenQuestion[] = [];
    for (const dd of index.deepDives) {
      if (dd.parent !== s.pattern || !dd.question) continue;
      const answers = dd.answeredBy ?? [];
      // The phrases as stems with their key stems, read once per catalog (catalogIndex.ts).
      const phrases = index.deepDivePhrases.get(dd.id)!;
      if (answers.length === 0 || (!pending.has(dd.id) && phrases.answeredBy.some((a) => answered(a, phrases.title)))) continue;
      // A marker the user set keeps its question open, situation or not.
      if (!pending.has(dd.id) && phrases.askedWhen.length > 0 && !phrases.askedWhen.some((w) => answered(w, []))) continue;
      const listed = answers.slice(0, MAX_ANSWERS_LISTED).join(', ');
      const applies = (dd.appliesTo ?? []).filter((id) => solutionLines.has(id));
      if (applies.length > 0) {
        const names = applies.map((id) => index.nodes.get(id)?.title ?? id).join(', ');
        pressing.push({ pattern: s.pattern, id: dd.id, question: dd.question, reason: fillMessage(messages.openQuestionApplies, names, listed), line: solutionLines.get(applies[0]!) });
      } else if ((dd.appliesTo ?? []).length === 0 && rank === 0 && named.length === 0) {
        general.push({ pattern: s.pattern, id: dd.id, question: dd.question, reason: fillMessage(messages.openQuestionGeneral, listed) });
      }
    }
    out.push(...[...pressing, ...general].slice(0, MAX_PER_PATTERN));
  });
  return out;
}

const MAX_GAP = 2;

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/**
 * Whether `phrase` occurs in `words` in order, with at most MAX_GAP other words between consecutive
 * ones. Every stem of the phrase must stand in `words`: the blocks are looked up by one of them
 * (`phraseKey`), so a change that made a stem optional (synonyms, optional words) must change that.
 */
export function containsLoosely(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = words.indexOf(phrase[0]!); start !== -1; start = words.indexOf(phrase[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (let k = 1; k < phrase.length && ok; k++) {
      let next = -1;
      for (let j = at + 1; j <= at + 1 + MAX_GAP && j < words.length; j++) if (words[j] === phrase[k]) { next = j; break; }
      if (next === -1) ok = false;
      else at = next;
    }
    if (ok) return true;
  }
  return false;
}
