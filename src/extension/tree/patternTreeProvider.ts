import * as vscode from 'vscode';
import type { Catalog, CatalogNode } from '../../core/catalog/model';
import { strings } from '../strings';
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

  async getParent(element: CatalogNode): Promise<CatalogNode | undefined> {
    // `reveal` walks up from any node, possibly before the tree ever listed its roots.
    this.catalog ??= await this.load();
    return element.parent ? this.catalog.byId.get(element.parent) : undefined;
  }

  /** The tree element for a node id (the same object `getChildren` returns), for `reveal`. */
  async getNode(id: string): Promise<CatalogNode | undefined> {
    this.catalog ??= await this.load();
    return this.catalog.byId.get(id);
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
    // Focus stays in the tree, as with a preview in the Explorer, so arrowing on keeps working.
    item.command = { command: OPEN_CARD_COMMAND, title: strings.openCardTitle(), arguments: [node.id, { preserveFocus: true }] };
    item.accessibilityInformation = { label: `${node.title}, ${descriptionFor(node)}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
