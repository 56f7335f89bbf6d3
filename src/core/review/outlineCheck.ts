/**
 * Whether a value that crossed a thread (a worker's answer) is a `DocumentOutline`: what the
 * receiving side checks before it trusts it. Imports no parser, so the extension's main bundle can
 * check an outline without loading the markdown reader.
 */
import type { DocumentOutline, OutlineHeading } from './outline';

export function isDocumentOutline(value: unknown): value is DocumentOutline {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  if (!Array.isArray(o.headings) || !o.headings.every(isOutlineHeading)) return false;
  if (o.title !== undefined && !isOutlineHeading(o.title)) return false;
  return isLine(o.bodyStart) && isLine(o.lineCount);
}

function isOutlineHeading(value: unknown): value is OutlineHeading {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return isLine(h.line) && isLine(h.endLine) && isLine(h.sectionEnd) && typeof h.level === 'number' && Number.isInteger(h.level)
    && typeof h.text === 'string' && typeof h.role === 'string' && typeof h.isTitle === 'boolean';
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
