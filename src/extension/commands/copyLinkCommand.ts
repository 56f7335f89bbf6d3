import * as vscode from 'vscode';
import { cardLink } from '../card/cardLink';
import type { CardPanels } from '../card/cardPanels';
import { strings } from '../strings';
import type { Command } from './commandManager';
import { nodeIdFromArgument } from './nodeArgument';

/**
 * `sdp.copyLink(id | node?)`: copies a `vscode://<extension>/card?id=...` link. Pasted into a
 * design doc, an issue or a chat, one click opens the card in VS Code (the extension's URI
 * handler), which an `sdp:` id could not do outside the cards. Without an argument it copies
 * the active card's link.
 */
export class CopyLinkCommand implements Command {
  readonly id = 'sdp.copyLink';

  constructor(
    private readonly extensionId: string,
    private readonly panels: CardPanels,
  ) {}

  async execute(arg?: unknown): Promise<string | undefined> {
    const id = nodeIdFromArgument(arg) ?? this.panels.activeNodeId;
    if (!id) return undefined;
    const link = cardLink(this.extensionId, id).toString(true);
    await vscode.env.clipboard.writeText(link);
    vscode.window.setStatusBarMessage(strings.copiedLink(link), 4000);
    return link;
  }
}
