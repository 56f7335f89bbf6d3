import * as vscode from 'vscode';
import type { SnippetCodeView, SnippetLibrary, SnippetView } from '../../core/render/snippetView';
import type { SnippetActionMessage } from '../../shared/cardProtocol';
import { strings } from '../strings';

/** The snippet library's insert command (src/extension/snippets): `{ snippetId, language? }`. */
export const INSERT_SNIPPET_COMMAND = 'sdp.insertSnippet';

/**
 * The Insert and Copy buttons of a card. Inserting is the snippet library's job (editor choice,
 * languages, tab stops); copying puts the plain code, placeholders filled in, on the clipboard.
 */
export class SnippetActions {
  constructor(private readonly library: () => Promise<SnippetLibrary>) {}

  async run(message: SnippetActionMessage): Promise<void> {
    if (message.type === 'insertSnippet') {
      await vscode.commands.executeCommand(INSERT_SNIPPET_COMMAND, { snippetId: message.snippetId, language: message.language });
      return;
    }
    const snippet = (await this.library()).get(message.snippetId);
    const variant = snippet && pickVariant(snippet, message.language);
    if (!snippet || !variant) {
      void vscode.window.showWarningMessage(strings.snippetNotFound(message.snippetId));
      return;
    }
    await vscode.env.clipboard.writeText(variant.code);
    vscode.window.setStatusBarMessage(strings.snippetCopied(snippet.title), 4000);
  }
}

function pickVariant(snippet: SnippetView, language: string | undefined): SnippetCodeView | undefined {
  return snippet.variants.find((v) => v.language === language) ?? snippet.variants[0];
}
