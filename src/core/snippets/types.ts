/**
 * The snippet library as the rest of the extension sees it. Plain data, no `vscode`:
 * the generator, the cards, the CLI and the proofs read this.
 */
import type { SourceLink, SourceLocation } from '../catalog/model';

/** Languages a snippet variant can be written in; each is one file in the snippet's folder. */
export type SnippetLanguage = 'typescript' | 'python' | 'go' | 'java' | 'sql';

/** File name of each variant inside `content/snippets/<id>/`. */
export const VARIANT_FILES: Readonly<Record<SnippetLanguage, string>> = {
  typescript: 'typescript.ts',
  python: 'python.py',
  go: 'go.go',
  java: 'java.java',
  sql: 'sql.sql',
};

/** Display order of languages (cards, generated files, reports). */
export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ['typescript', 'python', 'go', 'java', 'sql'];

/** Human label per language, for cards and pickers. */
export const LANGUAGE_LABELS: Readonly<Record<SnippetLanguage, string>> = {
  typescript: 'TypeScript',
  python: 'Python',
  go: 'Go',
  java: 'Java',
  sql: 'SQL (PostgreSQL)',
};

/** One language's body of a snippet, in VS Code snippet syntax (tab stops, placeholders). */
export interface SnippetVariant {
  readonly language: SnippetLanguage;
  /** The body exactly as written, in VS Code snippet syntax. */
  readonly body: string;
  /** The body with every placeholder replaced by its default: plain, compilable code. */
  readonly code: string;
  readonly source: SourceLocation;
}

export interface Snippet {
  /** Kebab-case id, equal to the folder name. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences: what the code does and the property it guarantees. */
  readonly description: string;
  /** IntelliSense prefix, always `sdp-...`. */
  readonly prefix: string;
  /** Full catalog ids of the solutions and deep dives this code implements. */
  readonly implements: readonly string[];
  readonly tags: readonly string[];
  /** Pages the code's claims about real systems were checked against (`sources:`), when it makes any. */
  readonly sources?: readonly SourceLink[];
  /** Variants in `SNIPPET_LANGUAGES` order. */
  readonly variants: readonly SnippetVariant[];
  /** Location of `snippet.yaml`. */
  readonly source: SourceLocation;
}
