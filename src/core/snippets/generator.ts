/**
 * Turns the library into VS Code snippet contributions: one `<language>.code-snippets` JSON file
 * per language, each listed in `contributes.snippets` with its language id(s).
 */
import * as fs from 'fs';
import * as path from 'path';
import { bodyOnlyVariant } from './insertion';
import { VSCODE_LANGUAGE_IDS } from './languageIds';
import { LANGUAGE_LABELS, SNIPPET_LANGUAGES, type Snippet, type SnippetLanguage } from './types';

// Kept in its own file so the editor layer can read it without this file's Node imports (the web build has none).
export { VSCODE_LANGUAGE_IDS };

/** One entry of a `.code-snippets` file, as VS Code reads it. */
export interface CodeSnippetEntry {
  readonly prefix: string[];
  readonly body: string[];
  readonly description: string;
  readonly scope: string;
}

/** The `.code-snippets` JSON object of every language that has at least one variant. */
export function generateSnippetFiles(snippets: readonly Snippet[]): Map<SnippetLanguage, Record<string, CodeSnippetEntry>> {
  const files = new Map<SnippetLanguage, Record<string, CodeSnippetEntry>>();
  const sorted = [...snippets].sort((a, b) => a.id.localeCompare(b.id));
  for (const language of SNIPPET_LANGUAGES) {
    const entries: Record<string, CodeSnippetEntry> = {};
    for (const snippet of sorted) {
      const variant = snippet.variants.find((v) => v.language === language);
      if (!variant) continue;
      // The key is what the "Insert Snippet" picker shows; the prefix is what IntelliSense matches.
      entries[`${snippet.title} (${LANGUAGE_LABELS[language]})`] = {
        prefix: [snippet.prefix],
        body: variant.body.replace(/\n$/, '').split('\n'),
        // The description is what a reader sees in the picker: no catalog ids (they are internal).
        description: snippet.description,
        scope: VSCODE_LANGUAGE_IDS[language].join(','),
      };
      // Go and Java variants are whole files; this one goes into a file that already has its
      // package clause, imports and public class.
      const bodyOnly = bodyOnlyVariant(language, variant.body);
      if (bodyOnly !== undefined) {
        entries[`${snippet.title} (${LANGUAGE_LABELS[language]}, into an existing file)`] = {
          prefix: [`${snippet.prefix}-body`],
          body: bodyOnly.replace(/\n$/, '').split('\n'),
          description: `${snippet.description} Without the package clause and imports; the first line lists the imports to add.`,
          scope: VSCODE_LANGUAGE_IDS[language].join(','),
        };
      }
    }
    if (Object.keys(entries).length > 0) files.set(language, entries);
  }
  return files;
}

/**
 * Writes `<outDir>/<language>.code-snippets` for each language and returns the entries for
 * `contributes.snippets`: one per VS Code language id, `path` being `outDir` joined with the file
 * name (relativize it against the extension root before putting it in package.json).
 */
export function writeSnippetContributions(snippets: readonly Snippet[], outDir: string): { language: string; path: string }[] {
  fs.mkdirSync(outDir, { recursive: true });
  const contributions: { language: string; path: string }[] = [];
  for (const [language, entries] of generateSnippetFiles(snippets)) {
    const file = path.join(outDir, `${language}.code-snippets`);
    fs.writeFileSync(file, JSON.stringify(entries, null, 2) + '\n');
    for (const id of VSCODE_LANGUAGE_IDS[language]) contributions.push({ language: id, path: file });
  }
  return contributions;
}
