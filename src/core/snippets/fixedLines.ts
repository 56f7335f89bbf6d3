/**
 * The lines a code file must open with, which a snippet block must not be put above or between,
 * read from the text alone (no parser, no `vscode`); placement.ts puts a block after them. Which of
 * them a language has (and its comment markers) is its row of content/snippets/placement-languages.json
 * (placementLanguages.ts). The decorators that belong to a declaration are read by decorators.ts.
 */

import { HEADER_KINDS, headerLinesEnd } from './headerLines';
import { blockCommentEnd, bracketsCloseOn, closedOn, later, MAX_LINES } from './lineScan';
import type { PlacementLanguage } from './placementLanguages';

/**
 * The last of the lines a code file must open with (those of `language.openingLines`); undefined
 * for none. A `#!` first line works only there, and Rust's inner attributes (`#![...]`, on one
 * line or several) and inner doc comments (`//!`, and the block comment that opens with `/*!`) must
 * come before the first item, so the blank lines and comments between them go with them too. So
 * does a Python or Ruby encoding declaration (`# -*- coding: latin-1 -*-`), read only on the first
 * line or the second after a `#!` line; Python's `from __future__ import` lines with the docstring
 * and comments above them; JavaScript's and TypeScript's directive prologue (`'use strict'`)
 * with the comments above it; and the header lines of headerLines.ts (Go's `//go:build`, PHP's
 * `<?php` and `declare(...);`, Ruby's magic comments, Kotlin's `@file:`, C#'s `#:` directives).
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
  for (const kind of HEADER_KINDS) {
    if (opens.has(kind)) last = later(last, headerLinesEnd(kind, lineText, line, limit, language));
  }
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
  // The code after a block comment on the line it closes (`/* b */ "use strict";`), read as that line's text.
  let after: string | undefined;
  while (line < limit) {
    const text = after ?? lineText(line).trim();
    after = undefined;
    if (text === '' || language.lineComments.some((marker) => text.startsWith(marker))) {
      line++;
    } else if (language.blockComments.some(([open]) => text.startsWith(open))) {
      const [open, close] = language.blockComments.find(([o]) => text.startsWith(o))!;
      const sameLine = text.indexOf(close, open.length);
      if (sameLine !== -1) {
        after = text.slice(sameLine + close.length).trim();
        continue;
      }
      const end = closedOn(lineText, line + 1, 0, close, limit);
      if (end === undefined) break;
      line = end;
      after = lineText(end).slice(lineText(end).indexOf(close) + close.length).trim();
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
 * a directive, though not the strict one), then an optional `;` (captured) and line comment. The
 * space before the `;` belongs to its group, so a long run of spaces is read once, not once per split.
 */
const DIRECTIVE = /^(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?:\s*(;))?\s*(?:\/\/.*)?$/;

/** Directives at the start of a line, each ended by `;` (`'use strict'; 'use client';`), and the space after them. */
const ENDED_DIRECTIVES = /^(?:(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*;\s*)+/;

/**
 * How a line that continues the expression before it starts: a member, call, index, tagged template,
 * or a binary or conditional operator (`++` and `--` after a line break start a new statement).
 */
const CONTINUES_EXPRESSION = /^(?:[.([`,?=<>&|^*/%]|!=|\+(?!\+)|-(?!-)|in(?:stanceof)?\b)/;

/** PEP 263's pattern for an encoding declaration: a comment naming `coding:` or `coding=`. */
const ENCODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;
