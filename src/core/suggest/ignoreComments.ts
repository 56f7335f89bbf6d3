/**
 * Comments a writer leaves for the review, read before analysis and blanked (their words are no
 * evidence, and no line or column moves):
 *
 * - `<!-- sdp-ignore: id, id -->`: "not this pattern" or "not this question" for one document. An
 *   id is a pattern id (`contention`: the suggestion, its evidence, its findings and its questions
 *   go) or a deep-dive or design-check id (`realtime-updates/reconnection`: that open question goes); dropped after
 *   scoring.
 * - `<!-- sdp-todo: id ... -->`: "this question is being answered here", written by the quick fix
 *   "Add a section answering". It may span lines (the prompts live inside it). The heading right
 *   above it (the one the quick fix wrote) is blanked too, so the new section changes no score; the
 *   question stays open, pointing at that heading, until the writer deletes the comment.
 *
 * Comments inside code are text about comments, not comments: left alone. What is code, and which
 * line is the heading right above a marker, come from the markdown-it block parse the engine uses
 * (blockParse.ts's `readBlockTokens`): fenced code (in a quote or a list item too; an unclosed fence runs
 * to the end of the block that holds it), indented code, and inline code spans, which may run over
 * the lines of their paragraph. That parse has raw HTML off, so a comment is paragraph text to it:
 * a comment on the line under a paragraph's text is part of that paragraph, not a block of its own.
 * docs/in-document-review.md documents both for writers.
 *
 * The engine parses the blanked text again (structure.ts) instead of reusing this parse: blanking
 * changes the blocks. A comment's own line becomes blank and ends its paragraph or list item (as a
 * renderer that reads raw HTML shows it). Text after a comment on the same line stays text: that
 * part of the comment becomes no-break spaces, not an indent. Only a document holding `sdp-` parses
 * twice.
 */

import { frontMatterLines, readBlockTokens } from './blockParse';
import { lineOf, lineStartsOf } from './lines';

/** The start of the comment, anywhere in the text; ids follow, separated by commas or spaces, up to `-->` on the same line. */
const IGNORE_OPEN = /<!--[ \t]*sdp-ignore[ \t]*:/gi;
/** The start of the marker: one id follows, then anything (prompts, line breaks) up to the first `-->`. */
const TODO_OPEN = /<!--[ \t]*sdp-todo[ \t]*:/gi;
/** The marker's id, at the start of what follows its colon. */
const TODO_ID = /^[ \t]*([^\s,>]*)/;
const COMMENT_CLOSE = '-->';
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
const ATX_MARKS = /^ {0,3}#{1,6}/;
/** A line markdown-it reads as blank: spaces and tabs only. */
const BLANK_LINE = /^[ \t]*\r?\n?$/;
/**
 * What a blanked setext heading keeps of each line of its text: one no-break space, which no
 * tokenizer reads as a word and markdown-it reads as text, so the underline still makes a heading
 * (a blank line over `===` would be a paragraph, over `---` a rule) and the section stays a section.
 */
const SETEXT_KEEP = '\u00a0';

export interface IgnoreComment {
  /** 0-based line of the comment. */
  readonly line: number;
  readonly ids: readonly string[];
}

export interface TodoComment {
  /** 0-based line where the comment starts. */
  readonly line: number;
  /** The deep dive it keeps open, lowercased. */
  readonly id: string;
  /** 0-based line of the heading right above the comment (blank lines between allowed), if any. */
  readonly headingLine?: number;
}

export interface IgnoredIds {
  /** Every id named by an sdp-ignore comment, lowercased. */
  readonly ids: ReadonlySet<string>;
  readonly comments: readonly IgnoreComment[];
  /** The sdp-todo markers, in document order. */
  readonly todos: readonly TodoComment[];
  /**
   * The text with each comment (and each marker's heading text) replaced by spaces: same length,
   * same lines. A setext heading keeps one `SETEXT_KEEP` a line, and a comment with text after it
   * on its last line becomes `SETEXT_KEEP`s on that line.
   */
  readonly text: string;
}

export function readIgnoreComments(text: string): IgnoredIds {
  const ids = new Set<string>();
  const comments: IgnoreComment[] = [];
  const todos: TodoComment[] = [];
  if (!/sdp-(?:ignore|todo)/i.test(text)) return { ids, comments, todos, text };
  const lineStarts = lineStartsOf(text);
  const layout = readLayout(text, lineStarts);
  const lineAt = (offset: number): number => lineOf(lineStarts, offset);
  const blank = (s: string): string => s.replace(/[^\n\r]/g, ' ');

  // Where the comments are: sdp-ignore ones on the text, then sdp-todo markers on the text with
  // those blanked. A marker ends at its first `-->`, as a preview reads it.
  const spans: { start: number; end: number }[] = [];
  // The comments are found by their openers, each searched for its `-->` with `indexOf`. A search
  // that finds none ends the scan (no later comment can close either), and a found `-->` or
  // newline is reused by the openers before it, so the scan is linear however many openers the
  // text holds (a regex retried at every opener read to the end of the text from each).
  // Each call scans with its own copies: a shared global regex keeps its lastIndex between calls.
  const ignoreOpen = new RegExp(IGNORE_OPEN.source, 'gi');
  const todoOpen = new RegExp(TODO_OPEN.source, 'gi');
  let close = -1;
  let newline = -1;
  for (let m = ignoreOpen.exec(text); m !== null; m = ignoreOpen.exec(text)) {
    const offset = m.index;
    const after = offset + m[0].length;
    if (close < after) close = text.indexOf(COMMENT_CLOSE, after);
    if (close === -1) break;
    if (newline < after) newline = text.indexOf('\n', after);
    // On one line only: one with no `-->` on its line is no comment, nor is any later on that line.
    if (newline !== -1 && newline < close) {
      ignoreOpen.lastIndex = newline;
      continue;
    }
    const end = close + COMMENT_CLOSE.length;
    ignoreOpen.lastIndex = end;
    if (layout.inCode(offset)) continue;
    const named = text.slice(after, close).split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter((s) => ID.test(s));
    named.forEach((id) => ids.add(id));
    comments.push({ line: lineAt(offset), ids: named });
    spans.push({ start: offset, end });
  }
  // Markers are read on the text with those comments blanked: a `-->` inside one ends no marker.
  let withoutIgnores = '';
  let copied = 0;
  for (const { start, end } of spans) {
    withoutIgnores += text.slice(copied, start) + blank(text.slice(start, end));
    copied = end;
  }
  withoutIgnores += text.slice(copied);
  const headingsToBlank: Heading[] = [];
  close = -1;
  for (let m = todoOpen.exec(withoutIgnores); m !== null; m = todoOpen.exec(withoutIgnores)) {
    const offset = m.index;
    const after = offset + m[0].length;
    if (close < after) close = withoutIgnores.indexOf(COMMENT_CLOSE, after);
    if (close === -1) break;
    const end = close + COMMENT_CLOSE.length;
    todoOpen.lastIndex = end;
    if (layout.inCode(offset)) continue;
    const id = TODO_ID.exec(withoutIgnores.slice(after, close))![1]!.trim().toLowerCase();
    const line = lineAt(offset);
    if (ID.test(id)) {
      const heading = headingAbove(text, lineStarts, layout, line, offset);
      if (heading) headingsToBlank.push(heading);
      todos.push({ line, id, ...(heading ? { headingLine: heading.startLine } : {}) });
    }
    spans.push({ start: offset, end });
  }
  spans.sort((a, b) => a.start - b.start);
  // An sdp-ignore comment written inside a marker's prompts is blanked with the marker: one span.
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && span.start < previous.end) previous.end = Math.max(previous.end, span.end);
    else merged.push(span);
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
  // Text after a comment on the comment's last line stays text. Blanked with spaces, the comment
  // would indent it: four columns or more make an indented code block, whose words count for
  // nothing. So when text follows on that line (other comments there do not count), that part of
  // the comment becomes no-break spaces, which no tokenizer reads as a word; otherwise spaces, and a
  // line of comments alone is blank and ends its paragraph. Read from the last comment back, so
  // each comment looks only at the stretch up to the next one: linear in the comments.
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
  let blanked = '';
  let at = 0;
  merged.forEach(({ start, end }, i) => {
    const whole = text.slice(start, end);
    const lastLine = textAfter[i] ? whole.lastIndexOf('\n') + 1 : whole.length;
    blanked += text.slice(at, start) + blank(whole.slice(0, lastLine)) + SETEXT_KEEP.repeat(whole.length - lastLine);
    at = end;
  });
  blanked += text.slice(at);
  // The heading stays a heading of its level (the section stays a section) and loses its words.
  // Each line's replacement is collected and the text built once: rebuilding it per heading line
  // copied the whole document for every marker (quadratic on a document with many of them).
  const lineEnd = (l: number): number => (l + 1 < lineStarts.length ? lineStarts[l + 1]! : blanked.length);
  const edits: LineEdit[] = [];
  const blankedLines = new Set<number>();
  const edit = (l: number, replace: (lineText: string) => string | undefined): void => {
    if (blankedLines.has(l)) return;
    blankedLines.add(l);
    const start = lineStarts[l]!;
    const end = lineEnd(l);
    const replacement = replace(blanked.slice(start, end));
    if (replacement !== undefined) edits.push({ start, end, replacement });
  };
  for (const h of headingsToBlank) {
    if (h.setext) {
      for (let l = h.startLine; l < h.endLine - 1; l++) {
        edit(l, (lineText) => {
          const first = lineText.search(/[^ \t\r\n]/);
          if (first === -1) return undefined;
          const kept = blank(lineText);
          return kept.slice(0, first) + SETEXT_KEEP + kept.slice(first + 1);
        });
      }
      continue;
    }
    edit(h.startLine, (lineText) => {
      const marks = ATX_MARKS.exec(lineText);
      if (!marks) return undefined;
      const keep = marks[0].length;
      return lineText.slice(0, keep) + blank(lineText.slice(keep));
    });
  }
  blanked = applyLineEdits(blanked, edits);
  return { ids, comments, todos, text: blanked };
}

/** One line's new text: text[start, end) becomes `replacement` (same length). */
interface LineEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** The text with each edit applied, built in one pass; edits do not overlap. */
function applyLineEdits(text: string, edits: LineEdit[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.start), e.replacement);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The comment that ignores `id`, as a line of its own. */
export function ignoreCommentFor(id: string): string {
  return `<!-- sdp-ignore: ${id} -->`;
}

/**
 * The marker that keeps `id` open, with prompt lines inside it. A prompt cannot end the comment
 * early: any `--` in it becomes a dash.
 */
export function todoCommentFor(id: string, prompts: readonly string[]): string {
  // A `--` could end the comment early, and a lone backtick could open a code span (as the engine's
  // parse reads the marker's text) that runs over a real comment further on.
  return [`<!-- sdp-todo: ${id}`, ...prompts.map((p) => p.replace(/--+/g, '–').replace(/`/g, "'")), '-->'].join('\n');
}

/** A heading outside any quote or list: 0-based first line, the line after its last, and whether an underline makes it. */
interface Heading {
  readonly startLine: number;
  readonly endLine: number;
  readonly setext: boolean;
}

interface Layout {
  /** True when the offset is inside code: a code block or an inline code span. */
  inCode(offset: number): boolean;
  /** Top-level headings by their last line. */
  readonly headingEndingAt: ReadonlyMap<number, Heading>;
}

/** Code and headings, from the engine's markdown-it block parse. */
function readLayout(text: string, lineStarts: readonly number[]): Layout {
  const offsetOfLine = (line: number): number => lineStarts[line] ?? text.length;
  const code: [number, number][] = [];
  const headingEndingAt = new Map<number, Heading>();
  readBlockTokens(text, lineStarts, frontMatterLines(text, lineStarts), (tokens, firstLine) => {
    for (const t of tokens) {
      if (!t.map) continue;
      const startLine = t.map[0] + firstLine;
      const endLine = t.map[1] + firstLine;
      if (t.type === 'fence' || t.type === 'code_block') code.push([offsetOfLine(startLine), offsetOfLine(endLine)]);
      else if (t.type === 'heading_open' && t.level === 0) headingEndingAt.set(endLine - 1, { startLine, endLine, setext: !t.markup.startsWith('#') });
      // Inline text: a paragraph's or a heading's lines, a table's row (its cells' inline tokens carry no map).
      else if (t.type === 'inline' || t.type === 'tr_open') codeSpans(text, offsetOfLine(startLine), offsetOfLine(endLine), code);
    }
  });
  code.sort((a, b) => a[0] - b[0]);
  const inCode = (offset: number): boolean => {
    // The last range starting at or before the offset; ranges do not overlap.
    let lo = 0;
    let hi = code.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid]![0] <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found !== -1 && offset < code[found]![1];
  };
  return { inCode, headingEndingAt };
}

/**
 * Inline code spans in text[from, to) as markdown-it reads them: a run of backticks opens a span
 * that the next run of the same length closes, over line breaks too; a backslash makes the
 * backtick after it plain text (outside a span; inside one it is literal); a run with no closer is
 * plain text. Other inline constructs (links, autolinks) are not tracked. Reads nothing outside
 * [from, to): it runs once per paragraph and table row, so a search past `to` would scan on to
 * the next backtick of the whole document for each of them (quadratic on a long document).
 */
export function codeSpans(text: string, from: number, to: number, out: [number, number][]): void {
  const first = nextBacktick(text, from, to);
  if (first === -1) return;
  // The start of the last run of each length: an opener after it has no closer, so no run is
  // searched for twice (markdown-it keeps the same table against quadratic time).
  let lastRunOf: Map<number, number> | undefined;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) { i += 2; continue; }
    if (c !== BACKTICK) { i++; continue; }
    const runEnd = runEndAt(text, i, to);
    const length = runEnd - i;
    if (!lastRunOf) {
      lastRunOf = new Map();
      for (let r = first; r !== -1; r = nextBacktick(text, runEndAt(text, r, to), to)) lastRunOf.set(runEndAt(text, r, to) - r, r);
    }
    if ((lastRunOf.get(length) ?? -1) <= i) { i = runEnd; continue; }
    let close = -1;
    for (let r = nextBacktick(text, runEnd, to); r !== -1; ) {
      const end = runEndAt(text, r, to);
      if (end - r === length) { close = end; break; }
      r = nextBacktick(text, end, to);
    }
    if (close === -1) { i = runEnd; continue; }
    out.push([i, close]);
    i = close;
  }
}

const BACKTICK = 0x60;
const BACKSLASH = 0x5c;

/** The first backtick in text[from, to), or -1. */
function nextBacktick(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === BACKTICK) return i;
  return -1;
}

function runEndAt(text: string, start: number, to: number): number {
  let end = start;
  while (end < to && text.charCodeAt(end) === BACKTICK) end++;
  return end;
}

/**
 * The top-level heading right above a marker that starts its line, with only blank lines between
 * (a setext heading's last line is its underline).
 */
function headingAbove(text: string, lineStarts: readonly number[], layout: Layout, line: number, offset: number): Heading | undefined {
  if (text.slice(lineStarts[line]!, offset).trim() !== '') return undefined;
  for (let l = line - 1; l >= 0; l--) {
    if (BLANK_LINE.test(text.slice(lineStarts[l]!, lineStarts[l + 1] ?? text.length))) continue;
    return layout.headingEndingAt.get(l);
  }
  return undefined;
}
