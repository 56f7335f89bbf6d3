import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog/model';
import { parseCatalogJson } from '../core/catalog/catalogJson';

/**
 * Loads dist/catalog.json once, on first use, so activation stays cheap.
 * The file sits beside the extension bundle (both are in dist/).
 */
export class CatalogStore {
  private loading: Promise<Catalog> | undefined;

  constructor(private readonly distDir: string) {}

  get(): Promise<Catalog> {
    this.loading ??= readFile(path.join(this.distDir, 'catalog.json'), 'utf8').then(parseCatalogJson);
    return this.loading;
  }
}
