/**
 * Whether a value that crossed a thread (a worker's answer) has the shape of a `SuggestResult`:
 * its four lists are lists of objects (no holes); each suggestion names its pattern and title, carries
 * its score, its solutions and words as lists of strings, and its evidence as objects with the types
 * of Evidence (line, column, text, reason, kind, weight, and target and limit when present); each
 * question names its pattern and id; `truncated` and `deepDivesOff`, when present, have their
 * fields' types (`by` holds only 'option' and 'comment'); so does each of `unknownIds`,
 * `malformedComments` and `idleTodos`, when present (the review places a warning and its fixes by them). The figures (`numbers`) and combinations
 * are checked only to be objects, and the rest of a question not at all. A cheap guard against an
 * answer that is not one, not a proof that every value is right (the worker runs the same
 * engine). Imports nothing, so the extension's main bundle can use it.
 */
import { COMMENT_OPEN, SPACE_ON_LINE } from './commentText';
import type { MalformedReviewComment, SuggestResult } from './types';

export function isSuggestResult(value: unknown): value is SuggestResult {
  if (!isRecord(value)) return false;
  return everyRecord(value.suggestions, isSuggestionLike) && everyRecord(value.numbers, () => true)
    && everyRecord(value.openQuestions, (q) => typeof q.pattern === 'string' && typeof q.id === 'string')
    && everyRecord(value.combinations, () => true)
    && (value.truncated === undefined || (isRecord(value.truncated) && isTruncatedLike(value.truncated)))
    && (value.deepDivesOff === undefined || (isRecord(value.deepDivesOff) && isDeepDivesOffLike(value.deepDivesOff)))
    && (value.unknownIds === undefined || everyRecord(value.unknownIds, isUnknownIdLike))
    && (value.malformedComments === undefined || everyRecord(value.malformedComments, isMalformedCommentLike))
    && (value.idleTodos === undefined || everyRecord(value.idleTodos, isIdleTodoLike));
}

const IDLE_REASONS: readonly unknown[] = ['solution-not-named', 'pattern-not-suggested', 'ignored', 'not-asked'] satisfies readonly NonNullable<SuggestResult['idleTodos']>[number]['reason'][];

/**
 * A marker that keeps no question open: its id, the warning's span as written (its opener, white
 * space on the line and its id: a marker with a comment before its id is a malformed comment, never
 * an idle one), where it is, and why.
 */
function isIdleTodoLike(t: Record<string, unknown>): boolean {
  if (typeof t.id !== 'string' || !ID.test(t.id) || typeof t.text !== 'string' || !isPosition(t.line) || !isPosition(t.column)) return false;
  return TODO_TEXT.exec(t.text)?.[1]?.toLowerCase() === t.id
    && IDLE_REASONS.includes(t.reason)
    // The reason's sentence names these titles (idleTodoReason): a reason that needs them has at least one.
    && (t.reason !== 'pattern-not-suggested' || nonEmptyStrings(t.patternTitles))
    && (t.reason !== 'solution-not-named' || nonEmptyStrings(t.solutionTitles));
}

const nonEmptyStrings = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && everyString(value);

/** The comment each kind of malformed comment is reported on (typed by every kind: a new one must say its comment). */
const MALFORMED_OPENER: Readonly<Record<MalformedReviewComment['kind'], 'ignore' | 'todo'>> = {
  'ignore-not-closed': 'ignore',
  'todo-names-nothing': 'todo',
  'todo-not-closed': 'todo',
  'todo-ends-past-paragraph': 'todo',
  'todo-comment-before-id': 'todo',
};

/** A comment that does nothing for its form: its kind, and its opener as written (the kind's), where it is. */
function isMalformedCommentLike(m: Record<string, unknown>): boolean {
  const opener = typeof m.text === 'string' ? OPENER.exec(m.text) : null;
  const expected = typeof m.kind === 'string' && Object.hasOwn(MALFORMED_OPENER, m.kind) ? MALFORMED_OPENER[m.kind as MalformedReviewComment['kind']] : undefined;
  return opener !== null && isPosition(m.line) && isPosition(m.column) && expected !== undefined && opener[1]!.toLowerCase() === expected;
}

/** A review comment's opener, through its colon, as the reader matches it (`<!---` opens one too: commentText.ts IGNORE_OPEN, ignoreComments.ts TODO_OPEN). */
const OPENER = new RegExp(`^${COMMENT_OPEN}sdp-(ignore|todo)[ \\t]*:$`, 'i');
/**
 * An idle marker's text: its opener through its colon (ignoreComments.ts TODO_OPEN), white space that
 * keeps to one line (commentText.ts), and its id, nothing else (an id holds no white space: ID).
 */
const TODO_TEXT = new RegExp(`^${COMMENT_OPEN}sdp-todo[ \\t]*:${SPACE_ON_LINE}*(\\S+)$`, 'i');

/**
 * A word a comment names that is no id, as the reader records it: the word as written (no comma or
 * white space in it, as the reader splits words) and lowercased, where it is, the id proposed in
 * its place (an id, never empty: "Change to" would delete the word), and for an `sdp-ignore`
 * comment's word that is not its only one the separator's columns, right before or after the word
 * (the "Remove" fix deletes the word and the separator, after checking the line still holds
 * commas and white space there).
 */
function isUnknownIdLike(u: Record<string, unknown>): boolean {
  if (typeof u.text !== 'string' || !WORD.test(u.text) || u.id !== u.text.toLowerCase() || !isPosition(u.line) || !isPosition(u.column)) return false;
  if (u.nearest !== undefined && (typeof u.nearest !== 'string' || !ID.test(u.nearest))) return false;
  if (u.deepDiveNotAsked !== undefined && u.deepDiveNotAsked !== true) return false;
  const wordEnd = u.column + u.text.length;
  if (u.comment === 'sdp-todo') return u.separatorSpan === undefined;
  if (u.comment !== 'sdp-ignore') return false;
  const separator = u.separatorSpan;
  return separator === undefined || (isColumnSpan(separator) && (separator.column === wordEnd || separator.endColumn === u.column));
}

/** A word as the reader splits a comment: no comma or white space. */
const WORD = /^[^\s,]+$/;
/** An id of the catalog (or `deep-dives`): what "Change to" may write. */
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
/** No string is longer (V8's limit is below 2^30), so no line or column of a document is past it. */
const MAX_POSITION = 2 ** 30;

/** A 1-based line or column. */
function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_POSITION;
}

function isColumnSpan(value: unknown): value is { column: number; endColumn: number } {
  return isRecord(value) && isPosition(value.column) && isPosition(value.endColumn) && value.endColumn > value.column;
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
