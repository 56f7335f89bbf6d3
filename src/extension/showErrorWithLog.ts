import * as vscode from 'vscode';
import { strings } from './strings';

/** The part of the extension's output channel this file uses (the unit tests pass a recorder). */
export interface RevealableLog {
  show(preserveFocus?: boolean): void;
}

/**
 * Shows `message` as an error notification with a "Show Log" button that reveals the extension's
 * output channel, where the cause's own text was logged. For failures the user cannot fix from the
 * message alone (a damaged installation): the log holds what a bug report needs. Resolves once the
 * notification is closed.
 */
export async function showErrorWithLog(message: string, log: RevealableLog): Promise<void> {
  const showLog = strings.showLog();
  // preserveFocus: the Output panel opens without taking the cursor from the editor.
  if ((await vscode.window.showErrorMessage(message, showLog)) === showLog) log.show(true);
}
