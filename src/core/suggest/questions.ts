/**
 * Open questions: for each suggested pattern, the deep dives the doc does not answer yet.
 * A deep dive is answered when one of its `answeredBy` phrases appears (not negated). One with
 * `appliesTo` is pressing when the doc relies on one of those solutions, or has not picked any
 * solution of the pattern yet; one without `appliesTo` always applies.
 */
import { messages } from './messages';
import type { OpenQuestion, Suggestion } from './types';
import type { Vocabulary } from './vocabulary';

const MAX_PER_PATTERN = 3;
const MAX_ANSWERS_LISTED = 4;

export function openQuestions(
  vocabulary: Vocabulary, suggestions: readonly Suggestion[], answered: ReadonlySet<string>, mentionedSolutions: ReadonlySet<string>,
): OpenQuestion[] {
  const out: OpenQuestion[] = [];
  for (const s of suggestions) {
    const pressing: OpenQuestion[] = [];
    const general: OpenQuestion[] = [];
    const pickedAny = (vocabulary.solutionsOf.get(s.pattern) ?? []).some((sol) => mentionedSolutions.has(sol.id));
    for (const dd of vocabulary.deepDives) {
      if (dd.parent !== s.pattern || !dd.question || answered.has(dd.id)) continue;
      const answers = (dd.answeredBy ?? []).slice(0, MAX_ANSWERS_LISTED).join(', ');
      const applies = (dd.appliesTo ?? []).filter((id) => mentionedSolutions.has(id));
      if (applies.length > 0) {
        const title = applies.map((id) => vocabulary.nodes.get(id)?.title ?? id).join(', ');
        pressing.push({ pattern: s.pattern, id: dd.id, question: dd.question, reason: messages.openQuestionApplies(title, answers) });
      } else if ((dd.appliesTo ?? []).length === 0 || !pickedAny) {
        general.push({ pattern: s.pattern, id: dd.id, question: dd.question, reason: messages.openQuestionGeneral(answers) });
      }
    }
    out.push(...[...pressing, ...general].slice(0, MAX_PER_PATTERN));
  }
  return out;
}
