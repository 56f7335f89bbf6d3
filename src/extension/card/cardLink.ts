import * as vscode from 'vscode';
import { isNodeId } from '../../shared/cardProtocol';

/** Path of card links handled by the extension's URI handler. */
export const CARD_LINK_PATH = '/card';

/**
 * A link that opens a card from anywhere a link can be clicked (a design doc, a chat message,
 * the browser): `vscode://<publisher.name>/card?id=<node id>`, with the scheme of the running
 * product (`vscode-insiders`, ...).
 */
export function cardLink(extensionId: string, nodeId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId, path: CARD_LINK_PATH, query: `id=${encodeURIComponent(nodeId)}` });
}

/** The node id a card link points to, or undefined when the URI is not a well-formed card link. */
export function nodeIdFromCardLink(uri: vscode.Uri): string | undefined {
  if (uri.path !== CARD_LINK_PATH) return undefined;
  const id = new URLSearchParams(uri.query).get('id');
  return isNodeId(id) ? id : undefined;
}
