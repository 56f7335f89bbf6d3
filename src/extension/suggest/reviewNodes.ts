import { commentFindings, type CommentFinding } from '../../core/review/commentFindings';
import type { ReviewLabels } from '../../core/review/labels';
import type { CombinationMatch, Evidence, NumberFact, OpenQuestion, Suggestion } from '../../core/suggest';
import { QUOTE_NOTE_PLACE, quoteNote, type QuoteNote } from '../../core/suggest/quoteNote';
import type { DocumentReview } from './documentReview';

/**
 * The Design Review tree as data. Ids are stable across refreshes (pattern, group, position),
 * so VS Code keeps what the user expanded while the document is being edited.
 */
export type ReviewNode =
  | { readonly kind: 'suggestion'; readonly id: string; readonly suggestion: Suggestion; readonly children: readonly ReviewNode[] }
  | { readonly kind: 'group'; readonly id: string; readonly group: ReviewGroup; readonly children: readonly ReviewNode[] }
  | { readonly kind: 'evidence'; readonly id: string; readonly evidence: Evidence; readonly review: DocumentReview }
  /** In place of "Why" when a suggestion quotes no line: says so, and leads nowhere (there is no line to show). */
  | { readonly kind: 'noLineQuoted'; readonly id: string }
  /** Last in "Why" when a suggestion quotes figures past a limit but no keyword line: says so, and leads nowhere. */
  | { readonly kind: 'noKeywordLineQuoted'; readonly id: string }
  /** Last in "Why": the words that raised the score through the text model (Suggestion.words). Information; leads nowhere. */
  | { readonly kind: 'scoreWords'; readonly id: string; readonly words: readonly string[] }
  | { readonly kind: 'solution'; readonly id: string; readonly solutionId: string; readonly title: string }
  | { readonly kind: 'question'; readonly id: string; readonly question: OpenQuestion; readonly title: string }
  | { readonly kind: 'number'; readonly id: string; readonly fact: NumberFact; readonly review: DocumentReview }
  | { readonly kind: 'combination'; readonly id: string; readonly combination: CombinationMatch }
  /** A mistyped id, a comment that does nothing or an idle sdp-todo marker, in the document's review comments: its Problems message; leads to its place. */
  | { readonly kind: 'commentProblem'; readonly id: string; readonly finding: CommentFinding; readonly review: DocumentReview };

export type ReviewGroup = 'why' | 'startWith' | 'openQuestions' | 'numbers' | 'combinations' | 'commentProblems';

/** The tree node of each note of quoteNote.ts (typed by every note: a new one must have its node). */
const NOTE_NODE: Readonly<Record<QuoteNote, (base: string) => ReviewNode>> = {
  noLine: (base) => ({ kind: 'noLineQuoted', id: `${base}/why/none` }),
  figuresOnly: (base) => ({ kind: 'noKeywordLineQuoted', id: `${base}/why/figures-only` }),
};

/** Whether a node in "Why" is information rather than a quoted line: one of those notes, or the words that raised the score. */
export function isInformationNode(node: ReviewNode): boolean {
  return node.kind === 'noLineQuoted' || node.kind === 'noKeywordLineQuoted' || node.kind === 'scoreWords';
}

/**
 * The tree's roots for one review. `labels` are the in-document review's words: the problems in
 * the document's review comments, listed last, say what the Problems panel says of them.
 */
export function buildReviewNodes(review: DocumentReview, labels: ReviewLabels): ReviewNode[] {
  const { result } = review;
  const roots: ReviewNode[] = [];
  const placed = new Set<OpenQuestion>();

  for (const suggestion of result.suggestions) {
    const base = `suggestion:${suggestion.pattern}`;
    const children: ReviewNode[] = [];
    const note = quoteNote(suggestion);
    const words: ReviewNode[] = suggestion.words.length > 0 ? [{ kind: 'scoreWords', id: `${base}/why/words`, words: suggestion.words }] : [];
    if (note && QUOTE_NOTE_PLACE[note] === 'insteadOfLines') {
      children.push(NOTE_NODE[note](base), ...words);
    } else {
      const why: ReviewNode[] = suggestion.evidence.map((evidence, i) => ({ kind: 'evidence', id: `${base}/why/${i}`, evidence, review }));
      if (note) why.push(NOTE_NODE[note](base));
      children.push(group(`${base}/why`, 'why', [...why, ...words]));
    }
    if (suggestion.solutions.length > 0) {
      children.push(group(`${base}/start`, 'startWith', suggestion.solutions.map((solutionId) => ({
        kind: 'solution', id: `${base}/start/${solutionId}`, solutionId, title: review.titles.get(solutionId) ?? solutionId,
      }))));
    }
    const questions = result.openQuestions.filter((q) => q.pattern === suggestion.pattern);
    questions.forEach((q) => placed.add(q));
    if (questions.length > 0) children.push(group(`${base}/questions`, 'openQuestions', questions.map((q) => questionNode(q, base))));
    roots.push({ kind: 'suggestion', id: base, suggestion, children });
  }

  // Questions for a pattern that is not suggested (the engine may add general ones) still deserve a place.
  const unplaced = result.openQuestions.filter((q) => !placed.has(q));
  if (unplaced.length > 0) roots.push(group('questions', 'openQuestions', unplaced.map((q) => questionNode(q, 'questions'))));
  if (result.numbers.length > 0) {
    roots.push(group('numbers', 'numbers', result.numbers.map((fact, i) => ({ kind: 'number', id: `numbers/${i}`, fact, review }))));
  }
  if (result.combinations.length > 0) {
    roots.push(group('combinations', 'combinations', result.combinations.map((combination) => ({
      kind: 'combination', id: `combinations/${combination.id}`, combination,
    }))));
  }
  // Last, as in the Problems panel; only when there is one. Ids by place, so an edit elsewhere keeps them.
  const problems = commentFindings(result, labels);
  if (problems.length > 0) {
    roots.push(group('comments', 'commentProblems', problems.map((finding) => ({
      kind: 'commentProblem', id: `comments/${finding.kind}/${finding.range.startLine}:${finding.range.startCharacter}`, finding, review,
    }))));
  }
  return roots;
}

function group(id: string, which: ReviewGroup, children: ReviewNode[]): ReviewNode {
  return { kind: 'group', id: `group:${id}`, group: which, children };
}

function questionNode(question: OpenQuestion, base: string): ReviewNode {
  return { kind: 'question', id: `${base}/questions/${question.id}`, question, title: question.title };
}

export function childrenOf(node: ReviewNode): readonly ReviewNode[] {
  return node.kind === 'suggestion' || node.kind === 'group' ? node.children : [];
}
