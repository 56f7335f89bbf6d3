import * as vscode from 'vscode';
import type { CatalogNode } from '../../core/catalog/model';
import type { PatternTreeProvider } from './patternTreeProvider';

export interface ActiveCardSource {
  readonly activeNodeId: string | undefined;
  readonly onDidChangeActiveCard: vscode.Event<string>;
}

/**
 * Keeps the tree's selection on the node whose card is active. Only a visible tree is touched:
 * `reveal` on a hidden view would open the sidebar and take it from whatever the user had there.
 * When the tree is shown again it catches up with the active card.
 */
export function registerTreeRevealSupport(
  treeView: vscode.TreeView<CatalogNode>,
  provider: PatternTreeProvider,
  cards: ActiveCardSource,
): vscode.Disposable {
  const reveal = async (id: string | undefined): Promise<void> => {
    if (!id || !treeView.visible) return;
    if (treeView.selection.length === 1 && treeView.selection[0]!.id === id) return;
    const node = await provider.getNode(id);
    if (!node) return;
    try {
      await treeView.reveal(node, { select: true, focus: false, expand: false });
    } catch {
      // The tree may be refreshing; the next card change reveals again.
    }
  };
  return vscode.Disposable.from(
    cards.onDidChangeActiveCard((id) => void reveal(id)),
    treeView.onDidChangeVisibility((event) => {
      if (event.visible) void reveal(cards.activeNodeId);
    }),
  );
}
