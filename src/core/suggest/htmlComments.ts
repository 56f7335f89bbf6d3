/**
 * HTML comments are not part of the document a reader reads: GitHub and VS Code's preview hide
 * them, and design-document templates keep their guidance in them (what a section should cover,
 * the questions a reviewer will ask). The engine parses markdown with raw HTML off, where a comment
 * would be paragraph text, so before the structure stage every comment is blanked: its words are no
 * evidence, no figure and no answer, and no line or column moves (commentSpans.ts).
 *
 * Which `<!--` opens a comment follows CommonMark:
 * - one that starts a line (after indentation, quote markers or a list item's marker) opens an HTML
 *   block, which runs to the first `-->` or `--!>` after it (a preview's HTML parser ends a comment
 *   at either: commentSpans.ts), over blank lines too (`<!-->` and `<!--->` are whole, empty comments);
 * - one inside a line, or indented four columns or more right under a line of text outside a list
 *   item (in a quote, counted after its `>` and the space that follows it: a paragraph's
 *   continuation line), is inline HTML, and hides only when its `-->` stands in the same paragraph,
 *   heading or table row; otherwise a renderer shows it as text, and so does the engine.
 * One inside code (a fenced or indented block, an inline code span: codeLayout.ts), in front
 * matter, or after a backslash is text, not a comment. A `<!--` with no `-->` anywhere after it is
 * left as text too: a renderer would hide the rest of the document, but a typo should not cost the
 * writer every suggestion.
 */
import { readLayout, type Layout } from './codeLayout';
import { blankCommentSpans, commentEndAfter, endsComment, escapedAt, NO_COMMENT_END, type CommentEnd, type CommentSpan } from './commentSpans';
import { lineOf, lineStartsOf } from './lines';

const OPEN = '<!--';
/** A list item's marker, as one word of what may stand before a comment that opens a block. */
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])$/;
/** Characters of that lead-in: indentation, quote markers, list markers. */
const LEAD_IN = /[ \t>*+\-\d.)]/;

/** The text with every HTML comment outside code blanked; the same string when it holds none. */
export function hideHtmlComments(text: string): string {
  let open = text.indexOf(OPEN);
  if (open === -1) return text;
  // Only a document holding an opener pays for the block parse that says where code is.
  const lineStarts = lineStartsOf(text);
  const layout = readLayout(text, lineStarts);
  const spans: CommentSpan[] = [];
  // The first end (`-->` or `--!>`) at or after the last place searched from: openers come in
  // order, so one search serves every opener before it (a search per opener would read to a far
  // `-->` once for each). Searched again when it stands too early for this opener (before its third
  // character, or a `--!>` before its fifth: endsComment, commentSpans.ts).
  let close: CommentEnd = { start: -1, end: -1 };
  while (open !== -1) {
    let next = open + OPEN.length;
    if (open >= layout.bodyStart && !escapedAt(text, open) && !layout.inCode(open)) {
      if (!endsComment(close, open)) close = commentEndAfter(text, open, open + 2) ?? NO_COMMENT_END;
      // No end after this opener: none after any later one either.
      if (close === NO_COMMENT_END) break;
      const end = close.end;
      const block = opensHtmlBlock(text, lineStarts, layout, open);
      if (block || end <= layout.textRunEnd(open)) {
        spans.push({ start: open, end, inline: !block });
        next = end;
      }
    }
    open = text.indexOf(OPEN, next);
  }
  return blankCommentSpans(text, spans);
}

/**
 * Whether the `<!--` at `open` (outside code) opens an HTML block, whose comment runs to its `-->`
 * over blank lines too; any other is inline and ends in the paragraph, heading or table row it
 * starts in (`layout.textRunEnd`) or is text. ignoreComments.ts reads an sdp-todo marker's opener so.
 */
export function opensHtmlBlock(text: string, lineStarts: readonly number[], layout: Layout, open: number): boolean {
  const line = lineOf(lineStarts, open);
  // Read only for an opener indented four columns (at most one a line): a slice per opener would
  // read a long line above once for every opener on this one. In a list item the columns would
  // count from the item's content, which is not tracked: there the opener is read as a block.
  const afterText = (): boolean => line > 0 && !layout.inListItem(open) && text.slice(lineStarts[line - 1], lineStarts[line]).trim() !== '';
  return opensBlock(text, lineStarts[line]!, open, afterText);
}

/**
 * Whether the opener starts its line as markdown reads it: only indentation, quote markers and list
 * markers (each followed by a space) before it. Read backwards from the opener and stopped at the
 * first character no lead-in holds, so a long line costs no more than the stretch back to the
 * previous opener.
 */
function opensBlock(text: string, lineStart: number, open: number, afterText: () => boolean): boolean {
  let at = open;
  while (at > lineStart && LEAD_IN.test(text[at - 1]!)) at--;
  if (at > lineStart) return false;
  const leadIn = text.slice(lineStart, open);
  if (leadIn !== '' && !/[ \t>]$/.test(leadIn)) return false;
  // Indented four columns or more with no list marker (counted from a quote's `>` and the space
  // after it, inside a quote), right under a line of text outside a list item: a paragraph's
  // continuation line, so the comment is inline. After a blank line it is indented code (never
  // read as a comment); in a list item it may be an HTML block of the item.
  if (/^[ \t>]*$/.test(leadIn) && contentIndent(leadIn) >= 4 && afterText()) return false;
  return leadIn.split(/[ \t>]+/).every((word) => word === '' || LIST_MARKER.test(word));
}

/**
 * Columns of indentation of a lead-in of spaces, tabs and quote markers, as CommonMark counts it
 * for the quote's content: from the last `>` and the one optional space after it (a tab there
 * gives up one column to be that space), or from the line's start; a tab reaches the next
 * multiple of four. A `>` four columns or more in is no marker: the count stops there.
 */
function contentIndent(leadIn: string): number {
  let column = 0;
  let contentStart = 0;
  let optionalSpace = false;
  for (const c of leadIn) {
    if (c === '>') {
      // Four columns in from the content, a `>` is text, not a quote marker: the line is indented
      // four columns, whatever follows.
      if (column - contentStart >= 4) break;
      column++;
      contentStart = column;
      optionalSpace = true;
      continue;
    }
    if (optionalSpace) contentStart = column + 1;
    optionalSpace = false;
    column = c === '\t' ? column + 4 - (column % 4) : column + 1;
  }
  return column - contentStart;
}
