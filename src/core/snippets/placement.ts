/**
 * Where a snippet goes when it is inserted from outside the editor: a card's Insert button, the
 * Patterns tree or the palette. The writer's attention is on the card, not on the document, so
 * the insertion must never eat text: VS Code's own Insert Snippet replaces a selection, which a
 * button in another panel gives no hint of (a selected section of a design doc, or the placeholder
 * of a snippet inserted a moment before, would vanish). And a snippet is a block of lines (a
 * function, a class, a fenced listing in markdown): dropped into the middle of a line of text it
 * breaks that line. Plain text, no `vscode`.
 */

import { frontMatterLastLine } from '../text/frontMatter';
import { decoratorsStart } from './decorators';
import { leadingLinesLastLine } from './fixedLines';
import { placementLanguage } from './placementLanguages';

/** A 0-based line and character, as VS Code's `Position`. */
export interface Spot {
  readonly line: number;
  readonly character: number;
}

export interface SnippetPlacement {
  /** Where the block goes; nothing is replaced. */
  readonly at: Spot;
  /**
   * Text to put before the block: a line break when it goes at the end of a line that has text,
   * two in markdown, so the fenced listing stands apart from the paragraph or list item above it.
   */
  readonly prefix: string;
  /**
   * The block goes before the text of the cursor's line, at its indentation: it must end with a
   * line break, so that text starts a line of its own after it. `prefix` is then a line break when
   * the line above has text, so a blank line stands between that text and the block.
   */
  readonly beforeLine?: boolean;
}

/**
 * - An empty selection on a line with nothing but spaces: the block goes at the cursor.
 * - In code, a cursor in the indentation of a line with text, or just before its first character:
 *   the block goes before that text, at the line's indentation (`beforeLine`). Put after the line
 *   it would change what encloses it: after `def handler():` or `func main() {` a function lands
 *   inside another one, where a cursor at the start of that line asked for it before. Markdown
 *   keeps "after": a cursor at the start of a document's title (where a document opens) would
 *   otherwise put the listing above the title. So does a line that starts by closing a block: above
 *   it the block would land inside the one it closes.
 * - Otherwise (a selection, or a cursor inside a line's text): on a new line after the last line
 *   the selection touches. A selection that ends at the very start of a line (whole lines
 *   selected) touches only the line before it.
 * - Some lines must stay first, so nothing goes above them or inside them: a `#!` line that opens
 *   a script, a Python or Ruby encoding declaration, Python's `from __future__ import` lines,
 *   JavaScript's and TypeScript's directives (`'use strict'`), Rust's inner attributes
 *   (`#![...]`, `//!`, `/*!`), Go's `//go:build`, PHP's `<?php`, `declare(strict_types=1);` and `namespace App;`,
 *   Ruby's magic comments, Kotlin's `@file:` annotations and C#'s `#:package` lines at the top of
 *   a file (the block goes after the last of them, fixedLines.ts, headerLines.ts), and a markdown document's front matter (a listing goes after its closing
 *   `---`, wherever in it the cursor or selection was).
 * - A block put above a decorated declaration goes above its decorators (`@decorator`, Java's
 *   annotations, Rust's `#[...]`, C#'s `[...]`, C's and C++'s `[[...]]`, and comments that apply to
 *   the next line, `// @ts-expect-error`, `//nolint`), not between them and what they decorate, and
 *   above the doc comment right above them (decorators.ts).
 * - A block put above a line gets a blank line before it when the line above has text, as a
 *   listing put after a paragraph in markdown does.
 *
 * `lineCount` is how many lines the document has (front matter and a file's opening lines are
 * looked for within them). `languageId` is the document's VS Code language id: which decorators,
 * comments and opening lines exist is that language's row (placementLanguages.ts); without one,
 * or for a language not listed, every rule applies, as for any language before. Markdown
 * (`languageId` "markdown") is the one language read as prose, not code.
 */
export function placeSnippet(
  selection: { readonly start: Spot; readonly end: Spot },
  lineText: (line: number) => string,
  options: { readonly lineCount?: number; readonly languageId?: string } = {},
): SnippetPlacement {
  const markdown = options.languageId === 'markdown';
  const language = placementLanguage(options.languageId);
  const { start, end } = selection;
  const empty = start.line === end.line && start.character === end.character;
  const lineCount = options.lineCount ?? end.line + 1;
  const firstLinesEnd = language.openingLines.includes('frontMatter') ? frontMatterLastLine(lineText, lineCount) : leadingLinesLastLine(lineText, lineCount, language);
  if (firstLinesEnd !== undefined && end.line <= firstLinesEnd) return after(firstLinesEnd, lineText, markdown);
  if (empty) {
    const text = lineText(end.line);
    if (text.trim() === '') return { at: end, prefix: '' };
    const indent = text.length - text.trimStart().length;
    // A line that closes a block (`}`, `)`, `]`) is the exception: before it is still inside that
    // block (a Go func at the start of main's closing brace would be declared in main's body).
    const closes = /^[)\]}]/.test(text.trimStart());
    if (!markdown && !closes && end.character <= indent) {
      // Never above the lines the file must open with (a `//go:build` line reads as a directive too).
      const line = Math.max(decoratorsStart(lineText, end.line, indent, language), firstLinesEnd === undefined ? 0 : firstLinesEnd + 1);
      const above = line > 0 ? lineText(line - 1) : '';
      return { at: { line, character: indent }, prefix: above.trim() === '' ? '' : '\n', beforeLine: true };
    }
  }
  const last = !empty && end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return after(last, lineText, markdown);
}

/** On a new line after `line`. */
function after(line: number, lineText: (line: number) => string, markdown: boolean): SnippetPlacement {
  return { at: { line, character: lineText(line).length }, prefix: markdown ? '\n\n' : '\n' };
}
