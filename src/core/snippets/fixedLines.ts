/**
 * Lines of code that a snippet block must not be put above or between, read from the text alone
 * (no parser, no `vscode`): the lines a file must open with, and the decorators that belong to the
 * declaration under them. placement.ts moves a block past them. Which of these a language has
 * (decorator openers, comment markers, opening lines) is its row of
 * content/snippets/placement-languages.json (placementLanguages.ts).
 */

import type { PlacementLanguage } from './placementLanguages';

/** How far either reading looks, in lines: a file's opening lines and one declaration's decorators are far shorter. */
const MAX_LINES = 1000;

/**
 * The last of the lines a code file must open with (those of `language.openingLines`); undefined
 * for none. A `#!` first line works only there, and Rust's inner attributes (`#![...]`, on one
 * line or several) and inner doc comments (`//!`, and the block comment that opens with `/*!`) must
 * come before the first item, so the blank lines and comments between them go with them too. So
 * does a Python or Ruby encoding declaration (`# -*- coding: latin-1 -*-`), read only on the first
 * line or the second after a `#!` line; Python's `from __future__ import` lines with the docstring
 * and comments above them; and JavaScript's and TypeScript's directive prologue (`'use strict'`)
 * with the comments above it.
 */
export function leadingLinesLastLine(lineText: (line: number) => string, lineCount: number, language: PlacementLanguage): number | undefined {
  const opens = new Set(language.openingLines);
  let last: number | undefined;
  let line = 0;
  // `#![` opens an inner attribute, not a shebang, as rustc reads a first line.
  if (opens.has('shebang') && lineCount > 0 && lineText(0).startsWith('#!') && !(opens.has('innerAttributes') && lineText(0).startsWith('#!['))) {
    last = 0;
    line = 1;
  }
  // Python reads a source encoding declaration only on the file's first or second line (PEP 263).
  if (opens.has('encodingDeclaration') && line < lineCount && ENCODING_DECLARATION.test(lineText(line))) {
    last = line;
    line++;
  }
  const limit = Math.min(lineCount, MAX_LINES);
  // Each reading starts from the same line; the one that reaches furthest decides (in the unknown
  // row a Python docstring also reads as a directive, and a `/*!` comment can open a JavaScript file).
  if (opens.has('futureImports')) last = later(last, futureImportsEnd(lineText, line, limit));
  if (opens.has('directives')) last = later(last, directivesEnd(lineText, line, limit, language));
  if (!opens.has('innerAttributes')) return last;
  while (line < limit) {
    const text = lineText(line).trim();
    if (text.startsWith('#![')) {
      const end = bracketsCloseOn(lineText, line, lineText(line).indexOf('#![') + 2, limit);
      if (end === undefined) return last;
      last = later(last, end);
      line = end + 1;
    } else if (text.startsWith('//!')) {
      last = later(last, line);
      line++;
    } else if (language.blockComments.some(([open]) => text.startsWith(open))) {
      // A block comment, on one line or several; one that opens with `/*!` is an inner doc comment.
      const end = blockCommentEnd(lineText, line, limit, language);
      if (end === undefined) return last;
      if (text.startsWith('/*!')) last = later(last, end);
      line = end + 1;
    } else if (text === '' || language.lineComments.some((marker) => text.startsWith(marker))) {
      line++;
    } else {
      break;
    }
  }
  return last;
}

/**
 * The last line of Python's `from __future__ import ...` statements at the top of a module, or
 * undefined for none. Only the module's docstring, comments and blank lines may come before them:
 * code put above them makes each a SyntaxError (they must occur at the beginning of the file), so
 * the docstring and comments before them stay first with them.
 */
function futureImportsEnd(lineText: (line: number) => string, line: number, limit: number): number | undefined {
  let last: number | undefined;
  let docstring = false;
  while (line < limit) {
    const text = lineText(line).trim();
    // A string's quotes: the module's docstring, on one line or several.
    const quotes = /^[rRuU]?("""|'''|"|')/.exec(text)?.[1];
    if (text === '' || text.startsWith('#')) {
      line++;
    } else if (/^from[ \t]+__future__[ \t]+import\b/.test(text)) {
      const paren = lineText(line).indexOf('(');
      const end = paren === -1 ? line : bracketsCloseOn(lineText, line, paren, limit);
      if (end === undefined) return last;
      last = end;
      line = end + 1;
    } else if (quotes && !docstring && last === undefined) {
      docstring = true;
      const end = closedOn(lineText, line, lineText(line).indexOf(quotes) + quotes.length, quotes, limit);
      if (end === undefined) return last;
      line = end + 1;
    } else {
      break;
    }
  }
  return last;
}

/**
 * The last line of a JavaScript or TypeScript directive prologue (`'use strict'`, `'use client'`,
 * `'use server'`: string literals standing alone as statements before any other code), or
 * undefined for none. Only comments and blank lines may come before them: put code above, and each
 * becomes a string that does nothing (a React `'use client'` module then renders on the server).
 * Several may share a line (`'use strict'; 'use client';`); a line where code follows them
 * (`'use strict'; main();`) is the prologue's last.
 */
function directivesEnd(lineText: (line: number) => string, line: number, limit: number, language: PlacementLanguage): number | undefined {
  let last: number | undefined;
  // A directive line with no `;`: it ends there (ASI) unless the next line of code continues its
  // expression (`'use client'` then `.length`, `(function () {})()`, `+ x`), when it is no directive.
  let unended: number | undefined;
  while (line < limit) {
    const text = lineText(line).trim();
    if (text === '' || language.lineComments.some((marker) => text.startsWith(marker))) {
      line++;
    } else if (language.blockComments.some(([open]) => text.startsWith(open))) {
      const end = blockCommentEnd(lineText, line, limit, language);
      if (end === undefined) break;
      line = end + 1;
    } else {
      if (unended !== undefined) {
        if (CONTINUES_EXPRESSION.test(text)) return last;
        last = unended;
        unended = undefined;
      }
      // Directives ended by `;` may share a line, with each other or with the code after them.
      const ended = ENDED_DIRECTIVES.exec(text)?.[0] ?? '';
      const rest = text.slice(ended.length);
      const directive = DIRECTIVE.exec(rest);
      if (directive) {
        if (directive[1]) last = line;
        else unended = line;
      } else if (ended !== '' && (rest === '' || rest.startsWith('//'))) {
        last = line;
      } else if (ended !== '') {
        // `'use strict'; main();`: the prologue ends inside this line. A block is whole lines, so the
        // line stays above it whole, and nothing under it is a directive (code came first).
        return line;
      } else {
        break;
      }
      line++;
    }
  }
  return unended ?? last;
}

/**
 * A directive: one string literal in single or double quotes (escapes allowed: `'use\x20strict'` is
 * a directive, though not the strict one), then an optional `;` (captured) and line comment.
 */
const DIRECTIVE = /^(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*(;)?\s*(?:\/\/.*)?$/;

/** Directives at the start of a line, each ended by `;` (`'use strict'; 'use client';`), and the space after them. */
const ENDED_DIRECTIVES = /^(?:(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*;\s*)+/;

/**
 * How a line that continues the expression before it starts: a member, call, index, tagged template,
 * or a binary or conditional operator (`++` and `--` after a line break start a new statement).
 */
const CONTINUES_EXPRESSION = /^(?:[.([`,?=<>&|^*/%]|!=|\+(?!\+)|-(?!-)|in(?:stanceof)?\b)/;

/** The later of two lines, either maybe undefined. */
function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** The line that closes the block comment opening (after indentation) on `line`; undefined when it does not close within `limit`. */
function blockCommentEnd(lineText: (line: number) => string, line: number, limit: number, language: PlacementLanguage): number | undefined {
  const text = lineText(line).trim();
  const [open, close] = language.blockComments.find(([o]) => text.startsWith(o))!;
  return closedOn(lineText, line, lineText(line).indexOf(open) + open.length, close, limit);
}

/** The first line from `line` that holds `close` (on `line`, at `from` or later); undefined when none does before `limit`. */
function closedOn(lineText: (line: number) => string, line: number, from: number, close: string, limit: number): number | undefined {
  for (let end = line; end < limit; end++) {
    if (lineText(end).includes(close, end === line ? from : 0)) return end;
  }
  return undefined;
}

/** PEP 263's pattern for an encoding declaration: a comment naming `coding:` or `coding=`. */
const ENCODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;

/**
 * The first line of the decorators right above `line` (Python's and TypeScript's `@name(...)`,
 * Java's annotations, Rust's outer attributes `#[...]`, C#'s `[Name]`, C's and C++'s `[[name]]`), each at `indent` and on lines of their
 * own, or `line` when there are none. A block put above a decorated declaration goes above them:
 * between them and the declaration it would take them over. A line that holds a decorator and
 * what it decorates (Java's `@Inject private Store store;`) decorates nothing below it.
 */
export function decoratorsStart(lineText: (line: number) => string, line: number, indent: number, language: PlacementLanguage): number {
  if (language.decorators.length === 0) return line;
  const opener = new RegExp(`^(?:${language.decorators.map((d) => DECORATOR_OPENS[d]).join('|')})`);
  let top = line;
  for (let k = line - 1; k >= 0 && k >= line - MAX_LINES; k--) {
    const text = lineText(k);
    // Decorators sit right above what they decorate; a blank line ends the run looked at.
    if (text.trim() === '') break;
    if (indentOf(text) !== indent || !opener.test(text.trimStart())) continue;
    // After a line that ends in `\`, `@name` continues that line's expression (Python's `@` is
    // also matrix multiplication): it decorates nothing.
    if (k > 0 && lineText(k - 1).trimEnd().endsWith('\\')) continue;
    const run: string[] = [];
    for (let i = k; i < line; i++) run.push(lineText(i));
    if (onlyDecorators(run.join('\n'), language)) top = k;
  }
  return top;
}

/**
 * How each opener starts a decorator line: `@` and a name (not Java's `@interface`, which declares
 * one); a bracketed attribute `#[` (Rust, PHP); C#'s `[Name` (a collection expression such as
 * `[1, 2]` does not open with a name); C's and C++'s `[[`, which opens nothing but an attribute there.
 */
const DECORATOR_OPENS: Readonly<Record<PlacementLanguage['decorators'][number], string>> = {
  '@': '@(?!interface\\b)[A-Za-z_$]',
  '#[': '#\\[',
  '[': '\\[[ \\t]*[A-Za-z_@]',
  '[[': '\\[\\[',
};

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** Whether `text` holds the language's decorators and line comments only: `@a.b`, `@a.b(...)`, `#[...]`, `[...]`, `[[...]]`, `// ...`, `# ...`. */
function onlyDecorators(text: string, language: PlacementLanguage): boolean {
  const at = language.decorators.includes('@');
  const attribute = language.decorators.includes('#[');
  const bracketed = language.decorators.includes('[') ? '[' : language.decorators.includes('[[') ? '[[' : undefined;
  let i = skipSpace(text, 0);
  while (i < text.length) {
    if (bracketed !== undefined && text.startsWith(bracketed, i)) {
      const end = closingBracket(text, i);
      if (end === undefined) return false;
      i = end + 1;
    } else if (attribute && text.startsWith('#[', i)) {
      const end = closingBracket(text, i + 1);
      if (end === undefined) return false;
      i = end + 1;
    } else if (at && text[i] === '@') {
      const name = /^@[A-Za-z_$][\w$.]*/.exec(text.slice(i));
      if (!name || name[0] === '@interface') return false;
      i += name[0].length;
      if (text[i] === '(') {
        const end = closingBracket(text, i);
        if (end === undefined) return false;
        i = end + 1;
      }
    } else if (language.lineComments.some((marker) => text.startsWith(marker, i))) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd === -1 ? text.length : lineEnd;
    } else {
      return false;
    }
    i = skipSpace(text, i);
  }
  return true;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

const OPENS = '([{';
const CLOSES = ')]}';

/**
 * The index of the bracket that closes the one at `open`, skipping quoted strings; undefined when
 * the text ends first or a bracket closes what it did not open. A `'` or `"` string ends on its
 * line: one that does not close there is an apostrophe in a comment (`# don't cache`,
 * `// the shelf's selector`), not a string, and reading it as one would hide every bracket after it.
 */
function closingBracket(text: string, open: number): number | undefined {
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(text, i);
      if (end !== undefined) i = end;
      else if (c === '`') return undefined;
    } else if (OPENS.includes(c)) {
      stack.push(CLOSES[OPENS.indexOf(c)]!);
    } else if (CLOSES.includes(c)) {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opened at `quote`; undefined when none does (on its line, for `'` and `"`; a template literal may span lines). */
function stringEnd(text: string, quote: number): number | undefined {
  const c = text[quote]!;
  for (let j = quote + 1; j < text.length; j += text[j] === '\\' ? 2 : 1) {
    if (text[j] === c) return j;
    if (text[j] === '\n' && c !== '`') return undefined;
  }
  return undefined;
}

/** The line where the bracket at `character` of `line` is closed, looking no further than `limit`. */
function bracketsCloseOn(lineText: (line: number) => string, line: number, character: number, limit: number): number | undefined {
  const lines: string[] = [];
  for (let i = line; i < limit; i++) lines.push(lineText(i));
  const end = closingBracket(lines.join('\n'), character);
  if (end === undefined) return undefined;
  return line + (lines.join('\n').slice(0, end).split('\n').length - 1);
}
