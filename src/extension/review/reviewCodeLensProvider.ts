import * as vscode from 'vscode';
import { OPEN_CARD_TO_SIDE_COMMAND } from '../commands/openCardCommands';
import type { InDocumentController } from './inDocumentController';
import { affectsInDocumentSettings, readInDocumentSettings } from './inDocumentSettings';

/**
 * CodeLens: at the top of a design doc the top patterns with their scores, at a heading the
 * patterns whose evidence its section carries; each opens the pattern's card beside the document.
 */
export class ReviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly controller: InDocumentController) {
    this.subscriptions = [
      this.changed,
      controller.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsInDocumentSettings(e)) this.changed.fire();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const settings = readInDocumentSettings(document.uri);
    if (!settings.codeLensTop && !settings.codeLensHeadings) return [];
    // VS Code asks again after every edit: that must not analyse when `refreshOnEdit` is off.
    const entry = await this.controller.entryFor(document, token, 'never');
    if (!entry || token.isCancellationRequested) return [];
    return entry.review.lenses
      .filter((l) => (l.kind === 'top' ? settings.codeLensTop : settings.codeLensHeadings))
      .map((l) => new vscode.CodeLens(new vscode.Range(l.line, 0, l.line, 0), {
        title: l.title, tooltip: l.tooltip, command: OPEN_CARD_TO_SIDE_COMMAND, arguments: [l.cardId],
      }));
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
