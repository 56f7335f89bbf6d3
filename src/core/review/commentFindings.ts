/**
 * The findings on a document's review comments (a word that is no id, a comment that does nothing,
 * an sdp-todo marker that keeps no question open) and their wording: the Problems panel, the Design Review view and the copied review list them in
 * the same words. Apart from inDocumentReview.ts, which re-exports it, because the Design Review
 * tree loads on activation: this module imports no parse (no outline, no markdown-it), so the
 * activation bundle stays small (test/unit/web/activationBundle.test.ts).
 */
import { UNCHECKED_IDS_ID } from '../suggest/commentText';
import type { MalformedReviewComment, SuggestResult, UnknownCommentId } from '../suggest/types';
import { idleTodoFindings, idleTodoWording, type IdleTodoFinding } from './idleTodoFindings';
import { fill, type ReviewLabels } from './labels';
import { spanRange, type TextRange } from './ranges';

/** The rule (SARIF) and code (Problems) of a word in a review comment that is no id. */
export const UNKNOWN_ID_RULE = UNCHECKED_IDS_ID;
/** The rule and code of a review comment that does nothing for its form (an sdp-ignore comment not closed on its line, a marker naming nothing, a marker with no `-->` after it or none in its paragraph, a marker with another comment right after its colon, before its id). */
export const MALFORMED_COMMENT_RULE = 'malformed-comment';

/** A word an `sdp-ignore` comment or `sdp-todo` marker names that is no id it may name: it hides nothing. */
export interface UnknownIdFinding {
  readonly kind: 'unknown-id';
  readonly ruleId: typeof UNKNOWN_ID_RULE;
  /** The word as written. */
  readonly range: TextRange;
  readonly message: string;
  readonly unknown: UnknownCommentId;
}

/** An `sdp-ignore` comment not closed on its line, an `sdp-todo` marker naming no id on its opening line, one with no `-->` after it (or none in its paragraph), or one with another comment (`<!--`) right after its colon, before its id (a preview ends it at that comment's `-->`): it does nothing. */
export interface MalformedCommentFinding {
  readonly kind: 'malformed-comment';
  readonly ruleId: typeof MALFORMED_COMMENT_RULE;
  /** The comment's opener as written (`<!-- sdp-todo:`). */
  readonly range: TextRange;
  readonly message: string;
  readonly malformed: MalformedReviewComment;
}

/** A finding on one of the document's review comments: a word that is no id, a comment that does nothing, or a marker that keeps nothing open. */
export type CommentFinding = UnknownIdFinding | MalformedCommentFinding | IdleTodoFinding;

/** The result's fields the findings on review comments come from. */
export type CommentProblemsOf = Pick<SuggestResult, 'unknownIds' | 'malformedComments' | 'idleTodos'>;

/**
 * The findings on the document's review comments, in document order (as the writer meets them):
 * what the Problems panel, the Design Review view and the copied review each list, in the same words.
 */
export function commentFindings(result: CommentProblemsOf, labels: ReviewLabels): CommentFinding[] {
  return [
    ...unknownIdFindings(result.unknownIds ?? [], labels),
    ...malformedCommentFindings(result.malformedComments ?? [], labels),
    ...idleTodoFindings(result.idleTodos ?? [], labels),
  ].sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCharacter - b.range.startCharacter);
}

/** Where a comment finding is, as the engine reports it: the word, opener (or an idle marker's opener and id, never its opener alone) as written, at its 1-based line and column. */
export function commentFindingPlace(finding: CommentFinding): { readonly line: number; readonly column: number; readonly text: string } {
  const { line, column, text } = finding.kind === 'unknown-id' ? finding.unknown : finding.kind === 'malformed-comment' ? finding.malformed : finding.idle;
  return { line, column, text };
}

/** Whether the engine found any problem in the document's review comments (a cheap test, no message built). */
export function hasCommentProblems(result: CommentProblemsOf): boolean {
  return (result.unknownIds?.length ?? 0) > 0 || (result.malformedComments?.length ?? 0) > 0 || (result.idleTodos?.length ?? 0) > 0;
}

/** A warning at each word of a review comment that is no id, saying what it fails to do and, when one is close, the id meant. */
function unknownIdFindings(unknownIds: readonly UnknownCommentId[], labels: ReviewLabels): UnknownIdFinding[] {
  return unknownIds.map((u) => {
    const { template, args } = unknownIdWording(u, labels);
    return { kind: 'unknown-id', ruleId: UNKNOWN_ID_RULE, range: spanRange(u.line, u.column, u.text), message: fill(template, ...args), unknown: u };
  });
}

/** A comment finding's message as its template and the words filled into it (the word as written, the id meant), in order. */
export interface FindingWording {
  readonly template: string;
  readonly args: readonly string[];
  /** The indices of `args` that are sentences (an idle marker's reason), filled in as text, not code. */
  readonly plain?: readonly number[];
}

/**
 * The wording of a comment finding, unfilled: the Problems panel and the view fill it as plain
 * text (the finding's `message`); the copied review fills each word in as a code span.
 */
export function commentFindingWording(finding: CommentFinding, labels: ReviewLabels): FindingWording {
  switch (finding.kind) {
    case 'unknown-id': return unknownIdWording(finding.unknown, labels);
    case 'malformed-comment': return { template: MALFORMED_MESSAGE[finding.malformed.kind](labels), args: [] };
    case 'idle-todo': return idleTodoWording(finding.idle, labels);
  }
}

function unknownIdWording(u: UnknownCommentId, labels: ReviewLabels): FindingWording {
  const ignore = u.comment === 'sdp-ignore';
  if (u.deepDiveNotAsked) return { template: ignore ? labels.unaskedDeepDiveIgnore : labels.unaskedDeepDiveTodo, args: [u.text] };
  if (u.nearest !== undefined) return { template: ignore ? labels.unknownIgnoreIdNearest : labels.unknownTodoIdNearest, args: [u.text, u.nearest] };
  return { template: ignore ? labels.unknownIgnoreId : labels.unknownTodoId, args: [u.text] };
}

/** The message of each kind of malformed comment. */
const MALFORMED_MESSAGE: Readonly<Record<MalformedReviewComment['kind'], (labels: ReviewLabels) => string>> = {
  'ignore-not-closed': (l) => l.ignoreNotClosed,
  'todo-names-nothing': (l) => l.todoNamesNothing,
  'todo-not-closed': (l) => l.todoNotClosed,
  'todo-ends-past-paragraph': (l) => l.todoEndsPastParagraph,
  'todo-comment-before-id': (l) => l.todoCommentBeforeId,
};

/** A warning at the opener of each review comment that does nothing for its form, saying what to write instead. */
function malformedCommentFindings(malformed: readonly MalformedReviewComment[], labels: ReviewLabels): MalformedCommentFinding[] {
  return malformed.map((m) => ({
    kind: 'malformed-comment', ruleId: MALFORMED_COMMENT_RULE, range: spanRange(m.line, m.column, m.text),
    message: MALFORMED_MESSAGE[m.kind](labels), malformed: m,
  }));
}
