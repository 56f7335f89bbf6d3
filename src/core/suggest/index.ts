/** Public surface of the suggest engine. */
export { createSuggestEngine, DEFAULTS } from './engine';
export type {
  CombinationMatch, Evidence, NumberFact, OpenQuestion, SuggestEngine, SuggestOptions, SuggestResult, Suggestion,
} from './types';
