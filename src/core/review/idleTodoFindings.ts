/**
 * `sdp-todo` markers that keep no question open (src/core/suggest/idleTodos.ts) as findings: a
 * warning at the marker, in the same words for the Problems panel, SARIF and the CLI's text, saying
 * why it keeps nothing open and what to do about it.
 */
import type { IdleTodo } from '../suggest/types';
import { fill, type ReviewLabels } from './labels';
import { spanRange, type TextRange } from './ranges';

/** The rule (SARIF) and code (Problems) of an sdp-todo marker that keeps no question open. */
export const IDLE_TODO_RULE = 'idle-todo';

export interface IdleTodoFinding {
  readonly kind: 'idle-todo';
  readonly ruleId: typeof IDLE_TODO_RULE;
  /** The marker's opener and id as written on its first line (`<!-- sdp-todo: contention/deadlocks`): `idle.text`. */
  readonly range: TextRange;
  readonly message: string;
  readonly idle: IdleTodo;
}

/** Why the marker keeps nothing open, and what to do: the sentence its message ends with. */
export function idleTodoReason(t: IdleTodo, labels: ReviewLabels): string {
  const either = (titles: readonly string[]): string => titles.reduce((a, b) => fill(labels.eitherOf, a, b));
  // A reason that would name no title (the engine and the worker-result check never give one) says
  // what is still true: the question is not asked.
  const named = (titles: readonly string[] | undefined, label: string): string => (titles?.length ? fill(label, either(titles)) : labels.idleTodoNotAsked);
  switch (t.reason) {
    case 'solution-not-named': return named(t.solutionTitles, labels.idleTodoSolutionNotNamed);
    case 'pattern-not-suggested': return named(t.patternTitles, labels.idleTodoPatternNotSuggested);
    case 'ignored': return labels.idleTodoIgnored;
    case 'not-asked': return labels.idleTodoNotAsked;
  }
}

/**
 * An idle marker's message unfilled: {0} its id, a word of code; {1} why and what to do, a sentence
 * with titles in it, filled in as text (`plain`). The reason is an argument, not spliced into the
 * template, so a "{0}" in a title is never read as a placeholder. The Problems panel's message and
 * the copied review's line are both filled from it.
 */
export function idleTodoWording(t: IdleTodo, labels: ReviewLabels): { template: string; args: readonly string[]; plain: readonly number[] } {
  return { template: labels.idleTodoMessage, args: [t.id, idleTodoReason(t, labels)], plain: [1] };
}

/** A warning at each idle marker, over its opener and id on its first line (the id stands on that line, right after the opener: a marker without one there, or with another comment before it, is a malformed comment, not an idle one). */
export function idleTodoFindings(idle: readonly IdleTodo[], labels: ReviewLabels): IdleTodoFinding[] {
  return idle.map((t) => {
    const wording = idleTodoWording(t, labels);
    return { kind: 'idle-todo', ruleId: IDLE_TODO_RULE, range: spanRange(t.line, t.column, t.text), message: fill(wording.template, ...wording.args), idle: t };
  });
}
