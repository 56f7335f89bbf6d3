import * as vscode from 'vscode';
import type { Command } from '../commands/commandManager';

export const OPEN_SAMPLE_COMMAND = 'sdp.walkthrough.openSample';

/**
 * The walkthrough's "open the sample design doc": a copy of media/walkthrough/sample-design-doc.md
 * in a new untitled markdown editor, so suggesting patterns and inserting snippets can be tried
 * on it without touching any file of the user's (or of the extension). Read through
 * `workspace.fs`, which works in the browser too.
 */
export class OpenSampleDocCommand implements Command {
  readonly id = OPEN_SAMPLE_COMMAND;

  constructor(private readonly extensionUri: vscode.Uri) {}

  async execute(): Promise<vscode.TextEditor> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'walkthrough', 'sample-design-doc.md'));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
    return vscode.window.showTextDocument(document, { preview: false });
  }
}
