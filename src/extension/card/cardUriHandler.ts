import * as vscode from 'vscode';
import { nodeIdFromCardLink } from './cardLink';
import type { CardPanels } from './cardPanels';

/** Opens the card a `vscode://.../card?id=...` link names (see `sdp.copyLink`). */
export function registerCardUriHandler(panels: CardPanels): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri: async (uri: vscode.Uri) => {
      const id = nodeIdFromCardLink(uri);
      if (id) await panels.open(id);
    },
  });
}
