import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildCatalog, type BuildOptions, type BuildResult } from './buildCatalog';
import { parseFigures } from './figures';
import type { CatalogProblem } from './model';
import { readContentDir } from './readContentDir';

/** Name of the shared-figures file at the top of the content folder. */
export const FIGURES_FILE = 'figures.yaml';

/** Reads and validates the catalog under `contentDir` (messages name files relative to its parent). */
export function loadCatalog(contentDir: string, options: BuildOptions = {}): BuildResult {
  const figuresPath = join(contentDir, FIGURES_FILE);
  const figureProblems: CatalogProblem[] = [];
  const figures = existsSync(figuresPath)
    ? parseFigures(`${basename(contentDir)}/${FIGURES_FILE}`, readFileSync(figuresPath, 'utf8'), figureProblems)
    : undefined;
  const result = buildCatalog(readContentDir(contentDir, dirname(contentDir)), { ...options, ...(figures ? { figures } : {}) });
  return figureProblems.length === 0 ? result : { ...result, problems: [...figureProblems, ...result.problems] };
}
