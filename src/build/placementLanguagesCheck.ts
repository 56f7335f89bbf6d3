/**
 * The build's check of snippet placement's language table. The extension's bundles import the
 * table from the repository's content/ at bundle time and parse it on the first insert
 * (src/core/snippets/placementLanguages.ts), so a broken row must stop the build, not a user's
 * first insert: this reads the same file from disk and runs the same parser over its rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlacementLanguages, PLACEMENT_LANGUAGES_FILE } from '../core/snippets/placementLanguages';

/**
 * What is wrong with `root`'s placement table, as the build prints it (`file: row N: "field" ...`):
 * empty when it parses. Only the first problem: the parser stops at it. The repository's
 * content/, not SDP_CONTENT_DIR: the bundles import the repository's file whatever catalog is built.
 */
export function placementLanguagesProblems(root: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(root, PLACEMENT_LANGUAGES_FILE), 'utf8'));
  } catch (e) {
    return [`${PLACEMENT_LANGUAGES_FILE}: ${e instanceof Error ? e.message : String(e)}`];
  }
  try {
    const rows = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { rows?: unknown }).rows : undefined;
    parsePlacementLanguages(rows, PLACEMENT_LANGUAGES_FILE);
    return [];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}
