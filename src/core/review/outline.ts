/**
 * A design doc's headings and the sections they open, read from the suggest engine's own block
 * structure (so the review and the engine agree on what a heading is). Lines are 0-based. A heading
 * inside an HTML comment is none: the engine does not read it and a reader does not see it, so no
 * lens stands on it and no section is inserted under it (inside the comment).
 */
import type { SectionRole } from '../suggest/lexicon';
import { hideHtmlComments } from '../suggest/htmlComments';
import { readStructure, type DocumentStructure } from '../suggest/structure';
import { withLoneCarriageReturnsAsNewlines } from '../text/lineBreaks';

export interface OutlineHeading {
  /** First line of the heading. */
  readonly line: number;
  /** Line after the heading itself (a setext heading has two lines). */
  readonly endLine: number;
  readonly level: number;
  readonly text: string;
  readonly role: SectionRole;
  readonly isTitle: boolean;
  /** Line where the section ends: the next heading of the same or a higher level, or the line count. */
  readonly sectionEnd: number;
}

export interface DocumentOutline {
  readonly headings: readonly OutlineHeading[];
  readonly title?: OutlineHeading;
  /** Line after YAML front matter (0 when there is none). */
  readonly bodyStart: number;
  readonly lineCount: number;
}

/**
 * The outline of a text the caller has no analysis of: its HTML comments hidden and its structure
 * read as the engine reads them. Parses the text; an analysis already holds the outline
 * (suggestWithOutline.ts), and the editor and the command line take it from there.
 */
export function readOutline(text: string): DocumentOutline {
  // Lines as the editor counts them: a lone \r ends a line too (one character for one, so nothing moves).
  return outlineOf(readStructure(hideHtmlComments(withLoneCarriageReturnsAsNewlines(text))));
}

/** The outline of a structure the engine read (structure.ts): its title and headings, and the front matter's end. */
export function outlineOf(structure: DocumentStructure): DocumentOutline {
  const lineCount = structure.lineStarts.length;
  const blocks = structure.blocks.filter((b) => b.kind === 'title' || b.kind === 'heading');
  // Each section ends at the next heading of the same or a higher level: the headings still open
  // (levels rising from the bottom) are closed by the first heading that is not deeper than them.
  const sectionEnds = blocks.map(() => lineCount);
  const open: number[] = [];
  blocks.forEach((b, i) => {
    const level = b.level ?? 1;
    while (open.length > 0 && (blocks[open[open.length - 1]!]!.level ?? 1) >= level) sectionEnds[open.pop()!] = b.startLine;
    open.push(i);
  });
  const headings: OutlineHeading[] = blocks.map((b, i) => ({
    line: b.startLine, endLine: b.endLine, level: b.level ?? 1, role: b.role, isTitle: b.kind === 'title',
    text: firstLine(b.text).trim(), sectionEnd: sectionEnds[i]!,
  }));
  const frontMatter = structure.blocks.find((b) => b.kind === 'frontMatter');
  return { headings, title: headings.find((h) => h.isTitle), bodyStart: frontMatter?.endLine ?? 0, lineCount };
}

/** The text up to its first line break (a setext heading's block holds its underline too). */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** The outline of the empty text (`readOutline('')`): what the editor keeps for a document with no suggestion. */
export const EMPTY_OUTLINE: DocumentOutline = { headings: [], title: undefined, bodyStart: 0, lineCount: 1 };

/** The innermost heading at or above `line` (the one whose section holds it). */
export function headingAt(outline: DocumentOutline, line: number): OutlineHeading | undefined {
  let found: OutlineHeading | undefined;
  for (const h of outline.headings) {
    if (h.line > line) break;
    found = h;
  }
  return found;
}
