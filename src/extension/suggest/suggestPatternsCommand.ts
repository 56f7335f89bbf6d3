import * as vscode from 'vscode';
import { AnalysisCancelled, OFF_THREAD_CHARS } from './offThreadAnalysis';
import type { Suggestion } from '../../core/suggest';
import { quoteNote } from '../../core/suggest/quoteNote';
import type { Command } from '../commands/commandManager';
import { strings } from '../strings';
import { OPEN_CARD_COMMAND } from '../tree/patternTreeProvider';
import { documentName } from './documentAnalyzer';
import type { ReviewController } from './reviewController';
import { isReviewable } from './reviewableDocument';
import { binaryMessage, noSuggestionReason, truncationMessage } from './reviewMessages';
import { SETTING, settingId } from './reviewSettings';

export const SUGGEST_PATTERNS_COMMAND = 'sdp.suggestPatterns';

interface SuggestionPick extends vscode.QuickPickItem {
  readonly patternId: string;
}

/**
 * "Suggest Patterns for This Document": analyses the active (or the editor-title's) document,
 * updates the Design Review view and offers the suggestions in a quick pick that opens a card.
 */
export class SuggestPatternsCommand implements Command {
  readonly id = SUGGEST_PATTERNS_COMMAND;

  constructor(private readonly controller: ReviewController) {}

  async execute(resource?: unknown): Promise<void> {
    const document = findDocument(resource);
    if (!document) {
      void vscode.window.showInformationMessage(strings.suggestNoEditor());
      return;
    }
    if (!isReviewable(document)) {
      void vscode.window.showInformationMessage(strings.suggestUnsupported(documentName(document), document.languageId));
      return;
    }
    let review;
    try {
      // A large document is analysed off the extension host thread, with a notification that can cancel it.
      review = document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > OFF_THREAD_CHARS
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: strings.suggestAnalysing(documentName(document)), cancellable: true },
          (_progress, token) => this.controller.refresh(document, token))
        : await this.controller.refresh(document);
    } catch (error) {
      if (error instanceof AnalysisCancelled) return;
      void vscode.window.showErrorMessage(strings.suggestFailed(error instanceof Error ? error.message : String(error)));
      return;
    }
    if (!review) return;

    const binary = binaryMessage(review);
    if (binary) {
      void vscode.window.showWarningMessage(binary);
      return;
    }
    if (review.empty) {
      void vscode.window.showInformationMessage(strings.suggestEmpty(review.name));
      return;
    }

    const truncated = truncationMessage(review);
    if (truncated) {
      // Not awaited: the suggestions from the first part are shown at the same time.
      void vscode.window.showWarningMessage(truncated, strings.openSettings()).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', settingId(SETTING.maxDocumentSizeMB));
      });
    }
    const { suggestions } = review.result;
    if (suggestions.length === 0) {
      void vscode.window.showInformationMessage(strings.suggestNothing(review.name, noSuggestionReason(review.result)));
      return;
    }
    const choice = await vscode.window.showQuickPick(suggestions.map(toPick), {
      title: strings.suggestTitle(review.name),
      placeHolder: strings.suggestPlaceholder(),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (choice) await vscode.commands.executeCommand(OPEN_CARD_COMMAND, choice.patternId);
  }
}

/** The editor-title button passes the resource; the palette passes nothing and means the active editor. */
function findDocument(resource: unknown): vscode.TextDocument | undefined {
  if (resource instanceof vscode.Uri) {
    const uri = resource.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (open) return open;
  }
  return vscode.window.activeTextEditor?.document;
}

/**
 * One row: the title, the score, and the first reason, or, with no line to quote, that no line is
 * quoted and why; with figures but no keyword line, the first figure's reason and that note.
 */
function toPick(suggestion: Suggestion): SuggestionPick {
  return {
    patternId: suggestion.pattern,
    label: suggestion.title,
    description: strings.scorePercent(suggestion.score),
    detail: pickDetail(suggestion),
  };
}

/** The row's second line; every note of quoteNote.ts has its case (a new one fails to compile here). */
function pickDetail(suggestion: Suggestion): string {
  const [first] = suggestion.evidence;
  const note = quoteNote(suggestion);
  // With no line to quote, the words that raised the score are the row's only reason.
  if (note === 'noLine' || !first) return suggestion.words.length > 0 ? strings.suggestNoLineWordsDetail(suggestion.words.join(', ')) : strings.reviewNoLineQuotedSentence();
  switch (note) {
    case 'figuresOnly': return strings.suggestFiguresOnlyDetail(first.reason);
    case undefined: return first.reason;
  }
}
