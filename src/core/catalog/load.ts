import { dirname } from 'node:path';
import { buildCatalog, type BuildOptions, type BuildResult } from './buildCatalog';
import { readContentDir } from './readContentDir';

/** Reads and validates the catalog under `contentDir` (messages name files relative to its parent). */
export function loadCatalog(contentDir: string, options: BuildOptions = {}): BuildResult {
  return buildCatalog(readContentDir(contentDir, dirname(contentDir)), options);
}
