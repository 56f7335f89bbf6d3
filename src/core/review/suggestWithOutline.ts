/**
 * The engine's result and the document's outline from one analysis. The outline is read off the
 * structure the engine's stage 1 read, so the text is parsed once: in the editor on the thread
 * that ran the engine (a worker, for a large document), never again on the extension host's.
 */
import type { ScoringEngine, SuggestReading } from '../suggest/engine';
import type { SuggestOptions, SuggestResult } from '../suggest/types';
import { EMPTY_OUTLINE, outlineOf, readOutline, type DocumentOutline } from './outline';

export interface SuggestionsAndOutline {
  readonly result: SuggestResult;
  /**
   * `readOutline` of the text analysed (its first part, when it was cut to `maxChars`) when the
   * engine suggested a pattern; `EMPTY_OUTLINE` when it suggested none, since a review with no
   * suggestion has no lens, finding or fix to place and nothing reads the outline.
   */
  readonly outline: DocumentOutline;
}

export function suggestWithOutline(engine: Pick<ScoringEngine, 'read'>, text: string, options?: SuggestOptions): SuggestionsAndOutline {
  const reading = engine.read(text, options);
  // Built only when used: for a document with review comments it costs a parse of its own.
  const outline = reading.result.suggestions.length === 0 ? EMPTY_OUTLINE : outlineOfReading(reading);
  return { result: reading.result, outline };
}

/** `readOutline` of the text an analysis read, taken from that analysis where it can be. */
export function outlineOfReading(reading: Pick<SuggestReading, 'text' | 'structure' | 'reviewCommentsBlanked'>): DocumentOutline {
  // The engine blanked the review's own comments before it read the structure (a marker's heading
  // loses its words, and with them its role): the outline reads the text as written, in a parse of
  // its own. Only a document holding such a comment pays for it.
  return reading.reviewCommentsBlanked ? readOutline(reading.text) : outlineOf(reading.structure);
}
