/** Loads the real catalog from content/ for the eval and the bench. */
import { join } from 'node:path';
import type { Catalog } from '../src/core/catalog/model';
import { loadCatalog } from '../src/core/catalog/load';

/**
 * `strict` is for the runs whose output is kept (the trainer, `eval --snapshot`, and `eval --split`
 * on a held-out split, whose first score is written once; eval/holdout.ts and eval/holdoutRatings.ts,
 * which score the holdout): weights, a snapshot or a held-out score computed from a partly loaded
 * catalog would be kept as if they were the real ones, so there each problem is printed as
 * file:line and the script exits 1. Other runs (dev or train figures) are
 * lenient.
 */
export function loadRepoCatalog(options: { strict?: boolean; contentDir?: string } = {}): Catalog {
  const { catalog, problems } = loadCatalog(options.contentDir ?? join(__dirname, '..', 'content'));
  if (problems.length === 0) return catalog;
  if (options.strict) {
    for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
    console.error(`the catalog has ${problems.length} problem(s), listed above; fix them and run again (this run's results are kept or score a held-out split, so it does not run on a partly loaded catalog).`);
    process.exit(1);
  }
  console.error(`note: the catalog has ${problems.length} problem(s); evaluating what loaded.`);
  return catalog;
}
