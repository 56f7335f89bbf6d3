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
