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
