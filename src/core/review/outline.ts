/**
 * A design doc's headings and the sections they open, read from the suggest engine's own block
 * structure (so the review and the engine agree on what a heading is). Lines are 0-based. A heading
 * inside an HTML comment is none: the engine does not read it and a reader does not see it, so no
 * lens stands on it and no section is inserted under it (inside the comment).
 */
import type { SectionRole } from '../suggest/lexicon';
import { hideHtmlComments } from '../suggest/htmlComments';
import { readStructure } from '../suggest/structure';
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

export function readOutline(text: string): DocumentOutline {
  // Lines as the editor counts them: a lone \r ends a line too (one character for one, so nothing moves).
  const structure = readStructure(hideHtmlComments(withLoneCarriageReturnsAsNewlines(text)));
  const lineCount = structure.lineStarts.length;
  const blocks = structure.blocks.filter((b) => b.kind === 'title' || b.kind === 'heading');
  const headings: OutlineHeading[] = blocks.map((b, i) => {
    const level = b.level ?? 1;
    const next = blocks.slice(i + 1).find((n) => (n.level ?? 1) <= level);
    return {
      line: b.startLine, endLine: b.endLine, level, role: b.role, isTitle: b.kind === 'title',
      text: (b.text.split('\n')[0] ?? '').trim(), sectionEnd: next ? next.startLine : lineCount,
    };
  });
  const frontMatter = structure.blocks.find((b) => b.kind === 'frontMatter');
  return { headings, title: headings.find((h) => h.isTitle), bodyStart: frontMatter?.endLine ?? 0, lineCount };
}

/** The innermost heading at or above `line` (the one whose section holds it). */
export function headingAt(outline: DocumentOutline, line: number): OutlineHeading | undefined {
  let found: OutlineHeading | undefined;
  for (const h of outline.headings) {
    if (h.line > line) break;
    found = h;
  }
  return found;
}
