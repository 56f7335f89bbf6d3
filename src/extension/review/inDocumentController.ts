import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import type { InDocumentReview, ReviewFinding } from '../../core/review/inDocumentReview';
import type { ReviewLabels } from '../../core/review/labels';
import type { DocumentOutline } from '../../core/review/outline';
import { loadSuggestModule } from '../lazyModules';
import type { TextRange } from '../../core/review/ranges';
import type { DocumentAnalyzer } from '../suggest/documentAnalyzer';
import { AnalysisCancelled } from '../suggest/offThreadAnalysis';
import { isReviewable } from '../suggest/reviewableDocument';
import { affectsReviewSettings, readReviewSettings } from '../suggest/reviewSettings';
import { affectsInDocumentSettings, readInDocumentSettings } from './inDocumentSettings';
import { reviewStrings } from './reviewStrings';

/** What the review found in one version of one document, with what the quick fixes need. */
export interface InDocumentEntry {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly review: InDocumentReview;
  readonly outline: DocumentOutline;
  /** The text analysed (the document's first part when it was over the size limit; '' when nothing was suggested). */
  readonly text: string;
  /** Only the first part of the document was analysed: no fix may insert past it. */
  readonly truncated: boolean;
  readonly catalog: Catalog;
}

/**
 * How `entryFor` treats a document changed since its last analysis when `review.refreshOnEdit` is
 * off: 'never' analyses nothing (CodeLens, which VS Code asks for after every edit); 'unpublished'
 * analyses now for the caller without touching the Problems (a hover or a quick fix the user asked
 * for). With `refreshOnEdit` on, both wait for the edit pause's analysis.
 */
export type WhenStale = 'never' | 'unpublished';

/** Schemes whose documents copy a real one (diff views of source control): no second set of problems. */
const SHADOW_SCHEMES = new Set(['git', 'gitfs', 'vscode-scm', 'vscode-notebook-cell', 'vscode-chat-code-block']);

/**
 * Keeps the in-document review of every design doc a tab shows: analyses a document when a tab
 * shows it, after
 * the same edit pause as the Design Review view (`review.editDelayMs`, `review.refreshOnEdit`), and
 * on save; publishes its findings as diagnostics; forgets it (and clears its problems) when the
 * document closes. Hovers, CodeLens and quick fixes read the entry of the document's current
 * version through `entryFor`. Never edits a document.
 */
export class InDocumentController implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('systemDesignPatterns');
  private readonly entries = new Map<string, InDocumentEntry>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Scheduled runs under way, by document: `entryFor` waits for them as for a timer. */
  private readonly running = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastDurationMs = 0;
  /**
   * How to release each `entryFor` call waiting for a timer or a run: dispose calls them, since the
   * timers it clears and the emitter it disposes would never wake them.
   */
  private readonly waiters = new Set<() => void>();
  /** Set by dispose: a run that settles later publishes nothing, fires nothing and schedules nothing. */
  private disposed = false;
  /** A new entry was published (or one was dropped) for this document. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly analyzer: DocumentAnalyzer,
    private readonly loadCatalog: () => Promise<Catalog>,
    private readonly labels: ReviewLabels,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      // Only documents a tab shows: other extensions open documents they never show (the tab's opening schedules the rest).
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isShownInTab(d.uri)) this.schedule(d, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !this.eligible(event.document) || !isShownInTab(event.document.uri)) return;
        const settings = readReviewSettings(event.document.uri);
        if (settings.refreshOnEdit) this.schedule(event.document, Math.max(settings.editDelayMs, 4 * this.lastDurationMs));
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (isShownInTab(d.uri)) this.schedule(d, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // A closed tab may leave its document alive for a while: its problems go with the last tab that showed it.
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const uri of event.closed.flatMap(urisOfTab)) {
          if (!isShownInTab(uri)) this.forget(uri);
        }
        // ... and come back when a tab shows the document again.
        for (const uri of event.opened.flatMap(urisOfTab)) {
          const document = !this.timers.has(uri.toString())
            ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : undefined;
          if (document) this.schedule(document, 0);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsReviewSettings(event) || affectsInDocumentSettings(event)) {
          for (const d of vscode.workspace.textDocuments) if (isShownInTab(d.uri)) this.schedule(d, 0);
        }
      }),
    );
    for (const d of vscode.workspace.textDocuments) if (isShownInTab(d.uri)) this.schedule(d, 0);
  }

  /**
   * The entry for the document as it is now: at once when it is current; after the edit pause
   * when one is running; otherwise as `whenStale` says. Undefined for documents that are not
   * reviewed, when `token` is cancelled, or when the document changed again meanwhile.
   */
  async entryFor(document: vscode.TextDocument, token?: vscode.CancellationToken, whenStale: WhenStale = 'unpublished'): Promise<InDocumentEntry | undefined> {
    if (this.disposed || !this.eligible(document)) return undefined;
    const key = document.uri.toString();
    const current = this.entries.get(key);
    if (current?.version === document.version) return current;
    if (this.timers.has(key) || this.running.has(key)) {
      // Settles when the pending run ends, whatever its outcome (see `schedule`), on cancel or close, or on dispose.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.waiters.delete(done);
          listener.dispose();
          closed.dispose();
          cancel?.dispose();
          resolve();
        };
        const listener = this.onDidChange((uri) => {
          if (uri.toString() === key) done();
        });
        const closed = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() === key) done();
        });
        const cancel = token?.onCancellationRequested(done);
        this.waiters.add(done);
      });
      if (this.disposed) return undefined;
      const entry = this.entries.get(key);
      return entry?.version === document.version ? entry : undefined;
    }
    // No run is coming. With `refreshOnEdit` off the document changed since the last analysis and
    // the Problems wait for the save: analyse only for a caller the user asked for, unpublished.
    const refreshOnEdit = readReviewSettings(document.uri).refreshOnEdit;
    if (!refreshOnEdit && whenStale === 'never') return undefined;
    return this.run(document, refreshOnEdit).catch((error: unknown) => {
      this.logFailure(document, error);
      return undefined;
    });
  }

  /** The finding a diagnostic of this controller stands for. */
  findingOf(entry: InDocumentEntry, diagnostic: vscode.Diagnostic): ReviewFinding | undefined {
    return entry.review.findings.find((f) => f.ruleId === diagnosticCode(diagnostic) && toRange(f.range).isEqual(diagnostic.range));
  }

  private eligible(document: vscode.TextDocument): boolean {
    return isReviewable(document) && !SHADOW_SCHEMES.has(document.uri.scheme);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (this.disposed || !this.eligible(document)) return;
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (document.isClosed) {
        this.changed.fire(document.uri);
        return;
      }
      this.running.set(key, (this.running.get(key) ?? 0) + 1);
      let published = false;
      this.run(document, true).then((entry) => {
        published = entry !== undefined;
      }, (error: unknown) => {
        // The analysis this run waited for was cancelled (one of a newer version took over, or the view's Refresh stopped one only the view and this review waited for; a closed document's is not run again): start one of its own.
        if (error instanceof AnalysisCancelled) {
          if (!document.isClosed && !this.timers.has(key)) this.schedule(document, 0);
        } else {
          this.logFailure(document, error);
        }
      }).finally(() => {
        const left = (this.running.get(key) ?? 1) - 1;
        if (left > 0) this.running.set(key, left);
        else this.running.delete(key);
        // Whoever waits in `entryFor` for this run hears of its end, even when it published nothing.
        if (!published && !this.disposed) this.changed.fire(document.uri);
      });
    }, delayMs));
  }

  private logFailure(document: vscode.TextDocument, error: unknown): void {
    if (error instanceof AnalysisCancelled) return;
    this.log?.error(`In-document review of ${document.uri.toString()} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  /** Analyses the document; `publish` false builds the entry for a hover or quick fix and leaves the Problems alone. */
  private async run(document: vscode.TextDocument, publish: boolean): Promise<InDocumentEntry | undefined> {
    const started = performance.now();
    const [review, catalog] = await Promise.all([this.analyzer.analyse(document, readReviewSettings(document.uri)), this.loadCatalog()]);
    // Deactivated while waiting (for the catalog, say): the diagnostics and the emitter are gone.
    if (this.disposed) return undefined;
    // The document changed or closed while it was analysed: a newer run publishes.
    if (document.isClosed || review.version !== document.version) return undefined;
    const result = review.binary ? { suggestions: [], numbers: [], openQuestions: [], combinations: [] } : review.result;
    // Only a design doc's text is read, and only its analysed part: no copy of every large open file.
    const text = result.suggestions.length === 0 ? ''
      : review.truncation ? document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(review.truncation.analysedChars)))
        : document.getText();
    // The review's core loads with the engine, not at activation. The outline (the headings) came
    // with the analysis, read off the engine's own parse (on the worker for a large document): this
    // thread parses no markdown. It is the empty text's outline when the text is not kept.
    const { EMPTY_OUTLINE, buildInDocumentReview } = loadSuggestModule();
    const outline = result.suggestions.length === 0 ? EMPTY_OUTLINE : review.outline;
    const inDocument = buildInDocumentReview(result, text, outline, this.labels, (id) => catalog.byId.get(id)?.title);
    const entry: InDocumentEntry = { uri: document.uri, version: document.version, review: inDocument, outline, text, truncated: review.truncation !== undefined, catalog };
    this.lastDurationMs = performance.now() - started;
    this.entries.set(document.uri.toString(), entry);
    // Problems only for a document a tab shows, whoever asked for the analysis.
    if (publish && isShownInTab(document.uri)) this.publish(entry);
    this.changed.fire(document.uri);
    return entry;
  }

  private publish(entry: InDocumentEntry): void {
    const settings = readInDocumentSettings(entry.uri);
    if (!settings.diagnostics) {
      this.diagnostics.delete(entry.uri);
      return;
    }
    this.diagnostics.set(entry.uri, entry.review.findings.map((f) => {
      // A review comment's wrong id, or a comment that does nothing for its form, hides nothing the writer meant to hide: always a warning.
      const severity = f.kind === 'question' ? settings.questionSeverity : f.kind === 'capacity' ? settings.capacitySeverity : vscode.DiagnosticSeverity.Warning;
      const d = new vscode.Diagnostic(toRange(f.range), f.message, severity);
      d.source = reviewStrings.diagnosticSource();
      d.code = f.ruleId;
      return d;
    }));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    const hadTimer = this.timers.delete(key);
    this.diagnostics.delete(uri);
    // A pause it drops ends here too: whoever waits in `entryFor` for that pause hears of it.
    if (this.entries.delete(key) || hadTimer) this.changed.fire(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    // Their runs will never be heard of: they answer undefined, and drop their listeners.
    for (const done of [...this.waiters]) done();
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}

export function toRange(r: TextRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null && typeof code.value === 'string') return code.value;
  return undefined;
}

/** The documents a tab shows: a text editor's, or both sides of a diff. */
function urisOfTab(tab: vscode.Tab): vscode.Uri[] {
  if (tab.input instanceof vscode.TabInputText) return [tab.input.uri];
  if (tab.input instanceof vscode.TabInputTextDiff) return [tab.input.original, tab.input.modified];
  return [];
}

function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => urisOfTab(t).some((u) => u.toString() === key)));
}
