/**
 * The carrier's browser entry (scripts/test-host/run-web.mjs): a development extension that, for the
 * web level's second pass, serves a virtual workspace. It is activated by `onFileSystem:sdp-vfs`
 * when the workbench opens the folder `sdp-vfs:/`, and answers from memory, as github.dev's file
 * system answers from GitHub: no file of the folder is on a disk the extension could reach.
 */
import * as vscode from 'vscode';
import { MemoryFileSystem } from './support';

export const VIRTUAL_SCHEME = 'sdp-vfs';
export const VIRTUAL_DOC = '/design.md';
export const VIRTUAL_TEXT =
  '# Seat booking\n\nTwo million fans compete for 50,000 seats; double booking must never happen. Peak is 40,000 reads per second.\n';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(VIRTUAL_SCHEME, new MemoryFileSystem({ [VIRTUAL_DOC]: VIRTUAL_TEXT }), { isCaseSensitive: true }),
  );
}
