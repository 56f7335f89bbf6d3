import type { Catalog, CatalogNode, NodeKind } from './model';

/** The shape `sdp list --json` prints: every node with its full id, kind, title and children. */
export interface TreeEntry {
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly summary: string;
  readonly pros?: readonly string[];
  readonly cons?: readonly string[];
  readonly children: readonly TreeEntry[];
}

export function toTreeEntry(node: CatalogNode): TreeEntry {
  return {
    id: node.id,
    kind: node.kind,
    title: node.title,
    summary: node.summary,
    ...(node.kind === 'solution' ? { pros: node.pros ?? [], cons: node.cons ?? [] } : {}),
    children: node.children.map(toTreeEntry),
  };
}

export function catalogTree(catalog: Catalog): TreeEntry[] {
  return catalog.roots.map(toTreeEntry);
}

/** The tree as indented text for a person: title, kind and id per line. */
export function formatTree(catalog: Catalog): string {
  const lines: string[] = [];
  const visit = (node: CatalogNode, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${node.title}  [${node.kind}] ${node.id}`);
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const root of catalog.roots) visit(root, 0);
  return lines.join('\n');
}
