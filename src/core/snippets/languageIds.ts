import type { SnippetLanguage } from './types';

/**
 * VS Code language ids each variant is offered in. TypeScript variants use type annotations, so
 * they are offered in TypeScript and TSX files but not in plain JavaScript, where they would not
 * parse.
 */
export const VSCODE_LANGUAGE_IDS: Readonly<Record<SnippetLanguage, readonly string[]>> = {
  typescript: ['typescript', 'typescriptreact'],
  python: ['python'],
  go: ['go'],
  java: ['java'],
  sql: ['sql'],
};
