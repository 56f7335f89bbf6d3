import * as vscode from 'vscode';

/**
 * Closes every editor without a save prompt: dirty untitled documents are reverted first, so
 * tests never leave a "Save changes?" dialog behind.
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.visibleTextEditors.length + vscode.window.tabGroups.all.flatMap((g) => g.tabs).length > 0; i++) {
    const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const after = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    if (after === before) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      break;
    }
  }
}

/**
 * `vscode.workspace.openTextDocument({ language, content })`, making sure the new untitled
 * document holds `content`. VS Code gives a new untitled document the lowest free number, so the
 * one a test closed a moment before (Untitled-1 again), and its backup tracker, registering the new
 * one (dirty at once, as it has content), cancels the discard of the closed one's backup if that is
 * still under way; the new document then reads that backup before its initial content and opens
 * with the closed document's text. Checked in code-server 4.139.1 (VS Code 1.139.1) in 2026, in
 * its workbench bundle: WorkingCopyBackupTracker.scheduleBackup cancels the pending discard,
 * UntitledTextEditorModel.resolve prefers a backup (source files under
 * https://github.com/microsoft/vscode/tree/main/src/vs/workbench/services). Seen here: a test
 * reviewed the previous test's document. Such a document is kept open while another is opened (it
 * takes another number), then reverted and closed. Line breaks are compared as line breaks, since
 * the document keeps one kind.
 */
export async function openUntitledDocument(language: string, content: string): Promise<vscode.TextDocument> {
  const restored: vscode.TextDocument[] = [];
  let document = await vscode.workspace.openTextDocument({ language, content });
  while (!sameText(document.getText(), content)) {
    restored.push(document);
    console.log(`${document.uri.toString()} opened with an earlier document's backup instead of its content; opening another`);
    if (restored.length > 5) throw new Error(`${restored.length} new untitled documents in a row opened with other text than their content`);
    document = await vscode.workspace.openTextDocument({ language, content });
  }
  for (const other of restored) {
    await vscode.window.showTextDocument(other);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  return document;
}

function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
}
