/**
 * markdown-it's block parse of a document, as the engine reads it: front matter read as blank
 * lines (so every token's `map` is in the text's own lines), raw HTML off, inline rules off. The
 * engine's structure (structure.ts) and the ignore comments (ignoreComments.ts) both read it, so
 * the two agree on what is code and what is a heading.
 *
 * A long document is parsed in pieces of about PIECE_CHARS characters, each handed to the reader
 * before the next is parsed. One parse of a 10 MB document holds some 400,000 tokens and five
 * arrays of a quarter of a million line marks, all alive until the parse ends; the garbage
 * collector copied them out of its young generation again and again, and that cost more than
 * the parse itself (about 600 ms against 200 ms in pieces). The tokens are the same: a piece ends
 * only where nothing before can reach past it, at a blank line followed by an ATX heading at
 * column 0. A paragraph, a table, a quote and a reference definition end at the blank line, and a
 * list or indented code ends at a line at column 0 that is no list item. Only two constructs can
 * run on past that heading, and a piece where either appears is joined to the rest of the text:
 *
 * - a fence with no closing line (it runs to the end of the document, or of the list item that
 *   holds it), seen as a fence that ends where the piece ends;
 * - nesting at markdown-it's `maxNesting`, where it stops parsing and skips to the end of the
 *   document (the end of the piece, in a piece).
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { installLeanBlockState } from './leanBlockState';
import { frontMatterLastLine } from '../text/frontMatter';
import { lineOf } from './lines';

const md = new MarkdownIt('commonmark', { html: false });
md.enable('table');
md.core.ruler.disable(['inline', 'text_join'], true);
// The same tokens, each made without the published build's per-field helper calls (leanBlockState.ts).
installLeanBlockState(md);

/** @internal For a unit test: the block state class the engine's parser uses (the lean one, when markdown-it is the version it was written for). */
export function engineBlockStateForTests(): unknown {
  return md.block.State;
}

/** About 32 KB a piece: measured on the bench's 10 MB document, 8 KB to 128 KB all do well. */
export const PIECE_CHARS = 32_768;

/**
 * A blank line (spaces and tabs only, as markdown-it reads one), then an ATX heading at column 0.
 * Lines may end in CRLF (markdown-it reads `\r\n` as one line break). A lone `\r` is a line break
 * to markdown-it but not here: the engine turns lone ones into `\n` before it parses.
 */
const HEADING_AFTER_BLANK_LINE = /\n[ \t]*\r?\n(?=#{1,6}(?:[ \t\r\n]|$))/g;

/**
 * Parses `text` and hands its block tokens to `read`, in document order, a piece at a time; a
 * token's `map` is in the piece's lines, so its lines in the text are `map[i] + firstLine`. The
 * tokens are the ones a parse of the whole text gives. `frontMatter` is `frontMatterLines(text)`,
 * which the reader needs first. `pieceChars` is for tests.
 */
export function readBlockTokens(
  text: string, lineStarts: readonly number[], frontMatter: number, read: (tokens: readonly Token[], firstLine: number) => void,
  pieceChars = PIECE_CHARS,
): void {
  const body = frontMatter > 0 ? '\n'.repeat(frontMatter) + text.slice(lineStarts[frontMatter] ?? text.length) : text;
  // The body's lines are the text's; past the front matter, a body offset is the text's moved by this much.
  const shift = frontMatter > 0 ? (lineStarts[frontMatter] ?? text.length) - frontMatter : 0;
  let from = 0;
  let firstLine = 0;
  while (from < body.length) {
    const to = pieceEnd(body, from, from + pieceChars);
    const tokens = md.parse(body.slice(from, to), {});
    if (to < body.length) {
      // A piece ends at the start of a line after the front matter (the front matter is blank lines in the body: no heading).
      const nextLine = lineOf(lineStarts, to + shift);
      if (!reachesPast(tokens, nextLine - firstLine)) {
        read(tokens, firstLine);
        from = to;
        firstLine = nextLine;
        continue;
      }
    }
    // The last piece, or one that a construct runs out of: the rest of the text in one parse.
    read(to < body.length ? md.parse(body.slice(from), {}) : tokens, firstLine);
    break;
  }
}

/** Where the piece that starts at `from` ends: at the first heading that may open the next one at or after `at`, or at the end of the text. */
function pieceEnd(body: string, from: number, at: number): number {
  if (at >= body.length) return body.length;
  // The blank line before the heading may start before `at`: search from the line break before it.
  HEADING_AFTER_BLANK_LINE.lastIndex = Math.max(from, body.lastIndexOf('\n', at - 1));
  const m = HEADING_AFTER_BLANK_LINE.exec(body);
  return m ? m.index + m[0].length : body.length;
}

/** Whether a construct of the piece may go on past its end: a fence that ends with the piece, or nesting at the limit. */
function reachesPast(tokens: readonly Token[], lines: number): boolean {
  const maxNesting = md.options.maxNesting ?? Infinity;
  for (const t of tokens) {
    if (t.type === 'fence' && t.map !== null && t.map[1] >= lines) return true;
    if (t.level >= maxNesting - 1) return true;
  }
  return false;
}

/** How many lines of YAML front matter (between `---` lines) the text opens with; 0 for none. The rule is frontMatter.ts's, which snippet placement reads too. */
export function frontMatterLines(text: string, lineStarts: readonly number[]): number {
  const lineText = (line: number): string => text.slice(lineStarts[line], lineStarts[line + 1] ?? text.length).replace(/\r?\n$/, '');
  const last = frontMatterLastLine(lineText, lineStarts.length);
  return last === undefined ? 0 : last + 1;
}
