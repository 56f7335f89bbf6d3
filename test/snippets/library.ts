/** The snippet library as the proofs see it: loaded once, each variant expanded with its defaults. */
import * as fs from 'fs';
import * as path from 'path';
import { loadSnippets, type Snippet, type SnippetLanguage, type SnippetVariant } from '../../src/core/snippets';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SNIPPETS_DIR = path.join(REPO_ROOT, 'content', 'snippets');
/** Under the repository (git-ignored) so expanded TypeScript resolves the repository's node_modules. */
export const RUNS_DIR = path.join(REPO_ROOT, '.sdp-tmp', 'snippet-proofs');

/** True while a process with this id exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * This process's own staging directory, `RUNS_DIR/run-<pid>-<random>`: two proof runs at once (two
 * engineers on one working tree) never stage into, or wipe, each other's files. Directories of
 * runs whose process has ended are removed here, so the last run's files stay for inspection until
 * the next run starts.
 */
function makeWorkDir(): string {
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  for (const entry of fs.readdirSync(RUNS_DIR)) {
    const match = /^run-(\d+)-/.exec(entry);
    if (match && Number(match[1]) !== process.pid && !alive(Number(match[1]))) {
      fs.rmSync(path.join(RUNS_DIR, entry), { recursive: true, force: true });
    }
  }
  return fs.mkdtempSync(path.join(RUNS_DIR, `run-${process.pid}-`));
}

export const WORK_DIR = makeWorkDir();

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
