/**
 * `sdp-todo` markers that keep nothing open. A marker naming a known deep dive or design check keeps
 * its question open only when the review asks that question of the document at all: a deep dive
 * about a solution is asked only when the document relies on that solution, any question only under
 * a pattern the review is sure the document needs, and never when an `sdp-ignore` comment names it
 * too. Otherwise the marker does nothing while the writer believes it holds a question open; each
 * such marker is told why, so the writer can name the solution, or delete the marker.
 */
import type { CatalogIndex } from './catalogIndex';
import type { TodoComment } from './ignoreComments';
import { sureSuggestions, withReplacedPairs } from './questions';
import type { IdleTodo, OpenQuestion, Suggestion } from './types';

export function idleTodos(
  index: Pick<CatalogIndex, 'deepDives' | 'checks' | 'nodes'>,
  todos: readonly TodoComment[],
  /** The questions the document shows (with deep dives off, those a marker keeps open are among them). */
  questions: readonly OpenQuestion[],
  suggestions: readonly Suggestion[],
  solutionLines: ReadonlyMap<string, number>,
  ignoredIds: ReadonlySet<string>,
): IdleTodo[] {
  const asked = new Set(questions.map((q) => q.id));
  const sure = new Set(sureSuggestions(suggestions).map((s) => s.pattern));
  const title = (id: string): string => index.nodes.get(id)?.title ?? id;
  // Hidden as the review hides it: the question under either of its two ids (a check and the deep
  // dive it replaces), or every pattern it is asked under (an ignored pattern is never suggested).
  const hidden = withReplacedPairs(index.checks, ignoredIds);
  const out: IdleTodo[] = [];
  for (const todo of todos) {
    if (asked.has(todo.id)) continue;
    const deepDive = index.deepDives.find((d) => d.id === todo.id);
    const check = deepDive ? undefined : index.checks.find((c) => c.check.id === todo.id);
    // No question at all: the unknown-id warning already says so.
    if (!deepDive && !check) continue;
    const patterns = deepDive ? (deepDive.parent ? [deepDive.parent] : []) : check!.patterns;
    const where = { id: todo.id, line: todo.line + 1, column: todo.character + 1, text: todo.text };
    const appliesTo = deepDive?.appliesTo ?? [];
    if (hidden.has(todo.id) || (patterns.length > 0 && patterns.every((p) => hidden.has(p)))) out.push({ ...where, reason: 'ignored' });
    else if (patterns.length > 0 && !patterns.some((p) => sure.has(p))) out.push({ ...where, reason: 'pattern-not-suggested', patterns, patternTitles: patterns.map(title) });
    else if (appliesTo.length > 0 && !appliesTo.some((s) => solutionLines.has(s))) out.push({ ...where, reason: 'solution-not-named', solutions: appliesTo, solutionTitles: appliesTo.map(title) });
    else out.push({ ...where, reason: 'not-asked' });
  }
  return out;
}
