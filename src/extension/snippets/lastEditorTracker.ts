import * as vscode from 'vscode';

/**
 * Remembers the text editor the user last worked in. When a card (a webview) has focus,
 * `activeTextEditor` is undefined, yet "insert into the active editor" means that editor,
 * even when the card now covers it in the same editor group.
 */
export class LastEditorTracker implements vscode.Disposable {
  private last: { document: vscode.TextDocument; viewColumn: vscode.ViewColumn | undefined; selection: vscode.Selection } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [
    vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor)),
    vscode.window.onDidChangeTextEditorSelection((event) => this.remember(event.textEditor)),
  ];

  constructor() {
    this.remember(vscode.window.activeTextEditor);
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    // Output panes and other non-document editors are not places to insert code.
    if (!editor || editor.document.uri.scheme === 'output') return;
    this.last = { document: editor.document, viewColumn: editor.viewColumn, selection: editor.selection };
  }

  /** The document the user last worked in, if it is still open, without showing it. */
  lastDocument(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active.document;
    return this.last && !this.last.document.isClosed ? this.last.document : undefined;
  }

  /**
   * The active editor; else the last one, brought back into view (with its cursor where it was)
   * if a card or another tab now covers it. Undefined when that document was closed.
   */
  async current(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.last;
    if (!last || last.document.isClosed) return undefined;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === last.document);
    if (visible) return visible;
    const selection = last.selection;
    const editor = await vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, preserveFocus: false });
    editor.selection = selection;
    return editor;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
