/**
 * Comments a writer leaves for the review, read before analysis and blanked (their words are no
 * evidence, and no line or column moves):
 *
 * - `<!-- sdp-ignore: id, id -->`: "not this pattern" or "not this question" for one document. An
 *   id is a pattern id (`contention`: the suggestion, its evidence, its findings and its questions
 *   go) or a deep-dive or design-check id (`realtime-updates/reconnection`: that open question goes); dropped after
 *   scoring. `deep-dives` (`NO_DEEP_DIVES_ID`, commentText.ts) asks no deep dive in the document, design checks only.
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
 * part of the comment becomes no-break spaces, not an indent. Only a document holding `sdp-` is
 * parsed here (htmlComments.ts parses any document holding `<!--` once more, for its other comments).
 */

import { readLayout, type Heading, type Layout } from './codeLayout';
import { blankCommentSpans, blankKeepingLines as blank, commentEndAfter, escapedAt, NO_COMMENT_END, SETEXT_KEEP, type CommentEnd } from './commentSpans';
import { COMMENT_OPEN, IGNORE_OPEN, SPACE_ON_LINE } from './commentText';
import { opensHtmlBlock } from './htmlComments';
import { lineOf, lineStartsOf } from './lines';
import type { MalformedReviewComment } from './types';

// The ids and the comment builders live where activation can import them without the parse.
export { ignoreCommentFor, NO_DEEP_DIVES_ID, todoCommentFor } from './commentText';

/** The start of the marker: one id follows, then anything (prompts, line breaks) up to the first `-->`. `<!---` opens it too, as it opens an sdp-ignore comment. */
const TODO_OPEN = new RegExp(`${COMMENT_OPEN}sdp-todo[ \\t]*:`, 'gi');
/** The marker's id, at the start of what follows its colon (after white space on the line as `\s` reads it, a no-break space too, as between an sdp-ignore comment's words). */
const TODO_ID = new RegExp(`^${SPACE_ON_LINE}*([^\\s,>]*)`);
/**
 * A comment opening right after a marker's colon, before any id (`<!-- sdp-todo: <!-- sdp-ignore: x --> a/b -->`):
 * a preview ends the marker at that comment's `-->` and shows the rest as text. Sticky: tried at the colon.
 */
const COMMENT_BEFORE_ID = new RegExp(`${SPACE_ON_LINE}*<!--`, 'y');
/** A word of an sdp-ignore comment: what stands between commas and white space. */
const WORD = /[^\s,]+/g;
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
const ATX_MARKS = /^ {0,3}#{1,6}/;
/** A line markdown-it reads as blank: spaces and tabs only. */
const BLANK_LINE = /^[ \t]*\r?\n?$/;

export interface IgnoreComment {
  /** 0-based line of the comment. */
  readonly line: number;
  readonly ids: readonly string[];
}

export interface TodoComment {
  /** 0-based line where the comment starts. */
  readonly line: number;
  /** 0-based character of its `<!--` on that line. */
  readonly character: number;
  /** The deep dive it keeps open, lowercased. */
  readonly id: string;
  /**
   * Where it is reported, from `character` on its first line: its opener and id as written, only
   * white space on the line between them (`<!-- sdp-todo: contention/deadlocks`). A comment before
   * the id makes it a malformed comment (`todo-comment-before-id`), not a marker.
   */
  readonly text: string;
  /** 0-based line of the heading right above the comment (blank lines between allowed), if any. */
  readonly headingLine?: number;
}

/**
 * One word a comment names as an id, where it stands as written: what the review checks against the
 * catalog's ids (commentIds.ts), so a mistyped id is reported at the text the writer typed.
 */
export interface NamedId {
  /** The word lowercased, as the comment is obeyed. */
  readonly id: string;
  /** The word as written (its case kept): the text at `line`, `character`. */
  readonly written: string;
  /** 0-based line and character (UTF-16 code units) of the word's start in the text read. */
  readonly line: number;
  readonly character: number;
  readonly comment: 'sdp-ignore' | 'sdp-todo';
  /**
   * Of an `sdp-ignore` comment's word that is not its only one: the commas and white space between
   * it and the next word (the previous word, for the last one), 0-based characters, end exclusive.
   */
  readonly separatorSpan?: CharacterSpan;
}

/** Characters of one line, 0-based, `end` exclusive. */
export interface CharacterSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A review comment written so that it does nothing, though it looks as if it did: an `sdp-ignore`
 * comment that does not end (`-->`) on its opening line (the comment must sit on one line), an
 * `sdp-todo` marker whose opening line names no id after its colon, one with no `-->` (nor `--!>`)
 * after it, one that starts inside a line of text and whose `-->` comes after its paragraph, or one
 * with another comment opening before its id (a preview ends the marker at that comment's `-->`).
 * Reported by the opener as written.
 */
export interface MalformedComment {
  readonly kind: MalformedReviewComment['kind'];
  /** The opener as written: `<!-- sdp-ignore:` or `<!-- sdp-todo:`, its case and spaces kept. */
  readonly written: string;
  /** 0-based line and character of its `<!--`. */
  readonly line: number;
  readonly character: number;
}

export interface IgnoredIds {
  /** Every id named by an sdp-ignore comment, lowercased. */
  readonly ids: ReadonlySet<string>;
  /**
   * Every word the comments name where an id stands, in document order: each word of an
   * `sdp-ignore` comment, and the first word of an `sdp-todo` marker, including words that are no
   * id at all ("contention." or "locks!", which `ids` and `todos` leave out).
   */
  readonly named: readonly NamedId[];
  /** The comments that do nothing for their form, in document order (openers in code, front matter or after a backslash skipped, as for the rest). */
  readonly malformed: readonly MalformedComment[];
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

export interface ReadCommentsOptions {
  /**
   * The text is the first part of a longer document (cut at a size limit): a comment whose end was
   * searched for up to the text's end may end past it, so it is not reported as malformed.
   */
  readonly textIsPrefix?: boolean;
}

/**
 * A count a test passes to `readIgnoreComments` to see how much the searches for the comments'
 * ends read: their cost, counted, never timed. It changes nothing the reader does.
 */
export interface ScanProbe {
  /** Characters read by the searches for a `-->` or a line's end, added up over the call. */
  chars: number;
}

/**
 * `s` without the dashes it ends with (a `--->` closing leaves one before the `-->`). A loop, not
 * `/-+$/`: that regex tries every dash of a run as a start and reads the run to its end from each,
 * so a long run of dashes not at the end (a comment of dashes, then a word) took quadratic time.
 */
function withoutClosingDashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2d) end--;
  return s.slice(0, end);
}

export function readIgnoreComments(text: string, options: ReadCommentsOptions = {}, probe?: ScanProbe): IgnoredIds {
  const ids = new Set<string>();
  const comments: IgnoreComment[] = [];
  const todos: TodoComment[] = [];
  const named: NamedId[] = [];
  const malformed: MalformedComment[] = [];
  if (!/sdp-(?:ignore|todo)/i.test(text)) return { ids, comments, todos, named, malformed, text };
  const lineStarts = lineStartsOf(text);
  const layout = readLayout(text, lineStarts);
  const lineAt = (offset: number): number => lineOf(lineStarts, offset);
  const name = (written: string, offset: number, comment: NamedId['comment'], separatorSpan?: CharacterSpan): void => {
    const line = lineAt(offset);
    named.push({ id: written.toLowerCase(), written, line, character: offset - lineStarts[line]!, comment, ...(separatorSpan ? { separatorSpan } : {}) });
  };
  const malformedAt = (kind: MalformedComment['kind'], written: string, offset: number): void => {
    const line = lineAt(offset);
    malformed.push({ kind, written, line, character: offset - lineStarts[line]! });
  };

  // Where the comments are: sdp-ignore ones on the text, then sdp-todo markers on the text with
  // those blanked. A marker ends at its first `-->`, as a preview reads it: over blank lines when it
  // starts a line, within its paragraph when it starts inside a line of text.
  const spans: { start: number; end: number }[] = [];
  // The comments are found by their openers, each searched for its `-->` with `indexOf`, and a
  // found `-->` or newline is reused by the openers before it, so the scan is linear however many
  // openers the text holds (a regex retried at every opener read to the end of the text from each).
  // sdp-ignore openers: a search that finds no `-->` is not repeated (NO_COMMENT_END; no later opener can
  // close either, and each is reported as not closed on its line). sdp-todo openers: the first with
  // no `-->` is reported and ends the scan; one inside a line of text whose `-->` is past its
  // paragraph is reported and passed over, that `-->` kept for the openers after it.
  // Each call scans with its own copies: a shared global regex keeps its lastIndex between calls.
  // `t.indexOf(what, from)`, adding what it read (from `from` to the end of its match, or to the
  // text's end) to the probe's count.
  const find = (t: string, what: string, from: number): number => {
    const found = t.indexOf(what, from);
    if (probe) probe.chars += (found === -1 ? t.length : found + what.length) - from;
    return found;
  };
  // The first comment end (`-->` or `--!>`, as a preview's HTML parser ends a comment) at `from` or
  // after, in the text as written, counted as `find` counts.
  const findEnd = (open: number, from: number): CommentEnd | undefined => {
    const found = commentEndAfter(text, open, from);
    if (probe) probe.chars += (found === undefined ? text.length : found.end) - from;
    return found;
  };
  const ignoreOpen = new RegExp(IGNORE_OPEN.source, 'gi');
  const todoOpen = new RegExp(TODO_OPEN.source, 'gi');
  // No `-->` found: NO_COMMENT_END, past the end of any text. No line break found: the text's end.
  let close: CommentEnd = { start: -1, end: -1 };
  let newline = -1;
  // An opener a preview shows as text (in code, in front matter, after a backslash) is no comment:
  // neither obeyed nor reported, and it takes no `-->`, so a real comment after it is still read.
  const isText = (t: string, offset: number): boolean => layout.inCode(offset) || offset < layout.bodyStart || escapedAt(t, offset);
  // Whether a comment opens right after a marker's colon at `at`, read on the text as written (the
  // sdp-ignore comments are blanked in the text the markers are found on).
  const commentBeforeId = (at: number): boolean => {
    const before = new RegExp(COMMENT_BEFORE_ID.source, 'y');
    before.lastIndex = at;
    return before.test(text);
  };
  for (let m = ignoreOpen.exec(text); m !== null; m = ignoreOpen.exec(text)) {
    const offset = m.index;
    const after = offset + m[0].length;
    if (isText(text, offset)) continue;
    if (close.start < after) close = findEnd(offset, after) ?? NO_COMMENT_END;
    if (newline < after) newline = find(text, '\n', after);
    if (newline === -1) newline = text.length;
    // On one line only: one with no `-->` on its line is no comment, nor is any later on that line.
    // It hides nothing: the writer hears of it.
    if (newline < close.start) {
      // Its line runs to the end of a cut text: its `-->` may be past the cut.
      const cutOff = options.textIsPrefix === true && newline === text.length;
      if (!cutOff) malformedAt('ignore-not-closed', m[0], offset);
      ignoreOpen.lastIndex = newline;
      continue;
    }
    const end = close.end;
    ignoreOpen.lastIndex = end;
    // Words are separated by commas and white space (as `\s` reads it, so a no-break space too).
    // Each is recorded with the separator that goes with it when it is taken out (commentIdFixes.ts
    // builds the "Remove" fix from it, reading no comment itself).
    const valid: string[] = [];
    const lineStart = lineStarts[lineAt(offset)]!;
    // A comment closed with `--->` (to match a `<!---` opener) leaves a dash before its `-->`: the
    // closing's, not a word (no id ends with a dash).
    const words = [...withoutClosingDashes(text.slice(after, close.start)).matchAll(WORD)].map((w) => ({ written: w[0], start: after + w.index - lineStart, end: after + w.index + w[0].length - lineStart }));
    words.forEach((w, i) => {
      const next = words[i + 1];
      const previous = words[i - 1];
      const separatorSpan = next ? { start: w.end, end: next.start } : previous ? { start: previous.end, end: w.start } : undefined;
      name(w.written, lineStart + w.start, 'sdp-ignore', separatorSpan);
      const id = w.written.toLowerCase();
      if (ID.test(id)) valid.push(id);
    });
    valid.forEach((id) => ids.add(id));
    comments.push({ line: lineAt(offset), ids: valid });
    spans.push({ start: offset, end });
  }
  // Markers are found on the text with those comments blanked (an opener inside one is no marker),
  // and end where a preview ends them, on the text as written.
  let withoutIgnores = '';
  let copied = 0;
  for (const { start, end } of spans) {
    withoutIgnores += text.slice(copied, start) + blank(text.slice(start, end));
    copied = end;
  }
  withoutIgnores += text.slice(copied);
  const headingsToBlank: Heading[] = [];
  close = { start: -1, end: -1 };
  for (let m = todoOpen.exec(withoutIgnores); m !== null; m = todoOpen.exec(withoutIgnores)) {
    const offset = m.index;
    const after = offset + m[0].length;
    if (isText(withoutIgnores, offset)) continue;
    // A marker ends where a preview ends it: at the first `-->` (or `--!>`) after its colon in the
    // text as written, whatever comment opened before it. An sdp-ignore comment inside the marker
    // ends the marker at its `-->` too, and what follows shows as text (the engine reads it so).
    if (close.start < after) close = findEnd(offset, after) ?? NO_COMMENT_END;
    if (close === NO_COMMENT_END) {
      // No end after it: not a marker, and no later opener has one either (one report is
      // enough). Reported, unless the text was cut (its end may be past the cut).
      if (options.textIsPrefix !== true) malformedAt('todo-not-closed', m[0], offset);
      break;
    }
    // A comment opening before its id: the id shows as text after that comment's end.
    const beforeId = commentBeforeId(after);
    const end = close.end;
    // One inside a line of text is inline HTML to a preview: shown as text unless its end stands
    // in the same paragraph, heading or table row (as htmlComments.ts reads any comment). Only one
    // that starts a line opens a block, which runs to its end over blank lines. A later opener
    // may still take that end.
    if (end > layout.textRunEnd(offset) && !opensHtmlBlock(text, lineStarts, layout, offset)) {
      malformedAt('todo-ends-past-paragraph', m[0], offset);
      continue;
    }
    todoOpen.lastIndex = end;
    // The comment before the id: reported, and only that much (the preview's comment) is blanked.
    if (beforeId) {
      malformedAt('todo-comment-before-id', m[0], offset);
      spans.push({ start: offset, end });
      continue;
    }
    // A marker closed with `--->` right after its id leaves the closing's dash on it (no id ends with one), as for an sdp-ignore comment.
    const marked = TODO_ID.exec(withoutClosingDashes(withoutIgnores.slice(after, close.start)))!;
    const written = marked[1]!;
    const id = written.toLowerCase();
    // Its id must follow the colon on the opening line: one on the next line keeps nothing open.
    if (written !== '') name(written, after + marked[0].length - written.length, 'sdp-todo');
    else malformedAt('todo-names-nothing', m[0], offset);
    const line = lineAt(offset);
    if (ID.test(id)) {
      const heading = headingAbove(text, lineStarts, layout, line, offset);
      if (heading) headingsToBlank.push(heading);
      // Only white space on the line stands between the opener and the id (a comment there was reported above).
      todos.push({ line, character: offset - lineStarts[line]!, id, text: text.slice(offset, after + marked[0].length), ...(heading ? { headingLine: heading.startLine } : {}) });
    }
    spans.push({ start: offset, end });
  }
  let blanked = blankCommentSpans(text, spans);
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
  // The ignore comments were read first, the markers after: in document order, as a reader meets them.
  named.sort((a, b) => a.line - b.line || a.character - b.character);
  malformed.sort((a, b) => a.line - b.line || a.character - b.character);
  return { ids, comments, todos, named, malformed, text: blanked };
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
