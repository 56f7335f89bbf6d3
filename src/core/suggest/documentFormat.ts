/**
 * The markup a document is written in. Only stage 1 (the structure) differs by format
 * (`readDocumentStructure`, documentStructure.ts): every later stage reads the blocks it returns.
 * No imports: the editor's eager bundle tells a document's format without loading the engine.
 */
export type DocumentFormat = 'markdown' | 'restructuredtext';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['markdown', 'restructuredtext'];

/** The format a file's name says: `.rst` and `.rest` are reStructuredText, anything else Markdown. */
export function formatOfPath(path: string): DocumentFormat {
  return /\.re?st$/i.test(path) ? 'restructuredtext' : 'markdown';
}
