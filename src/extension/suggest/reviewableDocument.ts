import type * as vscode from 'vscode';

/** Design docs are markdown or plain text; everything else (code, binaries opened as text, logs) is skipped. */
export const REVIEWABLE_LANGUAGES: readonly string[] = ['markdown', 'plaintext'];

/**
 * Schemes whose documents are editor furniture, not the user's writing: focusing the output
 * panel must not replace the review of the design doc beside it. Any other scheme (file,
 * untitled, virtual file systems) is reviewed.
 */
const IGNORED_SCHEMES: readonly string[] = ['output', 'debug', 'vscode-scm', 'comment'];

export function isReviewable(document: vscode.TextDocument): boolean {
  return REVIEWABLE_LANGUAGES.includes(document.languageId) && !isIgnoredScheme(document.uri);
}

export function isIgnoredScheme(uri: vscode.Uri): boolean {
  return IGNORED_SCHEMES.includes(uri.scheme);
}
