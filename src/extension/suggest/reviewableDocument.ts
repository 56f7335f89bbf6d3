import type * as vscode from 'vscode';
import { formatOfPath, type DocumentFormat } from '../../core/suggest/documentFormat';

/**
 * Design docs are Markdown, reStructuredText or plain text; everything else (code, binaries opened
 * as text, logs) is skipped. VS Code has no reStructuredText language of its own: an extension
 * gives `.rst` files the `restructuredtext` language, and without one they open as plain text
 * (their format then comes from the file name: `documentFormat`).
 */
export const REVIEWABLE_LANGUAGES: readonly string[] = ['markdown', 'plaintext', 'restructuredtext'];

/**
 * The languages the review inside the document (hovers, CodeLens, Problems, quick fixes) covers:
 * its quick fixes write Markdown (a `##` heading, an HTML comment), so a reStructuredText document
 * gets the Design Review view only (`isReviewableInDocument`).
 */
export const IN_DOCUMENT_LANGUAGES: readonly string[] = ['markdown', 'plaintext'];

/**
 * Schemes whose documents are editor furniture, not the user's writing: focusing the output
 * panel must not replace the review of the design doc beside it. Any other scheme (file,
 * untitled, virtual file systems) is reviewed.
 */
const IGNORED_SCHEMES: readonly string[] = ['output', 'debug', 'vscode-scm', 'comment'];

export function isReviewable(document: vscode.TextDocument): boolean {
  return REVIEWABLE_LANGUAGES.includes(document.languageId) && !isIgnoredScheme(document.uri);
}

/** Reviewed inside the document too: a Markdown or plain-text document that is not a `.rst`/`.rest` file. */
export function isReviewableInDocument(document: vscode.TextDocument): boolean {
  return IN_DOCUMENT_LANGUAGES.includes(document.languageId) && isReviewable(document) && documentFormat(document) === 'markdown';
}

/** The markup the engine reads the document as: its language when that names one, else its file name. */
export function documentFormat(document: vscode.TextDocument): DocumentFormat {
  if (document.languageId === 'restructuredtext') return 'restructuredtext';
  if (document.languageId === 'markdown') return 'markdown';
  return formatOfPath(document.uri.path);
}

export function isIgnoredScheme(uri: vscode.Uri): boolean {
  return IGNORED_SCHEMES.includes(uri.scheme);
}
