/** Loads the real catalog from content/ for the eval and the bench. */
import { join } from 'node:path';
import type { Catalog } from '../src/core/catalog/model';
import { loadCatalog } from '../src/core/catalog/load';

export function loadRepoCatalog(): Catalog {
  const { catalog, problems } = loadCatalog(join(__dirname, '..', 'content'));
  if (problems.length > 0) console.error(`note: the catalog has ${problems.length} problem(s); evaluating what loaded.`);
  return catalog;
}
