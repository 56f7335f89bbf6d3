import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import { CommandManager } from '../commands/commandManager';
import type { DocumentAnalyzer } from '../suggest/documentAnalyzer';
import { REVIEWABLE_LANGUAGES } from '../suggest/reviewableDocument';
import { InDocumentController } from './inDocumentController';
import { NewDesignDocCommand } from './newDesignDocCommand';
import { ReviewCodeActionProvider } from './reviewCodeActionProvider';
import { ReviewCodeLensProvider } from './reviewCodeLensProvider';
import { ReviewHoverProvider } from './reviewHoverProvider';
import { reviewLabels } from './reviewStrings';

/** What tests (through the ExtensionApi) can reach of the in-document review. */
export interface InDocumentSupport extends vscode.Disposable {
  readonly controller: InDocumentController;
}

/**
 * The design review inside the document: hovers, CodeLens, diagnostics with quick fixes, and the
 * New Design Doc command (docs/in-document-review.md). Shares the Design Review view's analyzer,
 * so a document version is analysed once for both.
 */
export function registerInDocumentReview(
  analyzer: DocumentAnalyzer, loadCatalog: () => Promise<Catalog>, distDir: vscode.Uri, log: vscode.LogOutputChannel,
): InDocumentSupport {
  const labels = reviewLabels();
  const controller = new InDocumentController(analyzer, loadCatalog, labels, log);
  // Any scheme (file, untitled, virtual file systems); the controller skips editor furniture.
  const selector: vscode.DocumentSelector = REVIEWABLE_LANGUAGES.map((language) => ({ language, scheme: '*' }));
  const lenses = new ReviewCodeLensProvider(controller);
  const commands = new CommandManager();
  commands.register(new NewDesignDocCommand(distDir, log));
  const owned: vscode.Disposable[] = [
    controller,
    lenses,
    vscode.languages.registerHoverProvider(selector, new ReviewHoverProvider(controller, labels)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(selector, new ReviewCodeActionProvider(controller, labels), ReviewCodeActionProvider.metadata),
    commands,
  ];
  return {
    controller,
    dispose: () => {
      for (const d of owned.splice(0).reverse()) d.dispose();
    },
  };
}
