/**
 * The quick fixes on a word a review comment names that is no id (inDocumentReview.ts,
 * `UnknownIdFinding`): put the id it is close to in its place, or take it out of its `sdp-ignore`
 * comment. Each is one text edit, so one undo takes it back. Plain data; the editor applies it.
 *
 * Where the comment and the word's separator stand comes with the finding (the reader,
 * ignoreComments.ts, records them): nothing here reads a comment. The removal reads only the
 * word's line and its two neighbours, so the editor hands over those lines, not the document.
 */
import type { UnknownIdFinding } from './inDocumentReview';
import type { TextRange } from './ranges';

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** The lines of a document, read one at a time (an editor's `TextDocument.lineAt`); no line break in them. */
export interface DocumentLines {
  readonly lineCount: number;
  lineText(line: number): string;
}

/** "Change to …": the word, and only the word, becomes the id it is close to. Undefined when none is. */
export function changeIdEdit(finding: UnknownIdFinding): TextEdit | undefined {
  const nearest = finding.unknown.nearest;
  return nearest === undefined ? undefined : { range: finding.range, newText: nearest };
}

/**
 * What may stand before a comment on a line that holds nothing else: indentation, blockquote marks
 * (`>`), and a list item's marker (`-`, `*`, `+`, `1.`, `1)`). The quote marks are group 1, the list
 * marker group 2.
 */
const LINE_PREFIX = /^([ \t]*(?:>[ \t]?[ \t]*)*)((?:[-*+]|\d{1,9}[.)])[ \t]*)?$/;
/** A line that reads as blank, also inside a blockquote (`>` and spaces only). */
const BLANK = /^[ \t>]*$/;

/**
 * "Remove … from the comment": the word and its separator (`separatorSpan`); when it is the
 * comment's only word, the whole comment (`commentSpan`), leaving the document's structure as a
 * reader of the comment saw it:
 *
 * - the comment alone on its line (after indentation, quote marks or a list marker): its line goes
 *   when a neighbouring line is blank or it is the first or last line; otherwise the line stays,
 *   empty (quote marks kept, the list marker not), since the comment ended the paragraph above it,
 *   and a bare `-` under text would make that text a heading;
 * - text on one side only: the comment and the spaces between it and the text;
 * - text on both sides: the comment and the spaces around it, one space kept if there was any.
 *
 * Only for an `sdp-ignore` comment (a marker's word is its question; removing it would leave a
 * marker that keeps nothing), and only while the line still holds the word where the finding says;
 * undefined otherwise.
 */
export function removeIdEdit(lines: DocumentLines, finding: UnknownIdFinding): TextEdit | undefined {
  const { unknown } = finding;
  const comment = unknown.commentSpan;
  if (unknown.comment !== 'sdp-ignore' || comment === undefined) return undefined;
  const { startLine: line, startCharacter: start, endCharacter: end } = finding.range;
  if (line >= lines.lineCount) return undefined;
  const lineText = lines.lineText(line);
  if (lineText.slice(start, end) !== unknown.text) return undefined;
  const on = (from: number, to: number, newText = ''): TextEdit => ({ range: { startLine: line, startCharacter: from, endLine: line, endCharacter: to }, newText });
  const separator = unknown.separatorSpan;
  if (separator) return on(Math.min(start, separator.column - 1), Math.max(end, separator.endColumn - 1));

  // Its only word: the whole comment goes.
  const open = comment.column - 1;
  const close = comment.endColumn - 1;
  const before = lineText.slice(0, open);
  const after = lineText.slice(close);
  const spacesBefore = before.length - before.trimEnd().length;
  const spacesAfter = after.length - after.trimStart().length;
  const prefix = LINE_PREFIX.exec(before);
  if (after.trim() === '' && prefix) {
    const neighbourBlank = line === 0 || line + 1 >= lines.lineCount || BLANK.test(lines.lineText(line - 1)) || BLANK.test(lines.lineText(line + 1));
    if (neighbourBlank) {
      if (line + 1 < lines.lineCount) return { range: { startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0 }, newText: '' };
      if (line > 0) return { range: { startLine: line - 1, startCharacter: lines.lineText(line - 1).length, endLine: line, endCharacter: lineText.length }, newText: '' };
      return on(0, lineText.length);
    }
    // A blank line where the comment was: inside a quote, the quote's own blank line.
    return on(0, lineText.length, prefix[1]!.trimEnd());
  }
  if (after.trim() === '') return on(open - spacesBefore, close);
  if (before.trim() === '') return on(open, close + spacesAfter);
  // Text on both sides: one space between them if the comment stood apart from either.
  return on(open - spacesBefore, close + spacesAfter, spacesBefore + spacesAfter > 0 ? ' ' : '');
}

