import * as vscode from 'vscode';
import { commentFindingPlace } from '../../core/review/commentFindings';
import type { Command } from '../commands/commandManager';
import { OPEN_CARD_TO_SIDE_COMMAND } from '../commands/openCardCommands';
import { strings } from '../strings';
import { copiedReviewMarkdown } from './reviewMessages';
import type { DesignReviewProvider } from './designReviewProvider';
import type { DocumentReview } from './documentReview';
import type { ReviewNode } from './reviewNodes';
import { REVEAL_IN_DOCUMENT_COMMAND } from './revealInDocumentCommand';
import type { ReviewController } from './reviewController';

/** The Design Review view's own commands: its title bar (refresh, copy) and its items' actions (card, line). */
export const REVIEW_REFRESH_COMMAND = 'sdp.review.refresh';
export const REVIEW_COPY_MARKDOWN_COMMAND = 'sdp.review.copyAsMarkdown';
export const REVIEW_OPEN_CARD_COMMAND = 'sdp.review.openCard';
export const REVIEW_REVEAL_LINE_COMMAND = 'sdp.review.revealLine';

/** Title action: analyses the followed document again now, whatever the edit delay (ReviewController.refreshNow). */
export class RefreshReviewCommand implements Command {
  readonly id = REVIEW_REFRESH_COMMAND;

  constructor(private readonly controller: ReviewController) {}

  execute(): Promise<DocumentReview | undefined> {
    return this.controller.refreshNow();
  }
}

/**
 * Title action: the review on display as markdown, on the clipboard, ready to paste under a
 * design doc or into a pull request. Resolves to the markdown (undefined when nothing is shown).
 */
export class CopyReviewAsMarkdownCommand implements Command {
  readonly id = REVIEW_COPY_MARKDOWN_COMMAND;

  constructor(private readonly provider: DesignReviewProvider) {}

  async execute(): Promise<string | undefined> {
    const review = this.provider.current;
    if (!review) {
      void vscode.window.showInformationMessage(strings.reviewNothingToCopy());
      return undefined;
    }
    const markdown = copiedReviewMarkdown(review);
    await vscode.env.clipboard.writeText(markdown);
    vscode.window.setStatusBarMessage(strings.reviewCopied(review.name), 4000);
    return markdown;
  }
}

/** Item action on a suggestion, a solution, a question or a combination: its card, beside the document. */
export class OpenReviewCardCommand implements Command {
  readonly id = REVIEW_OPEN_CARD_COMMAND;

  async execute(node?: unknown): Promise<boolean> {
    const id = cardIdOf(node);
    if (!id) return false;
    return (await vscode.commands.executeCommand<boolean>(OPEN_CARD_TO_SIDE_COMMAND, id)) === true;
  }
}

/** Item action on a piece of evidence, a figure, a question with a line or a problem in a review comment: selects it in the document. */
export class RevealReviewLineCommand implements Command {
  readonly id = REVIEW_REVEAL_LINE_COMMAND;

  constructor(private readonly provider: DesignReviewProvider) {}

  async execute(node?: unknown): Promise<boolean> {
    const review = this.provider.current;
    const at = review && spanOf(node);
    if (!review || !at) return false;
    await vscode.commands.executeCommand(REVEAL_IN_DOCUMENT_COMMAND, review.uri, at.line, at.column, at.length, at.text, review.version);
    return true;
  }
}

function isReviewNode(value: unknown): value is ReviewNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'id' in value && typeof (value as { id: unknown }).id === 'string';
}

/** The catalog node a review item stands for, if it stands for one. */
export function cardIdOf(node: unknown): string | undefined {
  if (!isReviewNode(node)) return undefined;
  switch (node.kind) {
    case 'suggestion': return node.suggestion.pattern;
    case 'solution': return node.solutionId;
    case 'question': return node.question.card;
    case 'combination': return node.combination.id;
    default: return undefined;
  }
}

/**
 * The document span a review item quotes, if it quotes one (1-based line and column), with the text
 * quoted there (none for a question, which points at its line): the reveal checks the place still holds it.
 */
export function spanOf(node: unknown): { line: number; column: number; length: number; text?: string } | undefined {
  if (!isReviewNode(node)) return undefined;
  switch (node.kind) {
    case 'evidence': return { line: node.evidence.line, column: node.evidence.column, length: node.evidence.text.length, text: node.evidence.text };
    case 'number': return { line: node.fact.line, column: node.fact.column, length: node.fact.text.length, text: node.fact.text };
    case 'question': return node.question.line !== undefined ? { line: node.question.line, column: 1, length: 0 } : undefined;
    case 'commentProblem': {
      const place = commentFindingPlace(node.finding);
      return { line: place.line, column: place.column, length: place.text.length, text: place.text };
    }
    default: return undefined;
  }
}
