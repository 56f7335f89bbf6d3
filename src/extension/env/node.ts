import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type * as RenderModule from '../lazy/render';
import type * as SuggestModule from '../lazy/suggest';
import type { Platform, SuggestReply, SuggestWorker } from './types';

/**
 * The desktop's Node extension host. The heavy parts of the extension (markdown-it with the card
 * renderer, the suggest engine) are separate bundles, required on first use. Measured on the
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
  startSuggestWorker: async (distDir: vscode.Uri, job): Promise<SuggestWorker | undefined> => {
    // A worker thread reads catalog.json itself: only the document crosses over.
    let worker: Worker;
    try {
      worker = new Worker(path.join(distDir.fsPath, 'lazy', 'suggestWorker.js'), {
        workerData: { catalogPath: path.join(distDir.fsPath, 'catalog.json'), ...job },
      });
    } catch {
      // No worker here (resource limits, a broken install): the caller analyses on its own thread.
      return undefined;
    }
    return {
      onReply: (listener) => worker.once('message', (reply: SuggestReply) => listener(reply)),
      onFailure: (listener) => {
        worker.once('error', () => listener());
        worker.once('exit', () => listener());
      },
      terminate: () => void worker.terminate(),
    };
  },
  // Each worker thread ends with its analysis: nothing is held across them.
  dispose: () => undefined,
};
