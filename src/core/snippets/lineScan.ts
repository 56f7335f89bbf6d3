/**
 * Reading a document's lines for snippet placement, with no parser and no `vscode`: where a bracket,
 * a string or a block comment that opens on a line closes. Shared by the readers of a file's opening
 * lines (fixedLines.ts) and of a declaration's decorators (decorators.ts).
 */

import type { PlacementLanguage } from './placementLanguages';

/** How far a reading looks, in lines: a file's opening lines and one declaration's decorators are far shorter. */
export const MAX_LINES = 1000;

/** The later of two lines, either maybe undefined. */
export function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** The line that closes the block comment opening (after indentation) on `line`; undefined when it does not close within `limit`. */
export function blockCommentEnd(lineText: (line: number) => string, line: number, limit: number, language: PlacementLanguage): number | undefined {
  const text = lineText(line).trim();
  const [open, close] = language.blockComments.find(([o]) => text.startsWith(o))!;
  return closedOn(lineText, line, lineText(line).indexOf(open) + open.length, close, limit);
}

/** The first line from `line` that holds `close` (on `line`, at `from` or later); undefined when none does before `limit`. */
export function closedOn(lineText: (line: number) => string, line: number, from: number, close: string, limit: number): number | undefined {
  for (let end = line; end < limit; end++) {
    if (lineText(end).includes(close, end === line ? from : 0)) return end;
  }
  return undefined;
}

const OPENS = '([{';
const CLOSES = ')]}';

/**
 * The index of the bracket that closes the one at `open` (the index of a bracket), skipping quoted
 * strings; undefined when the text ends first or a bracket closes what it did not open. A `'` or
 * `"` string ends on its line: one that does not close there is an apostrophe in a comment (`# don't cache`,
 * `// the shelf's selector`), not a string, and reading it as one would hide every bracket after it.
 * With `lineComments` (markers such as `//`, `#`), a comment outside a string is skipped to its
 * line's end, so a bracket in it (`"x",  # the input (raw)`) counts for nothing.
 *
 * `ends`, for callers that ask about many brackets of one text (with the same `lineComments`): the
 * answer for every bracket a reading passes, kept by its index. A reading from a bracket goes
 * exactly as the reading that passed it did from there on, so a later call there, or a reading
 * reaching it, takes the answer instead of reading again: however many brackets of a text are
 * asked about, each character is read about once.
 */
export function closingBracket(text: string, open: number, lineComments: readonly string[] = [], ends?: Map<number, number | undefined>): number | undefined {
  if (ends?.has(open)) return ends.get(open);
  const stack: number[] = []; // the indexes of the brackets still open
  let closed: number | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(text, i);
      if (end !== undefined) i = end;
      else if (c === '`') break;
    } else if (lineComments.length > 0 && lineComments.some((marker) => text.startsWith(marker, i))) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (OPENS.includes(c)) {
      if (i !== open && ends?.has(i)) {
        const end = ends.get(i);
        if (end === undefined) break; // it never closes, so neither does any bracket around it
        i = end; // the stack still holds `open` (a reading starts at a bracket), so the reading goes on
      } else {
        stack.push(i);
      }
    } else if (CLOSES.includes(c)) {
      const top = stack.pop();
      if (top === undefined || CLOSES[OPENS.indexOf(text[top]!)] !== c) {
        if (top !== undefined) ends?.set(top, undefined);
        break;
      }
      ends?.set(top, i);
      if (stack.length === 0) {
        closed = i;
        break;
      }
    }
  }
  // The brackets still open when the reading stopped close nowhere: a reading from any of them stops there too.
  if (ends !== undefined) for (const left of stack) ends.set(left, undefined);
  return closed;
}

/**
 * The index of the quote that closes the string opened at `quote`, past escaped quotes (`'\''`,
 * `"a\"b"`); undefined when none does (on its line, for `'` and `"`; a template literal may span lines).
 */
export function stringEnd(text: string, quote: number): number | undefined {
  const c = text[quote]!;
  for (let j = quote + 1; j < text.length; j += text[j] === '\\' ? 2 : 1) {
    if (text[j] === c) return j;
    if (text[j] === '\n' && c !== '`') return undefined;
  }
  return undefined;
}

/**
 * The line where the bracket at `character` of `line` is closed, looking no further than `limit`.
 * Whole lines are read in growing batches (1, 2, 4, ... lines) until the bracket closes in them:
 * a bracket closed within whole lines closes there whatever follows, and one that closes on its
 * own line reads no more than that line.
 */
export function bracketsCloseOn(lineText: (line: number) => string, line: number, character: number, limit: number): number | undefined {
  const lines: string[] = [];
  for (let batch = 1; line + lines.length < limit; batch *= 2) {
    for (let i = line + lines.length; i < Math.min(limit, line + batch); i++) lines.push(lineText(i));
    const joined = lines.join('\n');
    const end = closingBracket(joined, character);
    if (end !== undefined) return line + (joined.slice(0, end).split('\n').length - 1);
  }
  return undefined;
}
