import * as vscode from 'vscode';
import type { ReviewLabels } from '../../core/review/labels';
import { OPEN_CARD_TO_SIDE_COMMAND } from '../commands/openCardCommands';
import { loadSuggestModule } from '../lazyModules';
import { toRange, type InDocumentController } from './inDocumentController';
import { readInDocumentSettings } from './inDocumentSettings';

/** Hovering a word or figure that counted as evidence: which pattern, why, the limit, and a link to the card. */
export class ReviewHoverProvider implements vscode.HoverProvider {
  constructor(private readonly controller: InDocumentController, private readonly labels: ReviewLabels) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!readInDocumentSettings(document.uri).hovers) return undefined;
    const entry = await this.controller.entryFor(document, token);
    if (!entry || token.isCancellationRequested) return undefined;
    const { spansAt, hoverMarkdown } = loadSuggestModule();
    const spans = spansAt(entry.review, position.line, position.character);
    const text = hoverMarkdown(spans, this.labels, cardLink);
    if (!text) return undefined;
    const markdown = new vscode.MarkdownString(text);
    // Only the one command the links use may run from this hover.
    markdown.isTrusted = { enabledCommands: [OPEN_CARD_TO_SIDE_COMMAND] };
    markdown.supportThemeIcons = false;
    return new vscode.Hover(markdown, toRange(spans[0]!.range));
  }
}

export function cardLink(id: string): string {
  return `command:${OPEN_CARD_TO_SIDE_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`;
}
