/**
 * Whether a value that crossed a thread (a worker's answer) is a `DocumentOutline` that makes
 * sense: what the receiving side checks before it trusts it. Beyond the types it checks what the
 * review relies on: every heading is there (no hole in the array), inside the document and after
 * the previous one, its section ends within the document and not before the heading does, its level
 * is a markdown level and its role one the engine gives, and the title is the first heading marked
 * as the title. One pass over the headings (well under a millisecond for a thousand). Imports no
 * parser, so the extension's main bundle can check an outline without loading the markdown reader.
 */
import type { SectionRole } from '../suggest/lexicon';
import type { DocumentOutline, OutlineHeading } from './outline';

/** Every role the engine gives a section (a `Record` over the type, so a new role must be added here). */
const ROLES: Readonly<Record<SectionRole, true>> = {
  summary: true, motivation: true, goals: true, nonGoals: true, proposal: true, alternatives: true, appendix: true, body: true,
};

export function isDocumentOutline(value: unknown): value is DocumentOutline {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  const lineCount = o.lineCount;
  // Even the empty text has one line.
  if (!isInteger(lineCount) || lineCount < 1) return false;
  if (!isInteger(o.bodyStart) || o.bodyStart < 0 || o.bodyStart > lineCount) return false;
  const headings = o.headings;
  if (!Array.isArray(headings)) return false;
  let title: OutlineHeading | undefined;
  let previousEnd = 0;
  // By index, not `every`: `every` skips the holes of a sparse array, and `headingAt` would read one.
  for (let i = 0; i < headings.length; i++) {
    const h: unknown = headings[i];
    if (!isHeadingWithin(h, lineCount) || h.line < previousEnd) return false;
    previousEnd = h.endLine;
    if (h.isTitle && title === undefined) title = h;
  }
  // The title is the first heading marked as one (the same object, or an equal copy), and there is one exactly when a heading is marked.
  if (o.title === undefined) return title === undefined;
  return title !== undefined && sameHeading(o.title, title);
}

/** A heading whose lines lie in a document of `lineCount` lines, with a level of 1 to 6 and a known role. */
function isHeadingWithin(value: unknown, lineCount: number): value is OutlineHeading {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  // No `line >= 0` or `endLine <= lineCount`: the caller's order check (line >= the previous endLine, from 0) and
  // endLine <= sectionEnd <= lineCount imply them.
  return isInteger(h.line) && isInteger(h.endLine) && h.endLine > h.line
    && isInteger(h.sectionEnd) && h.sectionEnd >= h.endLine && h.sectionEnd <= lineCount
    && isInteger(h.level) && h.level >= 1 && h.level <= 6
    && typeof h.text === 'string' && typeof h.role === 'string' && Object.prototype.hasOwnProperty.call(ROLES, h.role)
    && typeof h.isTitle === 'boolean';
}

function sameHeading(value: unknown, h: OutlineHeading): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (value === h) return true;
  const t = value as Record<string, unknown>;
  return t.line === h.line && t.endLine === h.endLine && t.level === h.level && t.text === h.text && t.role === h.role
    && t.isTitle === h.isTitle && t.sectionEnd === h.sectionEnd;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
