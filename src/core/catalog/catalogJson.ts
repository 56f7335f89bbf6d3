import type { Catalog, CatalogNode } from './model';
import { indexCatalog } from './indexCatalog';

/** Format version of dist/catalog.json; bump when the node shape changes incompatibly. */
export const CATALOG_JSON_VERSION = 1;

interface CatalogJson {
  readonly version: number;
  readonly roots: readonly CatalogNode[];
}

export function serializeCatalog(catalog: Catalog): string {
  const json: CatalogJson = { version: CATALOG_JSON_VERSION, roots: catalog.roots };
  return JSON.stringify(json);
}

/** Parses dist/catalog.json; throws an Error whose message says what to do when it is unusable. */
export function parseCatalogJson(text: string): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`catalog.json is not valid JSON (${(error as Error).message}); rebuild with "npm run build"`, { cause: error });
  }
  const candidate = json as Partial<CatalogJson> | null;
  if (!candidate || candidate.version !== CATALOG_JSON_VERSION || !Array.isArray(candidate.roots)) {
    throw new Error(`catalog.json has an unexpected format (want version ${CATALOG_JSON_VERSION}); rebuild with "npm run build"`);
  }
  return indexCatalog(candidate.roots);
}
