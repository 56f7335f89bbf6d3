import { VSCODE_LANGUAGE_IDS } from '../../core/snippets/languageIds';
import { SNIPPET_LANGUAGES, type Snippet, type SnippetLanguage } from '../../core/snippets/types';

/** The snippet language whose variant fits an editor's language id, if any. */
export function snippetLanguageFor(languageId: string | undefined): SnippetLanguage | undefined {
  if (!languageId) return undefined;
  // JavaScript has no variant of its own, and the TypeScript one carries types, so it is not offered there.
  return SNIPPET_LANGUAGES.find((lang) => VSCODE_LANGUAGE_IDS[lang].includes(languageId));
}

/** The VS Code language id to open an untitled document in, for a snippet language. */
export function editorLanguageFor(language: SnippetLanguage): string {
  return VSCODE_LANGUAGE_IDS[language][0] ?? language;
}

/** Fenced-code info string per language, for inserting into a markdown design doc. */
const FENCE_INFO: Record<SnippetLanguage, string> = {
  typescript: 'ts',
  python: 'python',
  go: 'go',
  java: 'java',
  sql: 'sql',
};

/**
 * What to insert into a markdown document: the snippet as a fenced code block, so a design
 * doc gets a readable, highlighted listing and the tab stops still work.
 */
export function fenceForMarkdown(body: string, language: SnippetLanguage): string {
  const longestRun = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${FENCE_INFO[language]}\n${body.replace(/\n$/, '')}\n${fence}\n`;
}

export function availableLanguages(snippet: Snippet): SnippetLanguage[] {
  return snippet.variants.map((v) => v.language);
}
