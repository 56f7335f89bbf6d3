/**
 * Whether a value that crossed a thread (a worker's answer) has the shape of a `SuggestResult`:
 * its four lists are lists of objects (no holes); each suggestion names its pattern and title, carries
 * its score, its solutions and words as lists of strings, and its evidence as objects with the types
 * of Evidence (line, column, text, reason, kind, weight, and target and limit when present); each
 * question names its pattern and id; `truncated` and `deepDivesOff`, when present, have their
 * fields' types (`by` holds only 'option' and 'comment'); so does each of `unknownIds`, when present
 * (the review places a warning and its fixes by them). The figures (`numbers`) and combinations
 * are checked only to be objects, and the rest of a question not at all. A cheap guard against an
 * answer that is not one, not a proof that every value is right (the worker runs the same
 * engine). Imports nothing, so the extension's main bundle can use it.
 */
import type { SuggestResult } from './types';

export function isSuggestResult(value: unknown): value is SuggestResult {
  if (!isRecord(value)) return false;
  return everyRecord(value.suggestions, isSuggestionLike) && everyRecord(value.numbers, () => true)
    && everyRecord(value.openQuestions, (q) => typeof q.pattern === 'string' && typeof q.id === 'string')
    && everyRecord(value.combinations, () => true)
    && (value.truncated === undefined || (isRecord(value.truncated) && isTruncatedLike(value.truncated)))
    && (value.deepDivesOff === undefined || (isRecord(value.deepDivesOff) && isDeepDivesOffLike(value.deepDivesOff)))
    && (value.unknownIds === undefined || everyRecord(value.unknownIds, isUnknownIdLike));
}

/** A word a comment names that is no id: where it is, what it is, and the id proposed in its place when there is one. */
function isUnknownIdLike(u: Record<string, unknown>): boolean {
  return typeof u.id === 'string' && typeof u.text === 'string' && u.text !== '' && isPosition(u.line) && isPosition(u.column)
    && (u.comment === 'sdp-ignore' || u.comment === 'sdp-todo') && (u.nearest === undefined || typeof u.nearest === 'string');
}

/** A 1-based line or column. */
function isPosition(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function isSuggestionLike(s: Record<string, unknown>): boolean {
  return typeof s.pattern === 'string' && typeof s.title === 'string' && typeof s.score === 'number'
    && everyString(s.solutions) && everyRecord(s.evidence, isEvidenceLike) && everyString(s.words);
}

/** The fields the review reads off an evidence item; `target` and `limit` are optional strings. */
function isEvidenceLike(e: Record<string, unknown>): boolean {
  return typeof e.line === 'number' && typeof e.column === 'number' && typeof e.text === 'string' && typeof e.reason === 'string'
    && (e.kind === 'keyword' || e.kind === 'number') && typeof e.weight === 'number'
    && (e.target === undefined || typeof e.target === 'string') && (e.limit === undefined || typeof e.limit === 'string');
}

function isTruncatedLike(t: Record<string, unknown>): boolean {
  return typeof t.analysedChars === 'number' && typeof t.totalChars === 'number' && typeof t.message === 'string';
}

function isDeepDivesOffLike(d: Record<string, unknown>): boolean {
  if (!Array.isArray(d.by)) return false;
  for (let i = 0; i < d.by.length; i++) if (d.by[i] !== 'option' && d.by[i] !== 'comment') return false;
  return typeof d.questionsWithDeepDives === 'number' && typeof d.deepDivesNotAsked === 'number';
}

/** An array whose every element (by index: holes count as missing) is a string. */
function everyString(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
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
