/**
 * The quick fixes on a word a review comment names that is no id (inDocumentReview.ts,
 * `UnknownIdFinding`): put the id it is close to in its place, or take it out of its `sdp-ignore`
 * comment. Each is one text edit, so one undo takes it back. Plain data; the editor applies it.
 *
 * Where the word's separator stands comes with the finding (the reader, ignoreComments.ts, records
 * it). The removal reads only the word's line, so the editor hands over lines one at a time, not the
 * document, and checks there that what it deletes is the word and its separator inside one
 * `sdp-ignore` comment: a finding from a worker's reply is checked (resultCheck.ts) but not trusted.
 */
import { commentEndAfter, commentEndAt } from '../suggest/commentSpans';
import { IGNORE_OPEN } from '../suggest/commentText';
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

/** What may stand between two words of an `sdp-ignore` comment (the reader's separators): commas and white space. */
const SEPARATOR = /^[\s,]+$/;

/**
 * "Remove … from the comment": the word and its separator (`separatorSpan`: the commas and white
 * space up to the next word, or from the previous one for the last word), inside the comment. The
 * comment itself stays, so the document's layout cannot change: a comment's removal could join
 * paragraphs, loosen or merge lists, or turn text after it into markdown, so it is not offered.
 *
 * Only for an `sdp-ignore` comment that names another word besides this one (a marker's word is
 * its question; a comment's only word has no separator), and only while the line still holds the
 * word and its separator where the finding says; undefined otherwise.
 */
export function removeIdEdit(lines: DocumentLines, finding: UnknownIdFinding): TextEdit | undefined {
  const { unknown } = finding;
  const separator = unknown.separatorSpan;
  if (unknown.comment !== 'sdp-ignore' || separator === undefined) return undefined;
  const { startLine: line, startCharacter: start, endCharacter: end } = finding.range;
  if (line >= lines.lineCount) return undefined;
  const lineText = lines.lineText(line);
  if (lineText.slice(start, end) !== unknown.text) return undefined;
  const from = separator.column - 1;
  const to = separator.endColumn - 1;
  // The separator touches the word and is commas and white space only.
  if ((from !== end && to !== start) || !SEPARATOR.test(lineText.slice(from, to))) return undefined;
  // The last word, touching "-->" (or "--!>"), after a word ending in "-": keep one separator character, so the
  // comment does not end in "--->" (CommonMark before 0.31 reads a comment whose text ends in "-" as text).
  const keepOne = from < start && lineText[from - 1] === '-' && commentEndAt(lineText, end) ? 1 : 0;
  const editStart = Math.min(start, from + keepOne);
  const editEnd = Math.max(end, to);
  if (!insideIgnoreComment(lineText, editStart, editEnd)) return undefined;
  return { range: { startLine: line, startCharacter: editStart, endLine: line, endCharacter: editEnd }, newText: '' };
}

/**
 * Whether characters [start, end) of the line lie between an `sdp-ignore` opener's colon and that
 * comment's end: its first `-->` or `--!>`, where the reader (ignoreComments.ts) and a preview end it.
 */
function insideIgnoreComment(lineText: string, start: number, end: number): boolean {
  for (const m of lineText.matchAll(new RegExp(IGNORE_OPEN.source, 'gi'))) {
    const afterColon = m.index + m[0].length;
    const close = commentEndAfter(lineText, m.index, afterColon);
    if (close !== undefined && start >= afterColon && end <= close.start) return true;
  }
  return false;
}
