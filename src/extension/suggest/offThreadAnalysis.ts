import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { SuggestMessages, SuggestOptions, SuggestResult } from '../../core/suggest';

/** Documents longer than this are analysed on a worker thread (design docs are ~100 KB; this is ten times that). */
export const OFF_THREAD_CHARS = 1_000_000;

/** Thrown when an analysis was cancelled before it finished; callers drop it quietly. */
export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/**
 * Runs the engine on a worker thread and resolves with its result. The token cancels it: the
 * worker is terminated at once, whatever it was doing, and the promise rejects with
 * `AnalysisCancelled`. `messages` words the reasons (English without it).
 */
export function analyseOffThread(
  distDir: string, text: string, options: SuggestOptions, token?: vscode.CancellationToken, messages?: SuggestMessages,
): Promise<SuggestResult> {
  return new Promise((resolve, reject) => {
    if (token?.isCancellationRequested) return reject(new AnalysisCancelled());
    const worker = new Worker(path.join(distDir, 'lazy', 'suggestWorker.js'), {
      workerData: { catalogPath: path.join(distDir, 'catalog.json'), text, options, messages },
    });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      subscription?.dispose();
      void worker.terminate();
      f();
    };
    const subscription = token?.onCancellationRequested(() => finish(() => reject(new AnalysisCancelled())));
    worker.once('message', (m: { ok: true; result: SuggestResult } | { ok: false; message: string }) =>
      finish(() => (m.ok ? resolve(m.result) : reject(new Error(m.message)))));
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the analysis worker stopped (exit code ${code})`))));
  });
}
