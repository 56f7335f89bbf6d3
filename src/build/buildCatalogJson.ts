/**
 * Build step: parse and validate content/ (catalog, diagrams and snippets) and write
 * dist/catalog.json, dist/snippets.json and the VS Code snippet files under dist/snippets/.
 * Bundled and run by scripts/build.mjs; every problem is printed as file:line (a template problem
 * about the whole file as file alone).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadCatalog } from '../core/catalog/load';
import { serializeCatalog } from '../core/catalog/catalogJson';
import { indexCatalog } from '../core/catalog/indexCatalog';
import type { Catalog, CatalogNode, CatalogProblem } from '../core/catalog/model';
import { loadSnippets, writeSnippetContributions, type Snippet } from '../core/snippets';
import { serializeSnippets } from '../core/snippets/snippetsJson';
import { templateProblemPlace } from '../core/templates/designDocTemplates';
import { loadTemplates } from './loadTemplates';
import { loadDiagramRenderer } from './mermaidLibraries';
import { placementLanguagesProblems } from './placementLanguagesCheck';

export interface BuildSummary {
  readonly nodes: number;
  readonly snippets: number;
  readonly snippetFiles: readonly { language: string; path: string }[];
  readonly problems: number;
  /** Card files that could not be read (listed first among the problems): the ones to fix first. */
  readonly unreadable: readonly string[];
}

export async function buildCatalogJson(root: string, outDir: string): Promise<BuildSummary> {
  // SDP_CONTENT_DIR builds against another content tree (tests use a small fixture catalog).
  const contentDir = process.env['SDP_CONTENT_DIR'] ? resolve(root, process.env['SDP_CONTENT_DIR']) : join(root, 'content');
  const snippetsDir = join(contentDir, 'snippets');
  // Diagrams are drawn here, at build time; the extension only inlines the SVG (docs/diagrams.md).
  const loaded = loadCatalog(contentDir, { diagrams: await loadDiagramRenderer() });
  const problems: CatalogProblem[] = [...loaded.problems];
  let snippets: Snippet[] = [];
  if (existsSync(snippetsDir)) {
    // With a card unreadable its ids are missing, and every snippet implementing one would say so:
    // the snippets' ids are checked once every card reads (the card's problem comes first).
    const result = loadSnippets(snippetsDir, loaded.unreadable.length === 0 ? { knownIds: new Set(loaded.catalog.byId.keys()) } : {});
    snippets = result.snippets;
    problems.push(...result.problems.map((p) => ({ ...p, file: relative(root, p.file) || p.file })));
  }
  // Design doc templates (content/templates/): dist/templates.json for the "New Design Doc" command.
  const templates = loadTemplates(join(contentDir, 'templates'), root);
  // A template problem about the whole file (no placeholder) has no line, and is printed without one.
  // A broken placement table stops the build with its file, row and field, not a user's first insert.
  const messages = [...problems.map((p) => `${p.file}:${p.line}: ${p.message}`), ...templates.problems.map((p) => `${templateProblemPlace(p)}: ${p.message}`), ...placementLanguagesProblems(root)];
  for (const message of messages) console.error(message);
  if (messages.length > 0) return { nodes: loaded.catalog.byId.size, snippets: snippets.length, snippetFiles: [], problems: messages.length, unreadable: loaded.unreadable };

  const catalog = attachSnippets(loaded.catalog, snippets);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'catalog.json'), serializeCatalog(catalog));
  writeFileSync(join(outDir, 'snippets.json'), serializeSnippets(snippets));
  writeFileSync(join(outDir, 'templates.json'), JSON.stringify(templates.templates));
  const snippetFiles = writeSnippetContributions(snippets, join(outDir, 'snippets'));
  return { nodes: catalog.byId.size, snippets: snippets.length, snippetFiles, problems: 0, unreadable: [] };
}

/**
 * A snippet names the catalog nodes it implements; the nodes list their snippets back, so the
 * tree and the cards know where code exists without a second list to keep in step.
 */
export function attachSnippets(catalog: Catalog, snippets: readonly Snippet[]): Catalog {
  const byNode = new Map<string, string[]>();
  for (const snippet of snippets) {
    for (const id of snippet.implements) byNode.set(id, [...(byNode.get(id) ?? []), snippet.id]);
  }
  const copy = (node: CatalogNode): CatalogNode => {
    const own = node.snippets ?? [];
    const derived = (byNode.get(node.id) ?? []).filter((id) => !own.includes(id));
    const merged = [...own, ...derived];
    return { ...node, ...(merged.length > 0 ? { snippets: merged } : {}), children: node.children.map(copy) };
  };
  return indexCatalog(catalog.roots.map(copy));
}
