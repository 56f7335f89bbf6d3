/** Public surface of the suggest engine. */
export { createSuggestEngine, DEFAULTS } from './engine';
export { ENGLISH_SUGGEST_MESSAGES, fillMessage, isSuggestMessages, type SuggestMessages } from './messages';
export type {
  CombinationMatch, DeepDivesOff, DeepDivesOffBy, Evidence, MalformedReviewComment, NumberFact, OpenQuestion, SuggestEngine, SuggestOptions, SuggestResult, Suggestion, UnknownCommentId,
} from './types';
