/** Stage 1 for a document in either format: the reader for its markup. */
import type { DocumentFormat } from './documentFormat';
import { readRstStructure } from './rstStructure';
import { readStructure, type DocumentStructure } from './structure';

/** The document's structure, read by the reader for its format (Markdown by default). */
export function readDocumentStructure(text: string, format: DocumentFormat = 'markdown'): DocumentStructure {
  return format === 'restructuredtext' ? readRstStructure(text) : readStructure(text);
}
