/**
 * Whether a value that crossed a thread (a worker's answer) has the shape of a `SuggestResult`:
 * its four lists are lists of objects (no holes), each suggestion names its pattern and title and
 * carries its score and lists, each question its pattern and id, and the optional records are
 * objects. A cheap guard against an answer that is not one, not a proof that every field is right
 * (the worker runs the same engine). Imports nothing, so the extension's main bundle can use it.
 */
import type { SuggestResult } from './types';

export function isSuggestResult(value: unknown): value is SuggestResult {
  if (!isRecord(value)) return false;
  return everyRecord(value.suggestions, isSuggestionLike) && everyRecord(value.numbers, () => true)
    && everyRecord(value.openQuestions, (q) => typeof q.pattern === 'string' && typeof q.id === 'string')
    && everyRecord(value.combinations, () => true)
    && (value.truncated === undefined || isRecord(value.truncated)) && (value.deepDivesOff === undefined || isRecord(value.deepDivesOff));
}

function isSuggestionLike(s: Record<string, unknown>): boolean {
  return typeof s.pattern === 'string' && typeof s.title === 'string' && typeof s.score === 'number'
    && Array.isArray(s.solutions) && Array.isArray(s.evidence) && Array.isArray(s.words);
}

/** An array whose every element (by index: holes count as missing) is an object passing `test`. */
function everyRecord(value: unknown, test: (item: Record<string, unknown>) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!isRecord(item) || !test(item)) return false;
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
