import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import type { CopyDiagramMessage } from '../../shared/cardProtocol';
import { strings } from '../strings';

/**
 * The "Copy Mermaid" button of a card's diagram. The webview names the diagram (node id and index);
 * the source comes from the host's own catalog, so what lands on the clipboard is always the
 * Mermaid text as written in content/, with its accTitle/accDescr lines.
 */
export async function copyDiagramSource(loadCatalog: () => Promise<Catalog>, message: CopyDiagramMessage): Promise<boolean> {
  const diagram = (await loadCatalog()).byId.get(message.id)?.diagrams?.[message.index];
  if (!diagram) {
    void vscode.window.showWarningMessage(strings.diagramNotFound());
    return false;
  }
  await vscode.env.clipboard.writeText(diagram.source);
  vscode.window.setStatusBarMessage(strings.diagramCopied(diagram.title), 4000);
  return true;
}
