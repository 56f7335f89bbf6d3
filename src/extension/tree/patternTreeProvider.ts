import * as vscode from 'vscode';
import type { Catalog, CatalogNode } from '../../core/catalog/model';
import { descriptionFor, iconFor, tooltipFor } from './nodePresentation';

export const OPEN_CARD_COMMAND = 'sdp.openCard';

/**
 * The "Patterns" tree: patterns with their solutions, deep dives and example, then the
 * combinations and the guides. Elements are catalog nodes, so `reveal` works by node.
 */
export class PatternTreeProvider implements vscode.TreeDataProvider<CatalogNode> {
  private catalog: Catalog | undefined;
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => Promise<Catalog>) {}

  async getChildren(element?: CatalogNode): Promise<CatalogNode[]> {
    if (element) return [...element.children];
    this.catalog ??= await this.load();
    return [...this.catalog.roots];
  }

  getParent(element: CatalogNode): CatalogNode | undefined {
    return element.parent ? this.catalog?.byId.get(element.parent) : undefined;
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.title, collapsible);
    item.id = node.id;
    item.description = descriptionFor(node);
    item.tooltip = tooltipFor(node);
    item.iconPath = iconFor(node.kind);
    item.contextValue = node.snippets && node.snippets.length > 0 ? `sdp.${node.kind}.hasSnippets` : `sdp.${node.kind}`;
    item.command = { command: OPEN_CARD_COMMAND, title: 'Open Card', arguments: [node.id] };
    item.accessibilityInformation = { label: `${node.title}, ${descriptionFor(node)}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
