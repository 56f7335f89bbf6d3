import type * as vscode from 'vscode';
import type { SuggestionsAndOutline } from '../../core/review/suggestWithOutline';
import type { SuggestMessages, SuggestOptions } from '../../core/suggest';
import { platform } from '../env/platform';
import { AnalysisCancelled, type Platform, type SuggestWorker, type WorkerFailure } from '../env/types';
import { readWorkerReply } from './workerReply';

/** Documents longer than this are analysed on a worker (design docs are ~100 KB; this is ten times that). */
export const OFF_THREAD_CHARS = 1_000_000;

// Defined beside the platforms, which throw it too (env/web.ts while the extension is deactivated).
export { AnalysisCancelled };

/** Where a fallback to the calling thread is reported: the extension's log output channel. */
export type OffThreadLog = Pick<vscode.LogOutputChannel, 'warn' | 'debug'>;

/**
 * Reports fallbacks to the calling thread, once per cause: the first fallback of each stage and
 * reason in a session is a warning, later ones go to the debug level. A host without workers falls
 * back on every debounced analysis of every large document, and one warning says all there is to
 * say. Past 50 causes (a reason carrying a changing number or id), every fallback goes to the debug
 * level. One lives as long as the session (DocumentAnalyzer holds it).
 */
export class FallbackLog {
  /** Causes warned about; past MAX_CAUSES (a reason that carries a changing number or id), everything goes to the debug level. */
  private static readonly MAX_CAUSES = 50;
  private readonly warned = new Set<string>();

  constructor(private readonly log: OffThreadLog) {}

  report(failure: WorkerFailure, chars: number): void {
    const key = `${failure.stage}\u0000${failure.reason}`;
    const line = fallbackLine(failure, chars);
    if (this.warned.has(key) || this.warned.size >= FallbackLog.MAX_CAUSES) {
      this.log.debug(line);
      return;
    }
    this.warned.add(key);
    this.log.warn(line);
  }
}

/** One analysis for `analyseOffThread`: the document, where the worker's files are, and what may stop or word it. */
export interface OffThreadAnalysis {
  /** The extension's dist/ folder, which holds the worker's script and catalog.json. */
  readonly distDir: vscode.Uri;
  readonly text: string;
  readonly suggestOptions: SuggestOptions;
  /** Cancels the analysis: the worker is terminated at once. */
  readonly token?: vscode.CancellationToken;
  /** Words the reasons and figures (English without it). */
  readonly messages?: SuggestMessages;
  /** Starts the worker: the platform's by default (tests pass a fake). */
  readonly start?: Platform['startSuggestWorker'];
  /** Told why the analysis fell back to the calling thread, once per cause. */
  readonly log?: FallbackLog;
}

/**
 * Runs the engine on a worker (a worker thread on the desktop, a Web Worker in the browser; see
 * env/) and resolves with its result and the document's outline (read off the worker's own parse,
 * so this thread parses nothing). The reply is checked (workerReply.ts): a malformed one (not an
 * object, no `ok`, a result or an outline that is not one) counts as a worker that stopped
 * mid-analysis, logged with the reason, and a failure the worker reports rejects with its message.
 * The promise always settles. The token cancels it: the worker is terminated at once,
 * whatever it was doing, and the promise rejects with `AnalysisCancelled` (nothing is logged:
 * a newer version of the document is on its way). Resolves to undefined when the worker cannot
 * start or fails before it answers (its script did not load, the browser refused it, it
 * crashed); the caller then analyses on its own thread, so the user gets a review rather than an
 * error worded by the worker, and `log` is told which of the two happened and why (a warning the
 * first time for each cause). `start` may itself throw `AnalysisCancelled` (the extension is
 * being deactivated), which is passed on, not logged.
 */
export async function analyseOffThread({
  distDir, text, suggestOptions, token, messages, start = platform.startSuggestWorker, log,
}: OffThreadAnalysis): Promise<SuggestionsAndOutline | undefined> {
  if (token?.isCancellationRequested) throw new AnalysisCancelled();
  let worker: SuggestWorker;
  try {
    worker = await start(distDir, { text, options: suggestOptions, messages });
  } catch (error) {
    // Cancelled while the worker was starting: the failure no longer matters.
    if (error instanceof AnalysisCancelled || token?.isCancellationRequested) throw new AnalysisCancelled();
    log?.report({ stage: 'start', reason: error instanceof Error ? error.message : String(error) }, text.length);
    return undefined;
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      try {
        f();
      } catch (error) {
        // Whatever failed while settling (the log, say), the analysis settles: a caller that joined it must not wait for ever.
        reject(error);
      }
      // After settling (the caller's callbacks run later, once the worker is stopped), so that a token or a worker
      // that throws here cannot leave the analysis pending; what they throw changes nothing the caller gets.
      try {
        subscription?.dispose();
      } catch {
        // Ignored: the analysis has settled.
      }
      try {
        worker.terminate();
      } catch {
        // Ignored: the analysis has settled.
      }
    };
    const subscription = token?.onCancellationRequested(() => finish(() => reject(new AnalysisCancelled())));
    if (token?.isCancellationRequested) finish(() => reject(new AnalysisCancelled()));
    const fallBack = (failure: WorkerFailure): void => {
      log?.report(failure, text.length);
      resolve(undefined);
    };
    worker.onReply((reply) => {
      const read = readWorkerReply(reply);
      finish(() => {
        if (read.kind === 'answer') resolve(read.answer);
        else if (read.kind === 'error') reject(new Error(read.message));
        else fallBack({ stage: 'analysis', reason: read.reason });
      });
    });
    worker.onFailure((failure) => finish(() => fallBack(failure)));
  });
}

/** The log line of a fallback: what failed, the host's own words for why, and what happens instead. */
export function fallbackLine(failure: WorkerFailure, chars: number): string {
  const what = failure.stage === 'start' ? 'the analysis worker could not start' : 'the analysis worker stopped mid-analysis';
  return `Off-thread analysis: ${what} (${failure.reason}); analysing the document (${chars} characters) on the extension host thread instead.`;
}
