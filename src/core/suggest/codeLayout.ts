/**
 * Where code and headings stand in a markdown document, from the engine's markdown-it block parse
 * (blockParse.ts's `readBlockTokens`): fenced code (in a quote or a list item too; an unclosed fence
 * runs to the end of the block that holds it), indented code, and inline code spans, which may run
 * over the lines of their paragraph. The comment readers (ignoreComments.ts, htmlComments.ts) use it
 * to leave comments inside code alone: there they are text about comments, not comments. It also
 * keeps where each run of inline text stands (a paragraph, a heading, a table row), since a comment
 * that opens inside a line must close in the same run, and where front matter ends.
 */
import { frontMatterLines, readBlockTokens } from './blockParse';

/** A heading outside any quote or list: 0-based first line, the line after its last, and whether an underline makes it. */
export interface Heading {
  readonly startLine: number;
  readonly endLine: number;
  readonly setext: boolean;
}

export interface Layout {
  /** True when the offset is inside code: a code block or an inline code span. */
  inCode(offset: number): boolean;
  /**
   * The end offset of the run of inline text (a paragraph, a heading, a table row, as the parse with
   * raw HTML off reads them) that holds the offset, or -1 when none does.
   */
  textRunEnd(offset: number): number;
  /** Whether the run of inline text holding the offset stands in a list item. */
  inListItem(offset: number): boolean;
  /** Top-level headings by their last line. */
  readonly headingEndingAt: ReadonlyMap<number, Heading>;
  /** Offset of the first line after YAML front matter (0 when there is none). */
  readonly bodyStart: number;
}

/** Code, runs of inline text and headings, from the engine's markdown-it block parse. */
export function readLayout(text: string, lineStarts: readonly number[]): Layout {
  const offsetOfLine = (line: number): number => lineStarts[line] ?? text.length;
  const code: [number, number][] = [];
  const runs: [number, number][] = [];
  const listRuns: [number, number][] = [];
  const headingEndingAt = new Map<number, Heading>();
  const fmLines = frontMatterLines(text, lineStarts);
  readBlockTokens(text, lineStarts, fmLines, (tokens, firstLine) => {
    let listItems = 0;
    for (const t of tokens) {
      if (t.type === 'list_item_open') listItems++;
      else if (t.type === 'list_item_close') listItems--;
      if (!t.map) continue;
      const startLine = t.map[0] + firstLine;
      const endLine = t.map[1] + firstLine;
      if (t.type === 'fence' || t.type === 'code_block') code.push([offsetOfLine(startLine), offsetOfLine(endLine)]);
      else if (t.type === 'heading_open' && t.level === 0) headingEndingAt.set(endLine - 1, { startLine, endLine, setext: !t.markup.startsWith('#') });
      // Inline text: a paragraph's or a heading's lines, a table's row (its cells' inline tokens carry no map).
      else if (t.type === 'inline' || t.type === 'tr_open') {
        const from = offsetOfLine(startLine);
        const to = offsetOfLine(endLine);
        runs.push([from, to]);
        if (listItems > 0) listRuns.push([from, to]);
        codeSpans(text, from, to, code);
      }
    }
  });
  code.sort((a, b) => a[0] - b[0]);
  runs.sort((a, b) => a[0] - b[0]);
  listRuns.sort((a, b) => a[0] - b[0]);
  const inCode = (offset: number): boolean => rangeAt(code, offset) !== undefined;
  const textRunEnd = (offset: number): number => rangeAt(runs, offset)?.[1] ?? -1;
  const inListItem = (offset: number): boolean => rangeAt(listRuns, offset) !== undefined;
  return { inCode, textRunEnd, inListItem, headingEndingAt, bodyStart: offsetOfLine(fmLines) };
}

/** The range of `ranges` (sorted by start, none overlapping) that holds the offset, if any. */
function rangeAt(ranges: readonly [number, number][], offset: number): [number, number] | undefined {
  // The last range starting at or before the offset.
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0] <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found !== -1 && offset < ranges[found]![1] ? ranges[found] : undefined;
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
