/**
 * Blanking comments out of a markdown text without moving anything: each comment becomes spaces (its
 * line breaks stay), so every later line and column is where it was. Used for the writer's review
 * comments (ignoreComments.ts) and for every other HTML comment (htmlComments.ts).
 *
 * A line left holding only blanked comments is blank, and ends its paragraph or list item, as a
 * renderer that reads raw HTML shows it (an HTML block interrupts a paragraph). Three things keep the
 * blanks from changing what the lines are, each with a no-break space (`SETEXT_KEEP`), which no
 * tokenizer reads as a word and markdown-it reads as text:
 * - Text after a comment on the comment's last line stays text. Blanked with spaces, the comment
 *   would indent it: four columns or more make an indented code block, whose words count for
 *   nothing. So when text follows on that line (other comments there do not count), that part of
 *   the comment becomes no-break spaces.
 * - A comment whose line would be left as a bare run of `-` or `=` under a line of text starts with
 *   a no-break space: `- <!-- x -->` there is no setext underline turning the text into a heading.
 *   Nowhere else: a no-break space elsewhere would leave a paragraph that the next line could join.
 * - An inline comment (`inline`: one inside a paragraph, which a renderer reads as inline HTML)
 *   blanks no line: each of its lines starts with a no-break space, so its paragraph goes on.
 */

/** One no-break space: a blank no tokenizer reads as a word, but markdown-it reads as text. */
export const SETEXT_KEEP = '\u00a0';

/**
 * What may stand before a comment on a line that blanking would leave as a setext underline: a run
 * of `-` or `=`, after indentation or quote markers (a nested list item, a list item in a quote).
 */
const UNDERLINE_LEAD = /^[ \t>]*(?:-+|=+)[ \t]*$/;
/** Longer lead-ins are never read (a long line of comments costs no slices). */
const MAX_UNDERLINE_LEAD = 16;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Half-open range text[start, end) of one comment. */
export interface CommentSpan {
  start: number;
  end: number;
  /** Inside a paragraph, heading or table row: its lines stay lines of that text. */
  inline?: boolean;
}

/**
 * How a comment ends, as the HTML parser of a preview reads it: `-->`, or `--!>` (a parse error in
 * the HTML standard's comment states, but it closes the comment all the same). markdown-it passes a
 * comment on as raw HTML (its inline pattern runs to a `-->`, its block to the line holding one),
 * so in VS Code's preview and in a browser the comment ends at the first of the two.
 */
const COMMENT_END = /--!?>/g;
const COMMENT_END_HERE = new RegExp(COMMENT_END.source, 'y');

/** Whether a comment end (`-->` or `--!>`) stands at `at`. */
export function commentEndAt(text: string, at: number): boolean {
  COMMENT_END_HERE.lastIndex = at;
  return COMMENT_END_HERE.test(text);
}

/** Where one comment's end stands: text[start, end). */
export interface CommentEnd {
  readonly start: number;
  readonly end: number;
}

/** No end after an opener, past the end of any text: a reader that keeps it searches no more (no later opener has an end either). */
export const NO_COMMENT_END: CommentEnd = { start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };

/**
 * The first end, at `from` or after, of the comment whose `<!--` is at `open`: `-->` from the
 * opener's third character (`<!-->` and `<!--->` are whole comments), `--!>` only after the
 * opener's dashes (`<!--!>` opens a comment and ends none). Undefined when none follows.
 */
export function commentEndAfter(text: string, open: number, from: number): CommentEnd | undefined {
  COMMENT_END.lastIndex = Math.max(from, open + 2);
  for (let m = COMMENT_END.exec(text); m !== null; m = COMMENT_END.exec(text)) {
    const found = { start: m.index, end: m.index + m[0].length };
    if (endsComment(found, open)) return found;
    COMMENT_END.lastIndex = m.index + 1;
  }
  return undefined;
}

/**
 * Whether `end` may end the comment whose `<!--` is at `open` (the rule above): so a reader that
 * keeps the end it found for one opener knows whether it serves the next.
 */
export function endsComment(end: CommentEnd, open: number): boolean {
  return end.start >= open + (end.end - end.start === 4 ? 4 : 2);
}

/** Every character but a line break, as a space. */
export function blankKeepingLines(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/** The text with each span blanked (spans may overlap or touch: they are merged first). Same length, same lines. */
export function blankCommentSpans(text: string, spans: readonly CommentSpan[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // A comment inside another (an sdp-ignore comment in a marker's prompts) is blanked with it: one span.
  const merged: CommentSpan[] = [];
  for (const span of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && span.start < previous.end) {
      previous.end = Math.max(previous.end, span.end);
      previous.inline = previous.inline === true && span.inline === true;
    } else merged.push({ ...span });
  }
  // Where each comment's last line ends, found front to back so that one search serves every
  // comment on the line (a search per comment would read a long line once per comment).
  const lastLineEnds: number[] = [];
  let lastLineEnd = -1;
  for (const { end } of merged) {
    if (lastLineEnd < end) {
      const found = text.indexOf('\n', end);
      lastLineEnd = found === -1 ? text.length : found;
    }
    lastLineEnds.push(lastLineEnd);
  }
  // Whether text follows each comment on its last line (see above). Read from the last comment back,
  // so each comment looks only at the stretch up to the next one: linear in the comments.
  const textAfter = new Array<boolean>(merged.length).fill(false);
  for (let i = merged.length - 1; i >= 0; i--) {
    const { end } = merged[i]!;
    const lineEndAt = lastLineEnds[i]!;
    const next = merged[i + 1];
    const nextOnLine = next !== undefined && next.start < lineEndAt;
    const gapHasText = !/^[ \t\r]*$/.test(text.slice(end, nextOnLine ? next.start : lineEndAt));
    // A next comment that ends on this line passes on what follows it; one that runs onto later lines hides the rest of this one.
    textAfter[i] = gapHasText || (nextOnLine && next.end <= lineEndAt && textAfter[i + 1]!);
  }
  const parts: string[] = [];
  let at = 0;
  // The output read front to back, as markdown-it will read it: where the current line starts, and
  // whether it and the line before hold anything but blanks (a no-break space is not a blank).
  let lineStart = 0;
  let lineHasText = false;
  let previousHasText = false;
  const read = (s: string, offset: number): void => {
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === NEWLINE) {
        previousHasText = lineHasText;
        lineHasText = false;
        lineStart = offset + k + 1;
      } else if (c !== SPACE && c !== TAB && c !== RETURN) lineHasText = true;
    }
  };
  merged.forEach(({ start, end, inline }, i) => {
    const between = text.slice(at, start);
    read(between, at);
    const whole = text.slice(start, end);
    const lastLine = textAfter[i] ? whole.lastIndexOf('\n') + 1 : whole.length;
    let piece = blankKeepingLines(whole.slice(0, lastLine)) + SETEXT_KEEP.repeat(whole.length - lastLine);
    // Under a line of text, a line left as a bare `-` or `=` run would underline it into a heading.
    const underline = previousHasText && start - lineStart <= MAX_UNDERLINE_LEAD && UNDERLINE_LEAD.test(text.slice(lineStart, start));
    if ((inline === true || underline) && piece.startsWith(' ')) piece = SETEXT_KEEP + piece.slice(1);
    if (inline === true) piece = piece.replace(/\n /g, `\n${SETEXT_KEEP}`);
    read(piece, start);
    parts.push(between, piece);
    at = end;
  });
  parts.push(text.slice(at));
  return parts.join('');
}

/** Whether an odd number of backslashes stands right before the offset (`\<!--` is text, not a comment opener). */
export function escapedAt(text: string, offset: number): boolean {
  let count = 0;
  for (let i = offset - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) count++;
  return count % 2 === 1;
}
