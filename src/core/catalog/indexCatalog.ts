import type { Catalog, CatalogNode } from './model';

/** Builds the id index over a tree of nodes (at build time, or after loading catalog.json). */
export function indexCatalog(roots: readonly CatalogNode[]): Catalog {
  const byId = new Map<string, CatalogNode>();
  const visit = (node: CatalogNode): void => {
    if (!byId.has(node.id)) byId.set(node.id, node);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return { roots, byId };
}

/** Every node, depth first in tree order. */
export function* walkCatalog(catalog: Catalog): Generator<CatalogNode> {
  const stack = [...catalog.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}
