import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type * as PlacementModule from '../lazy/placement';
import type * as RenderModule from '../lazy/render';
import type * as SuggestModule from '../lazy/suggest';
import { isWorkerStarted, type Platform, type SuggestWorker, type WorkerFailure } from './types';

/**
 * The desktop's Node extension host. The heavy parts of the extension (markdown-it with the card
 * renderer, the suggest engine, snippet placement) are separate bundles, required on first use. Measured on the
 * production build: loading the single bundle cost about 20 ms before activate() could run; the
 * eager bundle without them loads in a fraction of that. VS Code 1.90 extensions are CommonJS,
 * so esbuild cannot split the bundle itself; these loaders do it by file.
 */
function lazyRequire<T>(file: string): () => T {
  let loaded: T | undefined;
  return () => {
    // A computed path on purpose: esbuild leaves it alone, so the module stays out of the eager bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require(path.join(__dirname, file)) as T;
    return loaded;
  };
}

export const platform: Platform = {
  kind: 'node',
  loadRenderModule: lazyRequire<typeof RenderModule>('lazy/render.js'),
  loadSuggestModule: lazyRequire<typeof SuggestModule>('lazy/suggest.js'),
  loadPlacementModule: lazyRequire<typeof PlacementModule>('lazy/placement.js'),
  startSuggestWorker: async (distDir: vscode.Uri, job): Promise<SuggestWorker> =>
    // A worker thread reads catalog.json itself: only the document crosses over. The constructor
    // throws when no worker can start here (resource limits, a broken install): the caller logs it.
    nodeSuggestWorker(new Worker(path.join(distDir.fsPath, 'lazy', 'suggestWorker.js'), {
      workerData: { catalogPath: path.join(distDir.fsPath, 'catalog.json'), ...job },
    })),
  // Each worker thread ends with its analysis: nothing is held across them.
  dispose: () => undefined,
};

/** The part of a worker thread that nodeSuggestWorker uses (the unit tests pass an EventEmitter). */
export interface NodeWorkerLike {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

/**
 * Wraps a started worker thread. Its script posts WORKER_STARTED first, so a failure can say
 * whether the script never ran (a missing or broken dist/lazy/suggestWorker.js) or the worker
 * stopped mid-analysis (out of memory, killed).
 */
export function nodeSuggestWorker(worker: NodeWorkerLike): SuggestWorker {
  let started = false;
  let replyListener: ((reply: unknown) => void) | undefined;
  worker.on('message', (message) => {
    if (isWorkerStarted(message)) started = true;
    else replyListener?.(message);
  });
  const failure = (reason: string): WorkerFailure => ({ stage: started ? 'analysis' : 'start', reason });
  return {
    onReply: (listener) => (replyListener = listener),
    onFailure: (listener) => {
      // An error is followed by an exit: only the first, with the error's text, is reported.
      let failed = false;
      const report = (reason: string): void => {
        if (failed) return;
        failed = true;
        listener(failure(reason));
      };
      worker.once('error', (error) => report(error instanceof Error ? error.message : String(error)));
      worker.once('exit', (code) => report(`the worker thread exited with code ${code} without answering`));
    },
    terminate: () => void worker.terminate(),
  };
}
