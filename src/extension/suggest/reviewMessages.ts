import { commentFindings, hasCommentProblems } from '../../core/review/commentFindings';
import type { SuggestResult } from '../../core/suggest';
import { deepDivesOffNote } from '../../core/suggest/deepDivesOff';
import { ignoreCommentFor, NO_DEEP_DIVES_ID } from '../../core/suggest/commentText';
import { reviewToMarkdown } from '../../core/suggest/reviewMarkdown';
import { reviewLabels } from '../review/reviewStrings';
import { strings } from '../strings';
import type { DocumentReview } from './documentReview';
import { SETTING, settingId } from './reviewSettings';

/** Why nothing was suggested, in words a writer can act on. */
export function noSuggestionReason(result: SuggestResult): string {
  return result.numbers.length === 0 ? strings.suggestNothingNoFigures() : strings.suggestNothingFigures(result.numbers.length);
}

export function truncationMessage(review: DocumentReview): string | undefined {
  const t = review.truncation;
  if (!t) return undefined;
  return strings.suggestTruncated(review.name, t.totalChars, t.limitMB, settingId(SETTING.maxDocumentSizeMB), t.analysedChars);
}

export function binaryMessage(review: DocumentReview): string | undefined {
  return review.binary ? strings.suggestBinary(review.name) : undefined;
}

/** The sentence for a document with nothing to analyse: binary data, or nothing written yet. */
export function notAnalysedMessage(review: DocumentReview): string | undefined {
  return binaryMessage(review) ?? (review.empty ? strings.suggestEmpty(review.name) : undefined);
}

/**
 * Said when turning the deep dives off (the setting, the document's comment, or both) left the
 * document with no open question, or fewer: what turned them off, and how to ask them again.
 * Undefined when deep dives were on, or the design checks took every place they left.
 */
export function deepDivesOffMessage(result: Pick<SuggestResult, 'openQuestions' | 'deepDivesOff'>): string | undefined {
  const off = deepDivesOffNote(result);
  if (!off) return undefined;
  const setting = settingId(SETTING.deepDiveQuestions);
  const comment = ignoreCommentFor(NO_DEEP_DIVES_ID);
  const say = strings.reviewDeepDivesOff;
  switch (off.note) {
    case 'none-option': return say['none-option'](off.withDeepDives, setting);
    case 'none-comment': return say['none-comment'](off.withDeepDives, comment);
    case 'none-both': return say['none-both'](off.withDeepDives, setting, comment);
    case 'fewer-option': return say['fewer-option'](off.shown, off.withDeepDives, setting);
    case 'fewer-comment': return say['fewer-comment'](off.shown, off.withDeepDives, comment);
    case 'fewer-both': return say['fewer-both'](off.shown, off.withDeepDives, setting, comment);
  }
}

/** The line above the Design Review tree: the size warning, why nothing stood out, and deep dives turned off. Empty when all is well. */
export function viewMessage(review: DocumentReview | undefined): string | undefined {
  if (!review) return undefined;
  const notAnalysed = notAnalysedMessage(review);
  if (notAnalysed) return notAnalysed;
  const parts: string[] = [];
  const truncated = truncationMessage(review);
  if (truncated) parts.push(truncated);
  const { result } = review;
  const treeHasRows = result.numbers.length > 0 || result.openQuestions.length > 0 || result.combinations.length > 0 || hasCommentProblems(result);
  // With no rows at all the welcome content explains it; a message would say it twice.
  if (result.suggestions.length === 0 && treeHasRows) parts.push(strings.suggestNothing(review.name, noSuggestionReason(result)));
  // An empty (or shorter) list of open questions is the deep dives' absence, not a finished document.
  const deepDives = deepDivesOffMessage(result);
  if (deepDives) parts.push(deepDives);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The review as "Copy Review as Markdown" puts it on the clipboard (reviewViewCommands.ts): the
 * view's labels, under the title the sentence on deep dives turned off, with the document's
 * comment as a code span, and last the problems in the document's review comments, in the
 * Problems panel's words.
 */
export function copiedReviewMarkdown(review: DocumentReview): string {
  const deepDivesOff = deepDivesOffMessage(review.result);
  const wording = reviewLabels();
  return reviewToMarkdown(review, {
    ...strings.reviewMarkdownLabels(review),
    ...(deepDivesOff ? { deepDivesOff: { sentence: deepDivesOff, code: ignoreCommentFor(NO_DEEP_DIVES_ID) } } : {}),
    commentProblems: { heading: strings.reviewGroup('commentProblems'), findings: commentFindings(review.result, wording), wording },
  });
}
