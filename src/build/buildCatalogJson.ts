/**
 * Build step: parse and validate content/ and write dist/catalog.json.
 * Bundled and run by scripts/build.mjs; exits non-zero with file:line messages on any problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCatalog } from '../core/catalog/load';
import { serializeCatalog } from '../core/catalog/catalogJson';
import { loadSnippetIds } from './snippetIds';

export function buildCatalogJson(root: string, outDir: string): { nodes: number; problems: number } {
  const snippetIds = loadSnippetIds(join(root, 'content', 'snippets'));
  // SDP_CONTENT_DIR builds against another content tree (tests use a small fixture catalog).
  const contentDir = process.env['SDP_CONTENT_DIR'] ? resolve(root, process.env['SDP_CONTENT_DIR']) : join(root, 'content');
  const { catalog, problems } = loadCatalog(contentDir, { snippetIds });
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  if (problems.length === 0) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'catalog.json'), serializeCatalog(catalog));
  }
  return { nodes: catalog.byId.size, problems: problems.length };
}
