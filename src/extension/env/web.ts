import * as vscode from 'vscode';
import * as PlacementModule from '../lazy/placement';
import * as RenderModule from '../lazy/render';
import * as SuggestModule from '../lazy/suggest';
import { AnalysisCancelled, type Platform } from './types';
import { startWebSuggestWorker, webWorkerClass, WorkerFiles } from './webWorker';

/**
 * The browser's web worker extension host (vscode.dev, github.dev, code-server's web worker
 * host). It has no `require` for the extension's own files and no Node built-ins, so the card
 * renderer, the suggest engine and snippet placement are part of this bundle, and a large
 * document is analysed on a Web Worker started from the script in dist/lazy/suggestWorker.web.js
 * (env/webWorker.ts).
 */

let files: WorkerFiles | undefined;

/**
 * The worker's script and the catalog, read once through `workspace.fs` (the extension's files
 * may live on a web server, not a disk). The script becomes a blob: URL, which the web worker
 * host accepts where it refuses the extension's own vscode-remote: and https: locations.
 */
function workerFiles(distDir: vscode.Uri): WorkerFiles {
  files ??= new WorkerFiles(
    async () => {
      const [script, catalog] = await Promise.all([
        vscode.workspace.fs.readFile(vscode.Uri.joinPath(distDir, 'lazy', 'suggestWorker.web.js')),
        vscode.workspace.fs.readFile(vscode.Uri.joinPath(distDir, 'catalog.json')),
      ]);
      return { script: new TextDecoder().decode(script), catalogJson: new TextDecoder().decode(catalog) };
    },
    URL,
    (script) => new Blob([script], { type: 'text/javascript' }),
  );
  return files;
}

export const platform: Platform = {
  kind: 'web',
  loadRenderModule: () => RenderModule,
  loadSuggestModule: () => SuggestModule,
  loadPlacementModule: () => PlacementModule,
  startSuggestWorker: async (distDir, job) => {
    // Before the files are read: a host without workers reads nothing.
    const WorkerClass = webWorkerClass(globalThis);
    const found = await workerFiles(distDir).get();
    // Deactivated while reading: not a failure to log, and no reason to analyse on the host thread.
    if (!found) throw new AnalysisCancelled();
    return startWebSuggestWorker(WorkerClass, found.scriptUrl, { ...job, catalogJson: found.catalogJson });
  },
  // Revokes the worker script's blob: URL (extension.ts adds the platform to context.subscriptions).
  dispose: () => {
    files?.dispose();
    files = undefined;
  },
};
