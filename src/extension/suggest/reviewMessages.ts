import type { SuggestResult } from '../../core/suggest';
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

/** The line above the Design Review tree: the size warning, and why nothing stood out. Empty when all is well. */
export function viewMessage(review: DocumentReview | undefined): string | undefined {
  if (!review) return undefined;
  const binary = binaryMessage(review);
  if (binary) return binary;
  const parts: string[] = [];
  const truncated = truncationMessage(review);
  if (truncated) parts.push(truncated);
  const { result } = review;
  const treeHasRows = result.numbers.length > 0 || result.openQuestions.length > 0 || result.combinations.length > 0;
  // With no rows at all the welcome content explains it; a message would say it twice.
  if (result.suggestions.length === 0 && treeHasRows) parts.push(strings.suggestNothing(review.name, noSuggestionReason(result)));
  return parts.length > 0 ? parts.join(' ') : undefined;
}
