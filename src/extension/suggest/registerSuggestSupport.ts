import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import { CommandManager } from '../commands/commandManager';
import { DocumentAnalyzer } from './documentAnalyzer';
import { DESIGN_REVIEW_VIEW, DesignReviewProvider } from './designReviewProvider';
import { RevealInDocumentCommand } from './revealInDocumentCommand';
import { ReviewController } from './reviewController';
import { SuggestPatternsCommand } from './suggestPatternsCommand';
import { CopyReviewAsMarkdownCommand, OpenReviewCardCommand, RefreshReviewCommand, RevealReviewLineCommand } from './reviewViewCommands';
import { strings } from '../strings';
import { registerInDocumentReview, type InDocumentSupport } from '../review/registerInDocumentReview';

/** What tests (through the ExtensionApi) can reach of the suggest feature. */
export interface SuggestSupport extends vscode.Disposable {
  readonly reviewProvider: DesignReviewProvider;
  readonly reviewController: ReviewController;
  /** Hovers, CodeLens, diagnostics and quick fixes inside the document (issue 14). */
  readonly inDocument: InDocumentSupport;
}

/**
 * The editor side of pattern suggestions: the "Suggest Patterns for This Document" command,
 * the Design Review view and the controller that keeps it on the active document.
 * The engine is built from the catalog on first use, not at activation.
 */
export function registerSuggestSupport(loadCatalog: () => Promise<Catalog>, distDir: vscode.Uri, log: vscode.LogOutputChannel): SuggestSupport {
  const analyzer = new DocumentAnalyzer(loadCatalog, distDir, strings.suggestMessages(), log);
  const reviewProvider = new DesignReviewProvider();
  const view = vscode.window.createTreeView(DESIGN_REVIEW_VIEW, { treeDataProvider: reviewProvider, showCollapseAll: true });
  const reviewController = new ReviewController(analyzer, reviewProvider, view);
  const commands = new CommandManager();
  commands.register(new SuggestPatternsCommand(reviewController));
  commands.register(new RevealInDocumentCommand());
  // The view's title bar (refresh, copy as markdown; collapse all is VS Code's own) and item actions.
  commands.register(new RefreshReviewCommand(reviewController));
  commands.register(new CopyReviewAsMarkdownCommand(reviewProvider));
  commands.register(new OpenReviewCardCommand());
  commands.register(new RevealReviewLineCommand(reviewProvider));

  // The same analyzer serves the review inside the document, so each version is analysed once.
  const inDocument = registerInDocumentReview(analyzer, loadCatalog, distDir, log);

  // Disposed in reverse: commands and the controller's listeners go before the view they drive.
  const owned: vscode.Disposable[] = [analyzer, reviewProvider, view, reviewController, commands, inDocument];
  return {
    reviewProvider,
    reviewController,
    inDocument,
    dispose: () => {
      for (const d of owned.splice(0).reverse()) d.dispose();
    },
  };
}
