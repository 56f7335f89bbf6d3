/**
 * Open questions: for the patterns the document most needs, the deep dives it has not answered.
 * A deep dive is answered when the words of one of its `answeredBy` phrases all stand in one block
 * of the document, in any order. A deep dive with `appliesTo` is asked when the document relies on
 * one of those solutions (and at the line where it first names it); one without is asked only for
 * the document's leading pattern, and only when the document has not named any solution of it yet.
 * Only patterns the scorer is sure of get questions (content/suggest/explain.json).
 */
import type { CatalogIndex } from './catalogIndex';
import { EXPLAIN } from './lexicon';
import { messages } from './messages';
import { tokenize } from './tokens';
import type { OpenQuestion, Suggestion } from './types';

const { minScore: MIN_SCORE, maxPatterns: MAX_PATTERNS, maxPerPattern: MAX_PER_PATTERN, answersListed: MAX_ANSWERS_LISTED } = EXPLAIN.questions;

export function openQuestions(
  index: CatalogIndex, suggestions: readonly Suggestion[], stemsByBlock: readonly (readonly string[])[],
  solutionLines: ReadonlyMap<string, number>,
): OpenQuestion[] {
  const blocks = stemsByBlock.map((b) => new Set(b));
  const answered = (phrase: string): boolean => {
    const stems = tokenize(phrase).map((t) => t.stem);
    return stems.length > 0 && blocks.some((b) => stems.every((s) => b.has(s)));
  };
  const out: OpenQuestion[] = [];
  suggestions.filter((s) => s.score >= MIN_SCORE).slice(0, MAX_PATTERNS).forEach((s, rank) => {
    const named = (index.solutionsOf.get(s.pattern) ?? []).filter((sol) => solutionLines.has(sol.id));
    const asked: OpenQuestion[] = [];
    for (const dd of index.deepDives) {
      if (dd.parent !== s.pattern || !dd.question) continue;
      const answers = dd.answeredBy ?? [];
      if (answers.length === 0 || answers.some(answered)) continue;
      const listed = answers.slice(0, MAX_ANSWERS_LISTED).join(', ');
      const applies = (dd.appliesTo ?? []).filter((id) => solutionLines.has(id));
      if (applies.length > 0) {
        const names = applies.map((id) => index.nodes.get(id)?.title ?? id).join(', ');
        asked.unshift({ pattern: s.pattern, id: dd.id, question: dd.question, reason: messages.openQuestionApplies(names, listed), line: solutionLines.get(applies[0]!) });
      } else if ((dd.appliesTo ?? []).length === 0 && rank === 0 && named.length === 0) {
        asked.push({ pattern: s.pattern, id: dd.id, question: dd.question, reason: messages.openQuestionGeneral(listed) });
      }
    }
    out.push(...asked.slice(0, MAX_PER_PATTERN));
  });
  return out;
}
