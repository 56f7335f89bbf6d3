import * as vscode from 'vscode';
import type { Command } from '../commands/commandManager';
import { spanRange } from '../../core/review/ranges';
import { mustRelocate, nearestOccurrence } from './revealPlace';

/** Internal (not in the palette): the Design Review's evidence and figures call it on click. */
export const REVEAL_IN_DOCUMENT_COMMAND = 'sdp.review.revealInDocument';

/**
 * Shows the document with the quoted span selected. Only moves the selection: the document is
 * opened or focused, never edited. Works for untitled documents, which are found by their uri.
 */
export class RevealInDocumentCommand implements Command {
  readonly id = REVEAL_IN_DOCUMENT_COMMAND;

  /**
   * `line` and `column` are 1-based, as the engine reports them. `text`, when given, is what the
   * review quoted there, and `version` the document version analysed: if the document was edited
   * since and that place holds other text, the nearest place that holds it is selected instead
   * (revealPlace.ts), or, with none, the cursor is put at the old place with nothing selected, rather
   * than select words the review never quoted. Unedited, the place is taken as it is.
   */
  async execute(uri: unknown, line: unknown, column: unknown, length: unknown, text?: unknown, version?: unknown): Promise<void> {
    if (!(uri instanceof vscode.Uri) || typeof line !== 'number') return;
    const document =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    const col = typeof column === 'number' ? column : 1;
    // The review may be a few hundred milliseconds older than the text: keep the range inside the document.
    let start = document.validatePosition(new vscode.Position(Math.max(0, line - 1), Math.max(0, col - 1)));
    // The quote's own extent (over a line break too); `length` only for an item that quotes no text.
    const span = typeof text === 'string' ? spanRange(start.line + 1, start.character + 1, text) : undefined;
    let end = document.validatePosition(span
      ? new vscode.Position(span.endLine, span.endCharacter)
      : start.translate(0, typeof length === 'number' ? Math.max(0, length) : 0));
    if (mustRelocate(text, document.getText(new vscode.Range(start, end)), version, document.version)) {
      const found = nearestOccurrence(text, start, document.lineCount, (l) => document.lineAt(l).text);
      start = found ? new vscode.Position(found.line, found.character) : start;
      const moved = found && spanRange(found.line + 1, found.character + 1, text);
      end = moved ? new vscode.Position(moved.endLine, moved.endCharacter) : start;
    }
    // With the document in two editor groups, the one it was acted on from (the active editor: a
    // quick fix, or the last one focused before a click in the Design Review), else the first shown.
    const active = vscode.window.activeTextEditor;
    const visible = active?.document === document ? active : vscode.window.visibleTextEditors.find((e) => e.document === document);
    await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(start, end),
      viewColumn: visible?.viewColumn,
      preserveFocus: false,
    });
  }
}
