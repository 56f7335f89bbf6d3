/**
 * Lines a language reads only at the top of a file, before its first declaration or statement,
 * with nothing but blank lines and comments before them: moved under code they stop working,
 * silently or with an error. Each kind is an `openingLines` value of
 * content/snippets/placement-languages.json; fixedLines.ts keeps a snippet block below the last
 * of them. Plain text, no parser, no `vscode`.
 */

import { blockCommentEnd, bracketsCloseOn, later } from './lineScan';
import type { PlacementLanguage } from './placementLanguages';

/** The `openingLines` values read here. */
export const HEADER_KINDS = ['goBuild', 'phpOpening', 'magicComments', 'fileAnnotations', 'appDirectives'] as const;
export type HeaderKind = (typeof HEADER_KINDS)[number];

/**
 * The last line of `kind`'s header lines at the top of a file, reading from `line` (after a `#!`
 * line, if any), or undefined for none. The comments and blank lines above and among them go with them.
 */
export function headerLinesEnd(kind: HeaderKind, lineText: (line: number) => string, line: number, limit: number, language: PlacementLanguage): number | undefined {
  switch (kind) {
    // Go reads a build constraint only above the package clause: `//go:build` after blank lines and
    // comments of either kind, the older `// +build` only in the run of blank lines and `//`
    // comments the file opens with (a block comment ends that run).
    case 'goBuild':
      return later(
        topRunEnd(lineText, line, limit, language, (at) => (GO_BUILD.test(lineText(at).trim()) ? at : undefined)),
        topRunEnd(lineText, line, limit, language, (at) => (GO_BUILD_LINE.test(lineText(at).trim()) ? at : undefined), { blockComments: true }),
      );
    // PHP code starts at the `<?php` tag (above it, a block is text the page prints),
    // `declare(strict_types=1);` must be the first statement after it, and a `namespace Name;`
    // statement the first after those (elsewhere each is a fatal error). The braced
    // `namespace Name { }` holds code of its own: a block may go above it.
    case 'phpOpening': {
      if (!PHP_OPEN_TAG.test(lineText(line))) return undefined;
      const tagLineEnd = statementEnd(lineText, line, limit) ?? line;
      const declaresEnd = later(tagLineEnd, topRunEnd(lineText, tagLineEnd + 1, limit, language, (at) => (/^declare\s*\(/i.test(lineText(at).trim()) ? statementEnd(lineText, at, limit) : undefined), { blockComments: true }))!;
      return later(declaresEnd, topRunEnd(lineText, declaresEnd + 1, limit, language, (at) => (PHP_NAMESPACE.test(lineText(at).trim()) ? at : undefined), { blockComments: true, once: true }));
    }
    // Ruby reads its magic comments (`# frozen_string_literal: true`, `# warn_indent: true`,
    // `# shareable_constant_value: literal`) only in the comments before the first line of code.
    case 'magicComments':
      return topRunEnd(lineText, line, limit, language, (at) => (MAGIC_COMMENT.test(lineText(at).trim()) ? at : undefined));
    // Kotlin's file annotations (`@file:JvmName("Orders")`) must come before the package directive.
    case 'fileAnnotations':
      return topRunEnd(lineText, line, limit, language, (at) => fileAnnotationEnd(lineText, at, limit), { blockComments: true });
    // A .NET file-based app's `#:` directives (`#:package`, `#:sdk`, `#:property`, `#:project`, `#:include`) go at the top of the file.
    case 'appDirectives':
      return topRunEnd(lineText, line, limit, language, (at) => (lineText(at).trimStart().startsWith('#:') ? at : undefined), { blockComments: true });
  }
}

/** The last line of the file annotation (`@file:Name`, `@file:Name(...)`, `@file:[A B]`) that opens `line`, or undefined when none does. */
function fileAnnotationEnd(lineText: (line: number) => string, line: number, limit: number): number | undefined {
  const text = lineText(line);
  if (!/^\s*@file\s*:/.test(text)) return undefined;
  const bracket = text.search(/[([]/);
  return bracket === -1 ? line : bracketsCloseOn(lineText, line, bracket, limit);
}

/**
 * A Ruby magic comment other than the encoding (encodingDeclaration): the comment's first word, or
 * one of Emacs's `-*- a: x; b: y -*-` variables (first, or after a `;`); `-` and `_` alike, in any case.
 */
const MAGIC_COMMENT = /^#[ \t]*(?:-\*-[ \t]*(?:[^;\n]*;[ \t]*)*)?(?:frozen[-_]string[-_]literal|warn[-_]indent|shareable[-_]constant[-_]value)[ \t]*:/i;

/** A `namespace Name;` statement (`Name` may be qualified, `App\Http`); not the braced form. */
const PHP_NAMESPACE = /^namespace[ \t]+\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*[ \t]*;/i;

const PHP_OPEN_TAG = /^<\?php(?:\s|$)/i;

/**
 * The line where the parenthesized statement opening on `line` (`declare(...)`) ends with its `;`;
 * undefined when it has no parenthesis, does not close, or opens a block (`declare(ticks=1) { ... }`).
 */
function statementEnd(lineText: (line: number) => string, line: number, limit: number): number | undefined {
  const paren = lineText(line).indexOf('(');
  if (paren === -1) return undefined;
  const end = bracketsCloseOn(lineText, line, paren, limit);
  return end !== undefined && /\)[ \t]*;/.test(lineText(end)) ? end : undefined;
}

const GO_BUILD = /^\/\/(?:go:build|[ \t]*\+build)(?:[ \t]|$)/;
const GO_BUILD_LINE = /^\/\/go:build(?:[ \t]|$)/;

/**
 * The last line of the run that `take` recognizes at the top of a file, with only blank lines and
 * the language's comments (block comments too, when `options` says so) before and among its
 * items (only one item, when `options.once` says so); undefined for none. `take` gives the last line of an item that opens on a line (a
 * bracketed one may run over several), or undefined when the line opens none. It is asked before
 * a line is read as a comment: some items are comments (`//go:build`, Ruby's magic comments).
 */
function topRunEnd(
  lineText: (line: number) => string,
  line: number,
  limit: number,
  language: PlacementLanguage,
  take: (line: number) => number | undefined,
  options: { readonly blockComments?: boolean; readonly once?: boolean } = {},
): number | undefined {
  let last: number | undefined;
  while (line < limit) {
    const end = last !== undefined && options.once ? undefined : take(line);
    const text = lineText(line).trim();
    if (end !== undefined) {
      last = end;
      line = end + 1;
    } else if (text === '' || language.lineComments.some((marker) => text.startsWith(marker))) {
      line++;
    } else if (options.blockComments && language.blockComments.some(([open]) => text.startsWith(open))) {
      const close = blockCommentEnd(lineText, line, limit, language);
      if (close === undefined) break;
      line = close + 1;
    } else {
      break;
    }
  }
  return last;
}
