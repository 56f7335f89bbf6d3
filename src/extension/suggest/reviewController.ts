import * as vscode from 'vscode';
import { documentName, type DocumentAnalyzer } from './documentAnalyzer';
import { AnalysisCancelled } from './offThreadAnalysis';
import type { DocumentReview } from './documentReview';
import { DESIGN_REVIEW_VIEW, type DesignReviewProvider } from './designReviewProvider';
import { isIgnoredScheme, isReviewable } from './reviewableDocument';
import { notAnalysedMessage, viewMessage } from './reviewMessages';
import type { ReviewNode } from './reviewNodes';
import { affectsReviewSettings, readReviewSettings } from './reviewSettings';
import { strings } from '../strings';

/** Context key for the view's welcome content and its actions: is a reviewable document on display? */
export const HAS_DOCUMENT_CONTEXT = 'sdp.designReview.hasDocument';
/**
 * Context key for the "nothing found" welcome: a document is on display and its review has no row.
 * Apart from HAS_DOCUMENT_CONTEXT because the welcome shows whenever the tree is empty: keyed on
 * that alone, it said "no pattern stood out" while a document's first analysis was running.
 */
export const NOTHING_FOUND_CONTEXT = 'sdp.designReview.nothingFound';
/** An analysis that has not answered by then shows a progress bar on the view. */
const PROGRESS_AFTER_MS = 300;

/**
 * Points the Design Review at the active editor's document and keeps it current: on switching
 * editors, on save, and on edit after a pause (`review.editDelayMs`, stretched when the last
 * analysis was slow so a huge doc is not re-analysed on every keystroke). Automatic refreshes
 * run only while the view is visible; the command refreshes regardless.
 */
export class ReviewController implements vscode.Disposable {
  private target: vscode.TextDocument | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDurationMs = 0;
  private ticket = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly analyzer: DocumentAnalyzer,
    private readonly provider: DesignReviewProvider,
    private readonly view: vscode.TreeView<ReviewNode>,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      // A language-mode change closes and reopens the document: pick it up if it is the active one.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document === vscode.window.activeTextEditor?.document) this.follow(vscode.window.activeTextEditor);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document === this.target) this.refreshSoon(0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.target || event.contentChanges.length === 0) return;
        const settings = readReviewSettings(event.document.uri);
        if (settings.refreshOnEdit) this.refreshSoon(Math.max(settings.editDelayMs, 4 * this.lastDurationMs));
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.analyzer.forget(document.uri);
        if (document === this.target) this.setTarget(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsReviewSettings(event)) this.refreshSoon(0);
      }),
      view.onDidChangeVisibility((event) => {
        if (event.visible) this.refreshSoon(0);
      }),
    );
    this.follow(vscode.window.activeTextEditor);
  }

  /** The review on display. */
  get current(): DocumentReview | undefined {
    return this.provider.current;
  }

  /**
   * Analyses `document` now and shows it in the view (it becomes the followed document).
   * Resolves to undefined for documents that are not markdown or plain text.
   */
  async refresh(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentReview | undefined> {
    if (!isReviewable(document)) return undefined;
    this.cancelTimer();
    const switched = document !== this.target;
    const previous = this.target;
    if (switched) this.pending(document);
    this.target = document;
    const running = this.run(document, token);
    const ticket = this.ticket;
    try {
      return await running;
    } catch (error) {
      // Cancelled (the Suggest notification's Cancel) before it answered, and nothing newer took
      // over: the view went empty under this document's name, so it goes back to the document it
      // followed, its review shown again or analysed again, rather than wait for the next edit.
      // Not when the writer went to this document's editor meanwhile (it was the target already, so
      // no switch was seen): the view follows the active editor, and its edits analyse it again.
      if (error instanceof AnalysisCancelled && switched && ticket === this.ticket && this.target === document
        && vscode.window.activeTextEditor?.document !== document) {
        this.setTarget(previous && !previous.isClosed ? previous : undefined);
      }
      throw error;
    }
  }

  /**
   * The view's Refresh action: analyses the followed document again now (else the active
   * editor's, if it is reviewable). Resolves to undefined when there is nothing to review, and
   * when its analysis is cancelled: a newer Refresh of a large document stopped it
   * (DocumentAnalyzer.forget; superseded by the user's own click, not failed, and the newer Refresh
   * shows its review), the document closed, or the extension is being deactivated. The command then
   * reports nothing (VS Code shows an error for a command that rejects); other failures reject.
   */
  async refreshNow(): Promise<DocumentReview | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    const document = this.target ?? (active && isReviewable(active) ? active : undefined);
    if (!document) return undefined;
    // Forget the cached review: "refresh" after changing the catalog or a setting means analyse again.
    this.analyzer.forget(document.uri);
    try {
      return await this.refresh(document);
    } catch (error) {
      if (error instanceof AnalysisCancelled) return undefined;
      throw error;
    }
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    // Focus on a card, the output panel or a terminal keeps the review of the doc beside it.
    if (!editor || isIgnoredScheme(editor.document.uri)) return;
    const document = editor.document;
    if (!isReviewable(document)) this.setTarget(undefined);
    else if (document !== this.target) this.setTarget(document);
  }

  private setTarget(document: vscode.TextDocument | undefined): void {
    this.cancelTimer();
    this.target = document;
    if (document) {
      this.pending(document);
      this.refreshSoon(0);
    } else {
      this.ticket++;
      this.present(undefined);
    }
  }

  private refreshSoon(delayMs: number): void {
    this.cancelTimer();
    if (!this.target || !this.view.visible) return;
    // Even "now" goes through a timer: editor events arrive in bursts and one analysis serves them all.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.target && this.view.visible) this.run(this.target).catch(() => undefined);
    }, delayMs);
  }

  private async run(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentReview> {
    const ticket = ++this.ticket;
    try {
      const work = this.analyzer.analyse(document, readReviewSettings(document.uri), token);
      this.progressWhileSlow(work);
      const review = await work;
      this.lastDurationMs = review.durationMs;
      // A newer refresh (another editor, a newer edit) has the last word.
      if (ticket === this.ticket && document === this.target) this.present(review);
      return review;
    } catch (error) {
      // A newer edit cancelled this analysis of a large document: the newer one will present.
      if (error instanceof AnalysisCancelled) throw error;
      // Only for the document followed: another one may have become it without a run of its own yet (view hidden).
      if (ticket === this.ticket && document === this.target) this.present(undefined, strings.suggestFailed(error instanceof Error ? error.message : String(error)));
      throw error;
    }
  }

  /** A progress bar on the view while `work` runs, once it has run PROGRESS_AFTER_MS (a quick refresh on typing shows none). */
  private progressWhileSlow(work: Promise<unknown>): void {
    const settled = work.then(() => undefined, () => undefined);
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: { viewId: DESIGN_REVIEW_VIEW } }, () => settled);
    }, PROGRESS_AFTER_MS);
    void settled.then(() => clearTimeout(timer));
  }

  private present(review: DocumentReview | undefined, failure?: string): void {
    this.provider.show(review);
    this.view.description = review?.name;
    this.view.message = failure ?? viewMessage(review);
    void vscode.commands.executeCommand('setContext', HAS_DOCUMENT_CONTEXT, review !== undefined);
    // A document not analysed (binary, empty) has its own sentence above the tree instead.
    void vscode.commands.executeCommand('setContext', NOTHING_FOUND_CONTEXT, review !== undefined && this.provider.isEmpty && !notAnalysedMessage(review));
  }

  /**
   * Another document is now the one reviewed and its analysis has not answered: the view names it
   * over an empty tree (with a progress bar once the analysis runs long), never over the previous
   * document's rows, and shows no welcome meanwhile (neither "open a document" nor "nothing found").
   * A review of it already cached (a switch back to an unchanged document) is shown at once instead:
   * VS Code holds a tree change that follows another within 200 ms, so emptying the tree first left
   * it empty that long on every switch between two reviewed documents.
   */
  private pending(document: vscode.TextDocument): void {
    const ready = this.analyzer.cachedReview(document, readReviewSettings(document.uri));
    if (ready) {
      this.present(ready);
      return;
    }
    this.provider.show(undefined);
    this.view.description = documentName(document);
    this.view.message = undefined;
    void vscode.commands.executeCommand('setContext', HAS_DOCUMENT_CONTEXT, true);
    void vscode.commands.executeCommand('setContext', NOTHING_FOUND_CONTEXT, false);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancelTimer();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
