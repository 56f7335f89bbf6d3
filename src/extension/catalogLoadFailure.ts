import * as vscode from 'vscode';
import { showErrorWithLog, type RevealableLog } from './showErrorWithLog';
import { strings } from './strings';

/**
 * What the user sees when the catalog (dist/catalog.json) cannot be loaded: the cause's own text
 * (English, from the file system or the parser) goes to the output channel, and a notification says
 * what to do, with a "Show Log" button that reveals it. A missing file and an unreadable one are
 * worded apart. Resolves once the notification is closed.
 */
export function reportCatalogLoadFailure(error: unknown, log: Pick<vscode.LogOutputChannel, 'error'> & RevealableLog): Promise<void> {
  log.error(`The catalog could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  const missing = error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
  return showErrorWithLog(strings.catalogLoadFailed(missing), log);
}

/**
 * `load` (CatalogStore.get) with its failure reported once a session. The store keeps a failed
 * load, so every later call rejects with the same error; those calls (the tree, search, the review
 * on each document change...) still reject, and their callers handle it, but the log and the
 * notification are not repeated.
 */
export function reportingFailureOnce<T>(load: () => Promise<T>, log: Pick<vscode.LogOutputChannel, 'error'> & RevealableLog): () => Promise<T> {
  let reported = false;
  return () => load().catch((error: unknown) => {
    if (!reported) {
      reported = true;
      void reportCatalogLoadFailure(error, log);
    }
    throw error;
  });
}
