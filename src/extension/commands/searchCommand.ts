import * as vscode from 'vscode';
import type { Catalog, CatalogNode } from '../../core/catalog/model';
import { walkCatalog } from '../../core/catalog/indexCatalog';
import { strings } from '../strings';
import { OPEN_CARD_COMMAND } from '../tree/patternTreeProvider';
import type { Command } from './commandManager';

interface NodePick extends vscode.QuickPickItem {
  readonly nodeId: string;
}

/** A quick pick over every catalog node by title, keyword and summary; picking opens its card. */
export class SearchCommand implements Command {
  readonly id = 'sdp.search';

  constructor(private readonly load: () => Promise<Catalog>) {}

  async execute(): Promise<void> {
    const catalog = await this.load();
    const picks = [...walkCatalog(catalog)].map((node) => toPick(node, catalog));
    const choice = await vscode.window.showQuickPick(picks, {
      placeHolder: strings.searchPlaceholder(),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (choice) await vscode.commands.executeCommand(OPEN_CARD_COMMAND, choice.nodeId);
  }
}

function toPick(node: CatalogNode, catalog: Catalog): NodePick {
  const parent = node.parent ? catalog.byId.get(node.parent) : undefined;
  const where = parent ? `${parent.title} · ` : '';
  return {
    nodeId: node.id,
    label: node.title,
    description: `${where}${strings.kindLabel(node.kind)}`,
    // Keywords (and the settings a pattern arises in) ride along in the detail so typing "idempotency key" or "seat" finds the node.
    detail: searchWords(node).length > 0 ? `${node.summary} — ${searchWords(node).join(', ')}` : node.summary,
  };
}

function searchWords(node: CatalogNode): string[] {
  return [...node.keywords, ...(node.contextKeywords ?? [])];
}
