/**
 * The words of the in-document review (hovers, CodeLens, diagnostics, quick fixes, the section a
 * quick fix inserts). Templates with `{0}`-style placeholders, as `vscode.l10n.t` uses: the editor
 * passes a table built from `vscode.l10n.t` literals (src/extension/review/reviewStrings.ts), the
 * CLI and the tests the English one below.
 */
export interface ReviewLabels {
  /** CodeLens at the top: {0} pattern title, {1} score as a percentage. */
  readonly lensTop: string;
  /** CodeLens at a heading: {0} pattern title, {1} how many evidence spans the section holds. */
  readonly lensHeading: string;
  /** Tooltip of a CodeLens: {0} pattern title. */
  readonly lensTooltip: string;
  /** Hover, first line: {0} pattern title, {1} score as a percentage. */
  readonly hoverPattern: string;
  /** Hover: {0} the solution the words point to. */
  readonly hoverPointsTo: string;
  /** Hover: {0} why the span counted. */
  readonly hoverWhy: string;
  /** Hover: {0} the limit the figure was compared with ("writes/s > 10,000"). */
  readonly hoverLimit: string;
  /** Hover: the link that opens the card beside the document; {0} the card's title. */
  readonly hoverOpenCard: string;
  /** Diagnostic: {0} pattern title, {1} the question, {2} why it is asked. */
  readonly questionMessage: string;
  /** Diagnostic: {0} pattern title, {1} why the figure counted, {2} the limit. */
  readonly capacityMessage: string;
  /** Diagnostic: {0} a word an sdp-ignore comment names that is no id, as written. */
  readonly unknownIgnoreId: string;
  /** Diagnostic: {0} that word, {1} the known id it is close to. */
  readonly unknownIgnoreIdNearest: string;
  /** Diagnostic: {0} an sdp-todo marker's word that is no deep-dive or design-check id, as written. */
  readonly unknownTodoId: string;
  /** Diagnostic: {0} that word, {1} the known id it is close to. */
  readonly unknownTodoIdNearest: string;
  /** Diagnostic: {0} an sdp-ignore comment's word that is a deep dive no document is asked (a combination's), as written. */
  readonly unaskedDeepDiveIgnore: string;
  /** Diagnostic: {0} an sdp-todo marker's word that is such a deep dive, as written. */
  readonly unaskedDeepDiveTodo: string;
  /** Diagnostic at an sdp-ignore comment's opener when the comment does not close on its line. */
  readonly ignoreNotClosed: string;
  /** Diagnostic at an sdp-todo marker's opener when no id follows its colon on that line. */
  readonly todoNamesNothing: string;
  /** Diagnostic at an sdp-todo marker's opener when no `-->` (nor `--!>`) follows it. */
  readonly todoNotClosed: string;
  /** Diagnostic at an sdp-todo marker's opener when it is paragraph text (inside a line, or a continuation line indented four columns) and its `-->` comes after its paragraph (a preview shows it as text). */
  readonly todoEndsPastParagraph: string;
  /** Diagnostic at an sdp-todo marker's opener when another comment (`<!--`) opens right after its colon, before its id (a preview ends the marker at that comment's `-->` and shows the id as text). */
  readonly todoCommentBeforeId: string;
  /** Diagnostic at an sdp-todo marker that keeps no question open: {0} its id, {1} why and what to do (one of the four below). */
  readonly idleTodoMessage: string;
  /** Why: {0} the solutions the question is about (eitherOf), none of which the document names. */
  readonly idleTodoSolutionNotNamed: string;
  /** Why: {0} the patterns it is asked under (eitherOf), none of which the review is sure of. */
  readonly idleTodoPatternNotSuggested: string;
  /** Why: an sdp-ignore comment names the same question or its pattern. */
  readonly idleTodoIgnored: string;
  /** Why: the review does not ask this question here. */
  readonly idleTodoNotAsked: string;
  /** Two titles either of which would do ("Pessimistic Locking or Distributed Locks"): {0}, {1}. */
  readonly eitherOf: string;
  /** Quick fix on an unknown id: {0} the known id that replaces it. */
  readonly fixChangeId: string;
  /** Quick fix on an unknown id in an sdp-ignore comment: {0} the word, as written. */
  readonly fixRemoveId: string;
  /** Quick fix: {0} the deep dive's title (the new section's heading). */
  readonly fixAddSection: string;
  /** Quick fix: {0} the card's title. */
  readonly fixOpenCard: string;
  /** Quick fix: {0} what is ignored (a pattern or question title), {1} its id. */
  readonly fixIgnore: string;
  /** Quick fix on a deep dive: it writes `<!-- sdp-ignore: deep-dives -->` (no argument: the comment is code, not words to translate). */
  readonly fixNoDeepDives: string;
  /** Inside the inserted section's sdp-todo marker: {0} the question. */
  readonly sectionQuestion: string;
  /** Inside the marker: where the answer goes, and that deleting the marker closes the question. */
  readonly sectionAnswer: string;
}

export const ENGLISH_REVIEW_LABELS: ReviewLabels = {
  lensTop: '$(lightbulb) {0} {1}',
  lensHeading: '$(quote) {0} · evidence lines in this section: {1}',
  lensTooltip: 'Open the card of {0} beside the document',
  hoverPattern: '**{0}** · {1}',
  hoverPointsTo: 'Points to: {0}',
  hoverWhy: 'Why it counted: {0}',
  hoverLimit: 'Limit compared with: {0}',
  hoverOpenCard: 'Open the card of {0} beside the document',
  questionMessage: 'Open question ({0}): {1} Why: {2}.',
  capacityMessage: '{0}: {1} (limit: {2}).',
  unknownIgnoreId: '"{0}" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing.',
  unknownIgnoreIdNearest: '"{0}" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "{1}"?',
  unknownTodoId: '"{0}" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open.',
  unknownTodoIdNearest: '"{0}" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open. Did you mean "{1}"?',
  unaskedDeepDiveIgnore: '"{0}" is a deep dive the review never asks (it belongs to no pattern), so naming it in this sdp-ignore comment hides nothing.',
  unaskedDeepDiveTodo: '"{0}" is a deep dive the review never asks (it belongs to no pattern), so this sdp-todo marker keeps no question open.',
  ignoreNotClosed: 'This sdp-ignore comment has no "-->" after it on the line where it starts, so it hides nothing: write the whole comment, "-->" included, on one line.',
  todoNamesNothing: 'This sdp-todo marker names no deep dive or design check right after "sdp-todo:", so it keeps no question open: write the id on this line.',
  todoNotClosed: 'This sdp-todo marker has no "-->" after it, so it keeps no question open: end it with "-->" after its prompts.',
  todoEndsPastParagraph: 'This sdp-todo marker is read as part of a paragraph (it starts inside a line of text, or is indented four spaces or more under one) and its "-->" comes after that paragraph ends, so a preview shows it as text and it keeps no question open: start it on a line of its own, indented less than four spaces.',
  todoCommentBeforeId: 'This sdp-todo marker has another comment ("<!--") right after "sdp-todo:", before its id, so a preview ends the marker at that comment\'s "-->" and shows the id as text: it keeps no question open. Write the id right after "sdp-todo:", and any other comment outside the marker.',
  idleTodoMessage: 'This sdp-todo marker ("{0}") keeps no question open: {1}.',
  idleTodoSolutionNotNamed: 'the question is asked only when the document relies on {0}, which it never names: name the one you use, or delete the marker',
  idleTodoPatternNotSuggested: 'the question is asked only under {0}, which the review is not sure this document needs: delete the marker, or say in the document what needs that pattern',
  idleTodoIgnored: 'an sdp-ignore comment names the same question (under this id or the other it is asked under) or its pattern, and ignoring wins: delete one of the two',
  idleTodoNotAsked: 'the review does not ask this question of this document: delete the marker',
  eitherOf: '{0} or {1}',
  fixChangeId: 'Change to "{0}"',
  fixRemoveId: 'Remove "{0}" from the comment',
  fixAddSection: 'Add a section answering "{0}"',
  fixOpenCard: 'Open card: {0}',
  fixIgnore: 'Ignore "{0}" in this document ({1})',
  fixNoDeepDives: 'Ask no deep dives in this document, design checks only',
  sectionQuestion: 'Question: {0}',
  sectionAnswer: 'Write the answer under this comment, then delete the comment: the review keeps the question open until you do.',
};

/** Fills `{0}`, `{1}`... as `vscode.l10n.t` does; a placeholder with no argument stays as written. */
export function fill(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
