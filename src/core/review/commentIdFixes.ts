/**
 * The quick fixes on a word a review comment names that is no id (inDocumentReview.ts,
 * `UnknownIdFinding`): put the id it is close to in its place, or take it out of its `sdp-ignore`
 * comment. Each is one text edit, so one undo takes it back. Plain data; the editor applies it.
 */
import type { UnknownIdFinding } from './inDocumentReview';
import { splitLines, type TextRange } from './ranges';

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** The word between the commas and white space of a comment: as ignoreComments.ts reads them. */
const WORD = /[^\s,]+/g;
const OPEN = '<!--';
const CLOSE = '-->';

/** "Change to …": the word, and only the word, becomes the id it is close to. Undefined when none is. */
export function changeIdEdit(finding: UnknownIdFinding): TextEdit | undefined {
  const nearest = finding.unknown.nearest;
  return nearest === undefined ? undefined : { range: finding.range, newText: nearest };
}

/**
 * "Remove … from the comment": the word and the separator that follows it (the one before it, for
 * the last word). When it is the comment's only word the comment goes, and with it its line when
 * nothing else stands there. Only for an `sdp-ignore` comment (a marker's word is its question;
 * removing it would leave a marker that keeps nothing), and only while `text` still holds the
 * comment where the finding says; undefined otherwise.
 */
export function removeIdEdit(text: string, finding: UnknownIdFinding): TextEdit | undefined {
  if (finding.unknown.comment !== 'sdp-ignore') return undefined;
  const { startLine: line, startCharacter: start, endCharacter: end } = finding.range;
  const lines = splitLines(text);
  const lineText = lines[line];
  if (lineText === undefined || lineText.slice(start, end) !== finding.unknown.text) return undefined;
  const open = lineText.lastIndexOf(OPEN, start);
  const colon = open === -1 ? -1 : lineText.indexOf(':', open);
  const close = lineText.indexOf(CLOSE, end);
  if (open === -1 || colon === -1 || colon >= start || close === -1) return undefined;
  const words = [...lineText.slice(colon + 1, close).matchAll(WORD)].map((m) => ({ start: colon + 1 + m.index, end: colon + 1 + m.index + m[0].length }));
  const at = words.findIndex((w) => w.start === start);
  if (at === -1) return undefined;
  const on = (from: number, to: number): TextEdit => ({ range: { startLine: line, startCharacter: from, endLine: line, endCharacter: to }, newText: '' });
  if (words.length > 1) {
    // The word and the commas and spaces that part it from the next word (or from the previous one, for the last).
    return at < words.length - 1 ? on(start, words[at + 1]!.start) : on(words[at - 1]!.end, end);
  }
  // Its only word: the whole comment goes.
  const commentEnd = close + CLOSE.length;
  const before = lineText.slice(0, open);
  const after = lineText.slice(commentEnd);
  if (before.trim() === '' && after.trim() === '') {
    // The line held only the comment: the line goes (the last line: its line break before it).
    if (line + 1 < lines.length) return { range: { startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0 }, newText: '' };
    if (line > 0) return { range: { startLine: line - 1, startCharacter: lines[line - 1]!.length, endLine: line, endCharacter: lineText.length }, newText: '' };
    return on(0, lineText.length);
  }
  // Text stands beside it: the comment and the spaces on one side of it, so the text keeps its place and one space between words.
  const spacesAfter = after.length - after.trimStart().length;
  if (before.trim() === '') return on(open, commentEnd + spacesAfter);
  const spacesBefore = before.length - before.trimEnd().length;
  return on(open - spacesBefore, commentEnd);
}
