import * as vscode from 'vscode';
import { CARD_VIEW_TYPE } from '../../shared/cardProtocol';
import type { CardPanels } from './cardPanels';

/** Brings card panels back after a window reload, from the history their webview saved. */
export function registerCardSerializer(panels: CardPanels): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(CARD_VIEW_TYPE, {
    deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => panels.revive(panel, state),
  });
}
