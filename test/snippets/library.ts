/** The snippet library as the proofs see it: loaded once, each variant expanded with its defaults. */
import * as fs from 'fs';
import * as path from 'path';
import { loadSnippets, type Snippet, type SnippetLanguage, type SnippetVariant } from '../../src/core/snippets';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SNIPPETS_DIR = path.join(REPO_ROOT, 'content', 'snippets');
/** Under the repository (git-ignored) so expanded TypeScript resolves the repository's node_modules. */
export const WORK_DIR = path.join(REPO_ROOT, '.sdp-tmp', 'snippet-proofs');

let cached: { snippets: Snippet[]; problems: { file: string; line: number; message: string }[] } | undefined;

export function library(): { snippets: Snippet[]; problems: { file: string; line: number; message: string }[] } {
  cached ??= loadSnippets(SNIPPETS_DIR);
  return cached;
}

export function variantsOf(language: SnippetLanguage): { snippet: Snippet; variant: SnippetVariant }[] {
  return library().snippets.flatMap((snippet) =>
    snippet.variants.filter((v) => v.language === language).map((variant) => ({ snippet, variant })),
  );
}

export function variant(id: string, language: SnippetLanguage): SnippetVariant {
  const snippet = library().snippets.find((s) => s.id === id);
  if (!snippet) throw new Error(`snippet "${id}" not found (or has problems) in ${SNIPPETS_DIR}`);
  const found = snippet.variants.find((v) => v.language === language);
  if (!found) throw new Error(`snippet "${id}" has no ${language} variant`);
  return found;
}

/** A fresh directory under WORK_DIR. */
export function workDir(name: string): string {
  const dir = path.join(WORK_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Writes the TypeScript variant of `id`, expanded with its defaults, to a file and loads it: the
 * behaviour tests exercise the code exactly as a person accepting every default would insert it.
 */
export function importSnippet<T>(id: string): T {
  const dir = path.join(WORK_DIR, 'modules');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.ts`);
  fs.writeFileSync(file, variant(id, 'typescript').code);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

/** The SQL variant of `id`, expanded with its defaults. */
export function sqlOf(id: string): string {
  return variant(id, 'sql').code;
}
