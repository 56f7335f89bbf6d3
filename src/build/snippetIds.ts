import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Snippet ids are the folder names under content/snippets/ (one folder per snippet). */
export function loadSnippetIds(snippetsDir: string): ReadonlySet<string> {
  if (!existsSync(snippetsDir)) return new Set();
  return new Set(readdirSync(snippetsDir).filter((name) => statSync(join(snippetsDir, name)).isDirectory()));
}
