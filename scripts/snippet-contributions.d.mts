/** The build's snippet file for one VS Code language: `path` absolute, under `distDir`. */
export interface WrittenSnippetFile {
  readonly language: string;
  readonly path: string;
}

export function snippetContributionProblems(options: { manifest: unknown; distDir: string; written: readonly WrittenSnippetFile[] }): string[];
