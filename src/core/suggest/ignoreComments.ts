/**
 * Comments a writer leaves for the review, read before analysis and blanked (their words are no
 * evidence, and no line or column moves):
 *
 * - `<!-- sdp-ignore: id, id -->`: "not this pattern" or "not this question" for one document. An
 *   id is a pattern id (`contention`: the suggestion, its evidence, its findings and its questions
 *   go) or a deep-dive id (`realtime-updates/reconnection`: that open question goes); dropped after
 *   scoring.
 * - `<!-- sdp-todo: id ... -->`: "this question is being answered here", written by the quick fix
 *   "Add a section answering". It may span lines (the prompts live inside it). The heading right
 *   above it (the one the quick fix wrote) is blanked too, so the new section changes no score; the
 *   question stays open, pointing at that heading, until the writer deletes the comment.
 *
 * Comments inside fenced code or inline code are text about comments, not comments: left alone.
 * docs/in-document-review.md documents both for writers.
 */

import { lineOf, lineStartsOf } from './structure';

/** The comment, anywhere in the text; ids separated by commas or spaces. */
const IGNORE_COMMENT = /<!--[ \t]*sdp-ignore[ \t]*:([^\n]*?)-->/gi;
/** The marker: one id, then anything (prompts, line breaks) up to the end of the comment. */
const TODO_COMMENT = /<!--[ \t]*sdp-todo[ \t]*:[ \t]*([^\s,>]*)([\s\S]*?)-->/gi;
const ID = /^[a-z0-9][a-z0-9._/-]*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

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
  /** The text with each comment (and each marker's heading text) replaced by spaces: same length, same lines. */
  readonly text: string;
}

export function readIgnoreComments(text: string): IgnoredIds {
  const ids = new Set<string>();
  const comments: IgnoreComment[] = [];
  const todos: TodoComment[] = [];
  if (!/sdp-(?:ignore|todo)/i.test(text)) return { ids, comments, todos, text };
  const lineStarts = lineStartsOf(text);
  const code = codeRanges(text, lineStarts);
  const inCode = (offset: number): boolean => code.some(([from, to]) => offset >= from && offset < to);
  const lineAt = (offset: number): number => lineOf(lineStarts, offset);
  const blank = (s: string): string => s.replace(/[^\n\r]/g, ' ');

  let blanked = text.replace(IGNORE_COMMENT, (whole: string, list: string, offset: number) => {
    if (inCode(offset)) return whole;
    const named = list.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter((s) => ID.test(s));
    named.forEach((id) => ids.add(id));
    comments.push({ line: lineAt(offset), ids: named });
    return blank(whole);
  });
  const headingsToBlank: number[] = [];
  blanked = blanked.replace(TODO_COMMENT, (whole: string, rawId: string, _rest: string, offset: number) => {
    if (inCode(offset)) return whole;
    const id = rawId.trim().toLowerCase();
    const line = lineAt(offset);
    if (ID.test(id)) {
      const headingLine = headingAbove(text, lineStarts, line, offset);
      if (headingLine !== undefined) headingsToBlank.push(headingLine);
      todos.push({ line, id, ...(headingLine !== undefined ? { headingLine } : {}) });
    }
    return blank(whole);
  });
  // The heading keeps its `#` marks (the section stays a section) and loses its words.
  for (const h of headingsToBlank) {
    const start = lineStarts[h]!;
    const end = h + 1 < lineStarts.length ? lineStarts[h + 1]! : blanked.length;
    const lineText = blanked.slice(start, end);
    const match = ATX_HEADING.exec(lineText.replace(/\r?\n$/, ''));
    if (!match) continue;
    const keep = lineText.indexOf(match[1]!) + match[1]!.length;
    blanked = blanked.slice(0, start + keep) + blank(blanked.slice(start + keep, end)) + blanked.slice(end);
  }
  return { ids, comments, todos, text: blanked };
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
  return [`<!-- sdp-todo: ${id}`, ...prompts.map((p) => p.replace(/--+/g, '–')), '-->'].join('\n');
}

/** The 0-based line of an ATX heading above `line`, with only blank lines between; the comment must start its line. */
function headingAbove(text: string, lineStarts: readonly number[], line: number, offset: number): number | undefined {
  if (text.slice(lineStarts[line]!, offset).trim() !== '') return undefined;
  for (let l = line - 1; l >= 0; l--) {
    const content = text.slice(lineStarts[l]!, (lineStarts[l + 1] ?? text.length)).replace(/\r?\n$/, '');
    if (content.trim() === '') continue;
    return ATX_HEADING.test(content) ? l : undefined;
  }
  return undefined;
}

/** Offsets [from, to) of fenced code blocks and inline code spans. */
function codeRanges(text: string, lineStarts: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  let fence: { marker: string; from: number } | undefined;
  for (let l = 0; l < lineStarts.length; l++) {
    const from = lineStarts[l]!;
    const to = lineStarts[l + 1] ?? text.length;
    const content = text.slice(from, to);
    const open = FENCE.exec(content);
    if (fence) {
      if (open && open[1]![0] === fence.marker[0] && open[1]!.length >= fence.marker.length && content.trim() === open[1]) {
        ranges.push([fence.from, to]);
        fence = undefined;
      }
      continue;
    }
    if (open) {
      fence = { marker: open[1]!, from };
      continue;
    }
    for (const span of content.matchAll(/(`+)[^`\n]*?\1/g)) ranges.push([from + span.index, from + span.index + span[0].length]);
  }
  if (fence) ranges.push([fence.from, text.length]);
  return ranges;
}
