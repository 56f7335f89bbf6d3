import * as vscode from 'vscode';
import type { Catalog } from '../../core/catalog/model';
import type { SuggestionsAndOutline } from '../../core/review/suggestWithOutline';
import type { SuggestMessages, SuggestOptions, SuggestResult } from '../../core/suggest';
import type { ScoringEngine } from '../../core/suggest/engine';
import { loadSuggestModule } from '../lazyModules';
import { looksBinary } from '../../core/text/looksBinary';
import type { DocumentReview } from './documentReview';
import { AnalysisCancelled, analyseOffThread, FallbackLog, OFF_THREAD_CHARS, type OffThreadLog } from './offThreadAnalysis';

import type { ReviewSettings } from './reviewSettings';

const EMPTY_RESULT: SuggestResult = { suggestions: [], numbers: [], openQuestions: [], combinations: [] };

/** Reviews kept for documents the user switches between; a review is a few KB. */
const CACHE_SIZE = 16;

/**
 * Runs the suggest engine over a text document. One engine, built on first use from the
 * catalog; reviews are cached by document version, so switching back to an unchanged doc or
 * running the command right after an automatic refresh costs nothing. Never edits the document.
 */
export class DocumentAnalyzer {
  private engine: Promise<{ engine: ScoringEngine; catalog: Catalog }> | undefined;
  /**
   * By URI, but a hit must be the same document object: an untitled document closed and a new one
   * opened get the same URI (its number is reused) at the same version, with other text.
   */
  private readonly cache = new Map<string, { document: vscode.TextDocument; review: DocumentReview; settings: ReviewSettings }>();
  /**
   * Cancelled on dispose (the extension is being deactivated): an analysis still waiting for the
   * catalog then settles with `AnalysisCancelled` at once, instead of running (or starting a worker)
   * after everything it would report to is gone.
   */
  private readonly lifetime = new vscode.CancellationTokenSource();
  /**
   * The analysis under way for each document: the Design Review view and the in-document review
   * ask for the same version at the same time; they share one analysis instead of cancelling it.
   */
  private readonly inFlight = new Map<string, Flight>();
  /** Every analysis not settled yet, forgotten ones too (`forget`): dispose cancels them all. */
  private readonly flights = new Set<Flight>();

  /** `distDir` (the extension's dist/ folder) holds the worker bundle and catalog.json for documents over OFF_THREAD_CHARS. */
  /** `messages` words the engine's reasons and figures (the localised table from strings.ts). */
  /** `log` (the extension's output channel) is told why a large document fell back to this thread, once per cause. */
  constructor(
    private readonly loadCatalog: () => Promise<Catalog>,
    private readonly distDir: vscode.Uri,
    private readonly messages: SuggestMessages,
    log?: OffThreadLog,
  ) {
    this.fallbacks = log && new FallbackLog(log);
  }

  /** Fallbacks to this thread, reported once per cause for as long as the analyzer lives (the session). */
  private readonly fallbacks: FallbackLog | undefined;

  /**
   * The review of the document as it is now. A document over OFF_THREAD_CHARS is analysed on a
   * worker thread; a call for a newer version of the same document cancels it (the promise then
   * rejects with `AnalysisCancelled`). A call for the version already being analysed joins that
   * analysis (the Design Review view and the in-document review ask at the same time).
   *
   * `token` ends this call's wait at once, with the same rejection. The analysis itself belongs to
   * every call waiting for it, whoever started it, and stops only when each has cancelled (a call
   * without a token never does; for a forgotten one, see `forget`), so the Suggest's Cancel does
   * not take the view's or the in-document review's answer away when they joined its analysis.
   * A call whose `token` is cancelled already is cancelled, even when a review is ready (as a call
   * that joins is). A review ready when the call is made is its answer: a cancel after that comes
   * too late, as it does for an analysis that has finished.
   */
  async analyse(document: vscode.TextDocument, settings: ReviewSettings, token?: vscode.CancellationToken): Promise<DocumentReview> {
    if (this.lifetime.token.isCancellationRequested || token?.isCancellationRequested) throw new AnalysisCancelled();
    const key = document.uri.toString();
    const ready = this.cachedReview(document, settings);
    if (ready) return ready;
    const flying = this.inFlight.get(key);
    const joined = flying && flying.document === document && flying.version === document.version && sameAnalysis(flying.settings, settings);
    return this.wait(joined ? flying : this.start(document, settings, key), token);
  }

  /** A new shared analysis of the document, under a token of its own that its waiters cancel together (`wait`). */
  private start(document: vscode.TextDocument, settings: ReviewSettings, key: string): Flight {
    const run: AnalysisRun = {
      key, document, version: document.version, settings, source: new vscode.CancellationTokenSource(),
      forgotten: false, cancellable: 0, tokenless: false, offThread: false,
    };
    // The flight is the run itself, completed: what `forget` marks on it, `analyseNow` reads.
    const flight: Flight = Object.assign(run, { promise: this.analyseNow(run) });
    this.inFlight.set(key, flight);
    this.flights.add(flight);
    const settle = (): void => {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      this.flights.delete(flight);
      flight.source.dispose();
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  /**
   * `flight`'s review for one caller. A caller without a token waits for as long as the analysis
   * runs; one with a token stops waiting when it is cancelled, and the analysis stops when no caller
   * wants it any more (`wanted`). It then leaves `inFlight` at once: a call made while it winds down
   * starts an analysis of its own rather than join one that will only say it was cancelled.
   */
  private wait(flight: Flight, token: vscode.CancellationToken | undefined): Promise<DocumentReview> {
    if (!token) {
      flight.tokenless = true;
      return flight.promise;
    }
    flight.cancellable++;
    return untilCancelled(flight.promise, token, () => {
      flight.cancellable--;
      if (wanted(flight)) return;
      if (this.inFlight.get(flight.key) === flight) this.inFlight.delete(flight.key);
      flight.source.cancel();
    });
  }

  /**
   * `run.source` is the shared analysis's own (`start`): cancelled when no caller wants it any more,
   * and, while it runs on a worker, by a newer analysis of the document. It is the only token source
   * of the analysis; `start` disposes it when the analysis settles. A run that was forgotten while
   * it ran (`forget`) answers its waiters and is not cached.
   */
  private async analyseNow(run: AnalysisRun): Promise<DocumentReview> {
    const { key, document, settings, source } = run;
    const { engine, catalog } = await untilCancelled(this.getEngine(), this.lifetime.token);
    // Every waiter cancelled while the catalog loaded: nothing is analysed. The check is needed for a large
    // document too: `review` hears of a cancel made before it subscribed only a turn later (VS Code
    // calls a listener added to a cancelled token from a 0 ms timer), and a worker that fails to
    // start within that turn would send the cancelled analysis to this thread, which answers it.
    if (source.token.isCancellationRequested) throw new AnalysisCancelled();
    const review = await this.review(engine, catalog, run);
    // Disposed while it ran: dispose emptied the cache, which stays empty for a session that is over.
    // Closed while it ran: forget emptied its place, and an entry now would only hold the closed text.
    // Forgotten while it ran (the view's Refresh): the analysis asked for since is the one to keep.
    if (this.lifetime.token.isCancellationRequested || document.isClosed || run.forgotten) return review;
    this.cache.delete(key);
    this.cache.set(key, { document, review, settings });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return review;
  }

  /** The cached review of the document as it is now with `settings`, if there is one; nothing is analysed. */
  cachedReview(document: vscode.TextDocument, settings: ReviewSettings): DocumentReview | undefined {
    const cached = this.cache.get(document.uri.toString());
    return cached && cached.document === document && cached.review.version === document.version && sameAnalysis(cached.settings, settings) ? cached.review : undefined;
  }

  /**
   * Drops the document's cached review (a document closed, or the view's Refresh: analyse it anew).
   * An analysis under way for it is let go of, not stopped: a later call neither joins it (a document
   * opened later under the same URI must not) nor stops it by starting one of its own, and it is not
   * cached; but the callers already waiting for it (the Suggest among them) still get its review.
   * On a worker it runs only while a caller that can cancel it waits (the Suggest's notification):
   * one no caller with a token waits for is stopped at once, or before its worker starts when it
   * still waits for the catalog, and otherwise once the last caller with a token cancels; its
   * callers without one (the view, the in-document review, which asks again) get `AnalysisCancelled`.
   * So repeated Refreshes of a large document leave one worker running, not one per Refresh. On this
   * thread (a small document, whose Suggest has no token) a forgotten analysis can only be waiting
   * for the catalog: it then runs once and answers its callers. Dispose stops every analysis, and
   * forget a closed document's (nobody can use its review): each waiter gets `AnalysisCancelled`.
   */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    this.inFlight.delete(key);
    for (const flight of this.flights) {
      if (flight.key !== key) continue;
      flight.forgotten = true;
      if (flight.document.isClosed || !wanted(flight)) flight.source.cancel();
    }
  }

  dispose(): void {
    this.lifetime.cancel();
    this.lifetime.dispose();
    // Every analysis is cancelled, forgotten ones too (one waiting for the catalog hears it through the
    // lifetime token as well); each source is disposed when its analysis settles.
    for (const flight of this.flights) flight.source.cancel();
    this.inFlight.clear();
    this.cache.clear();
  }

  private async review(engine: ScoringEngine, catalog: Catalog, run: AnalysisRun): Promise<DocumentReview> {
    const { document, settings, source } = run;
    const { text, totalChars, over } = documentText(document, settings);
    // On this thread: the engine, and the outline read off its own parse.
    const here = (t: string, o: SuggestOptions): SuggestionsAndOutline => loadSuggestModule().suggestWithOutline(engine, t, o);
    if (text.length <= OFF_THREAD_CHARS || looksBinary(text)) return reviewOf(document, catalog, settings, text, totalChars, over, here);
    // One forgotten while it waited for the catalog (a Refresh then) that no caller with a token waits
    // for (only the view and the in-document review, which ask again) starts no worker at all.
    run.offThread = true;
    if (!wanted(run)) throw new AnalysisCancelled();
    // A newer analysis of the document (a newer version, other settings) stops an older one on a
    // worker, unless either was forgotten: one forgotten while it waited for the catalog must not stop
    // the analysis asked for since, nor be stopped by it. The worker runs under the analysis's own
    // token, so its waiters' last cancel stops it too.
    if (!run.forgotten) {
      for (const older of this.flights) {
        if (older !== run && older.key === run.key && older.offThread && !older.forgotten) older.source.cancel();
      }
    }
    const started = performance.now();
    const answer = await analyseOffThread({
      distDir: this.distDir, text, suggestOptions: suggestOptionsFor(text, over, settings),
      token: source.token, messages: this.messages, log: this.fallbacks,
    });
    // A worker that could not start or failed (analyseOffThread logged why): analyse on this thread, as for a smaller document.
    if (!answer) return reviewOf(document, catalog, settings, text, totalChars, over, here);
    const review = reviewOf(document, catalog, settings, text, totalChars, over, () => answer);
    return { ...review, durationMs: performance.now() - started, offThread: true };
  }

  private getEngine(): Promise<{ engine: ScoringEngine; catalog: Catalog }> {
    this.engine ??= this.loadCatalog().then((catalog) => {
      // Deactivated while the catalog loaded: no engine for a session that is over.
      if (this.lifetime.token.isCancellationRequested) throw new AnalysisCancelled();
      return { engine: loadSuggestModule().createSuggestEngine(catalog, this.messages), catalog };
    });
    // A failed engine is not kept here; but the catalog store keeps a failed catalog load, so a
    // refresh gets the same failure (reported once a session: catalogLoadFailure.ts).
    this.engine.catch(() => (this.engine = undefined));
    return this.engine;
  }
}

function documentText(document: vscode.TextDocument, settings: ReviewSettings): { text: string; totalChars: number; over: boolean } {
  const totalChars = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  const over = totalChars > settings.maxChars;
  // Over the limit, only the first part is copied out of the document: a 200 MB log never becomes one string here.
  const text = over ? document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(settings.maxChars))) : document.getText();
  return { text, totalChars, over };
}

/**
 * The engine's options for the text copied out of the document: all of it is analysed, and when
 * the document was over the size limit the engine hears that the text is its first part only (a
 * review comment running to the cut is then no malformed comment).
 */
function suggestOptionsFor(text: string, over: boolean, settings: ReviewSettings): SuggestOptions {
  return { maxChars: Math.max(text.length, 1), minScore: settings.minScore, deepDives: settings.deepDives, ...(over ? { textIsPrefix: true } : {}) };
}

function reviewOf(
  document: vscode.TextDocument, catalog: Catalog, settings: ReviewSettings, text: string, totalChars: number, over: boolean,
  suggest: (text: string, options: SuggestOptions) => SuggestionsAndOutline,
): DocumentReview {
  const started = performance.now();
  // A binary file opened as text (an image, an archive) is not a design doc: say so, analyse nothing.
  const binary = looksBinary(text);
  // Nothing written yet: say so, rather than explain that its words point to no pattern.
  const empty = !binary && text.trim() === '';
  const { result, outline } = binary || empty ? { result: EMPTY_RESULT, outline: loadSuggestModule().EMPTY_OUTLINE }
    : suggest(text, suggestOptionsFor(text, over, settings));
  const durationMs = performance.now() - started;
  return {
    uri: document.uri,
    version: document.version,
    name: documentName(document),
    result,
    outline,
    titles: titlesOf(result, catalog),
    truncation: over && !binary ? { analysedChars: text.length, totalChars, limitMB: settings.maxDocumentSizeMB } : undefined,
    binary,
    ...(empty ? { empty } : {}),
    durationMs,
  };
}

function titlesOf(result: SuggestResult, catalog: Catalog): Map<string, string> {
  const titles = new Map<string, string>();
  const add = (id: string): void => {
    const node = catalog.byId.get(id);
    if (node) titles.set(id, node.title);
  };
  // Questions carry their own title (a design check's id names no catalog node).
  for (const s of result.suggestions) s.solutions.forEach(add);
  return titles;
}

/** `promise`, or `AnalysisCancelled` as soon as `token` is cancelled; `onCancel` is called (once) when the token ends the wait. */
function untilCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken, onCancel?: () => void): Promise<T> {
  if (token.isCancellationRequested) {
    onCancel?.();
    return Promise.reject(new AnalysisCancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      onCancel?.();
      reject(new AnalysisCancelled());
    });
    promise.then((value) => {
      subscription.dispose();
      resolve(value);
    }, (error: unknown) => {
      subscription.dispose();
      reject(error);
    });
  });
}

/** One analysis of a document, and what it reads of its own state while it runs (`analyseNow`). */
interface AnalysisRun {
  /** The document's URI, as the maps are keyed. */
  readonly key: string;
  readonly document: vscode.TextDocument;
  /** The version asked for (`document.version` moves on as the document is edited). */
  readonly version: number;
  readonly settings: ReviewSettings;
  /** The analysis's own cancellation: cancelled when no caller wants it any more (`wanted`). */
  readonly source: vscode.CancellationTokenSource;
  /** Let go of by `forget`: no later call joins it or stops it, and its review is not cached. */
  forgotten: boolean;
  /** Callers with a token still waiting. */
  cancellable: number;
  /** A caller without a token waits: it never stops waiting. */
  tokenless: boolean;
  /** Bound for a worker (`review`), rather than analysed on this thread or still waiting for the catalog. */
  offThread: boolean;
}

/** One analysis shared by every caller that asked for the same version of a document with the same settings. */
interface Flight extends AnalysisRun {
  readonly promise: Promise<DocumentReview>;
}

/**
 * Whether a caller still wants `run`, the one stop rule: while a caller with a token waits for it,
 * or one without a token does, unless it is a forgotten analysis on a worker (`forget`). An analysis
 * no caller wants is stopped (`wait`, `forget`), or starts no worker (`review`).
 */
function wanted(run: AnalysisRun): boolean {
  return run.cancellable > 0 || (run.tokenless && !(run.forgotten && run.offThread));
}

function sameAnalysis(a: ReviewSettings, b: ReviewSettings): boolean {
  return a.maxChars === b.maxChars && a.minScore === b.minScore && a.deepDives === b.deepDives;
}

export function documentName(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || document.uri.toString();
}
