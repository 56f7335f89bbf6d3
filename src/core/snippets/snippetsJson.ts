import type { Snippet } from './types';

/** Format version of dist/snippets.json; bump when the snippet shape changes incompatibly. */
export const SNIPPETS_JSON_VERSION = 1;

export function serializeSnippets(snippets: readonly Snippet[]): string {
  return JSON.stringify({ version: SNIPPETS_JSON_VERSION, snippets });
}

/** Parses dist/snippets.json; throws an Error that says what to do when it is unusable. */
export function parseSnippetsJson(text: string): Snippet[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`snippets.json is not valid JSON (${(error as Error).message}); rebuild with "npm run build"`, { cause: error });
  }
  const candidate = json as { version?: unknown; snippets?: unknown } | null;
  if (!candidate || candidate.version !== SNIPPETS_JSON_VERSION || !Array.isArray(candidate.snippets)) {
    throw new Error(`snippets.json has an unexpected format (want version ${SNIPPETS_JSON_VERSION}); rebuild with "npm run build"`);
  }
  return candidate.snippets as Snippet[];
}
