import * as vscode from 'vscode';
import * as RenderModule from '../lazy/render';
import * as SuggestModule from '../lazy/suggest';
import type { Platform, SuggestJob, SuggestReply, SuggestWorker } from './types';

/**
 * The browser's web worker extension host (vscode.dev, github.dev, code-server's web worker
 * host). It has no `require` for the extension's own files and no Node built-ins, so the card
 * renderer and the suggest engine are part of this bundle, and a large document is analysed on
 * a Web Worker started from the script in dist/lazy/suggestWorker.web.js.
 */

/** The part of the Web Worker API this file uses (the extension is type-checked without the DOM library). */
interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;

export const platform: Platform = {
  kind: 'web',
  loadRenderModule: () => RenderModule,
  loadSuggestModule: () => SuggestModule,
  startSuggestWorker: async (distDir, job) => {
    const WorkerClass = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
    if (typeof WorkerClass !== 'function') return undefined;
    const { scriptUrl, catalogJson } = await workerFiles(distDir);
    const worker = new WorkerClass(scriptUrl, { name: 'sdp-suggest' });
    return webSuggestWorker(worker, { ...job, catalogJson });
  },
};

let files: Promise<{ scriptUrl: string; catalogJson: string }> | undefined;

/**
 * The worker's script and the catalog, read once through `workspace.fs` (the extension's files
 * may live on a web server, not a disk). The script becomes a blob: URL, which the web worker
 * host accepts where it refuses the extension's own vscode-remote: and https: locations.
 */
function workerFiles(distDir: vscode.Uri): Promise<{ scriptUrl: string; catalogJson: string }> {
  files ??= Promise.all([
    vscode.workspace.fs.readFile(vscode.Uri.joinPath(distDir, 'lazy', 'suggestWorker.web.js')),
    vscode.workspace.fs.readFile(vscode.Uri.joinPath(distDir, 'catalog.json')),
  ]).then(([script, catalog]) => ({
    scriptUrl: URL.createObjectURL(new Blob([new TextDecoder().decode(script)], { type: 'text/javascript' })),
    catalogJson: new TextDecoder().decode(catalog),
  }));
  // A failed read is not kept: the next large document tries again.
  files.catch(() => (files = undefined));
  return files;
}

function webSuggestWorker(worker: WebWorker, job: SuggestJob & { catalogJson: string }): SuggestWorker {
  let replyListener: ((reply: SuggestReply) => void) | undefined;
  let failureListener: ((error: Error) => void) | undefined;
  worker.onmessage = (event) => replyListener?.(event.data as SuggestReply);
  worker.onerror = (event) => failureListener?.(new Error(`the analysis worker failed: ${event.message ?? 'no message'}`));
  worker.postMessage(job);
  return {
    onReply: (listener) => (replyListener = listener),
    onFailure: (listener) => (failureListener = listener),
    terminate: () => worker.terminate(),
  };
}
