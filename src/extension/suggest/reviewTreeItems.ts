import * as vscode from 'vscode';
import { commentFindingPlace, type CommentFinding } from '../../core/review/commentFindings';
import type { Evidence, MalformedReviewComment, NumberFact } from '../../core/suggest';
import { QUOTE_NOTE_PLACE, quoteNote, type QuoteNote } from '../../core/suggest/quoteNote';
import { strings } from '../strings';
import { OPEN_CARD_COMMAND } from '../tree/patternTreeProvider';
import type { DocumentReview } from './documentReview';
import { isInformationNode, type ReviewGroup, type ReviewNode } from './reviewNodes';
import { REVEAL_IN_DOCUMENT_COMMAND } from './revealInDocumentCommand';
import { asOneLine } from '../../core/text/oneLine';

const TOOLTIP_REASONS = 3;

const GROUP_ICONS: Record<ReviewGroup, string> = {
  why: 'quote',
  startWith: 'rocket',
  openQuestions: 'question',
  numbers: 'symbol-number',
  combinations: 'layers',
  commentProblems: 'warning',
};

/** Turns a Design Review node into what the tree shows: label, description, tooltip, icon, click. */
export function reviewTreeItem(node: ReviewNode): vscode.TreeItem {
  switch (node.kind) {
    case 'suggestion': {
      const { suggestion } = node;
      const percent = strings.scorePercent(suggestion.score);
      const item = new vscode.TreeItem(suggestion.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = percent;
      item.tooltip = suggestionTooltip(suggestion.title, percent, suggestion.evidence, quoteNote(suggestion), suggestion.words);
      item.iconPath = new vscode.ThemeIcon('lightbulb');
      item.command = openCard(suggestion.pattern);
      item.accessibilityInformation = { label: strings.reviewSuggestionAccessible(suggestion.title, percent) };
      return finish(item, node);
    }
    case 'group': {
      // The evidence is what a reader expands a suggestion for, so "Why" opens with it; a problem
      // in the writer's own comments is shown open too, since nothing else in the view tells of it.
      const open = node.group === 'why' || node.group === 'commentProblems';
      const item = new vscode.TreeItem(strings.reviewGroup(node.group), open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      // The count is of quoted lines: a note, or the words that raised the score, is none.
      const count = node.children.filter((n) => !isInformationNode(n)).length;
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
      if (node.group === 'commentProblems') {
        item.tooltip = strings.reviewCommentProblemsTooltip(count);
        item.accessibilityInformation = { label: strings.reviewCommentProblemsAccessible(count) };
      }
      return finish(item, node);
    }
    case 'evidence': {
      const { evidence } = node;
      const shown = asOneLine(evidence.text);
      const item = new vscode.TreeItem(quote(shown), vscode.TreeItemCollapsibleState.None);
      item.description = strings.reviewLine(evidence.line);
      item.tooltip = evidence.reason;
      item.iconPath = new vscode.ThemeIcon(evidence.kind === 'number' ? 'symbol-number' : 'quote');
      item.command = reveal(node.review, evidence);
      item.accessibilityInformation = { label: strings.reviewEvidenceAccessible(shown, evidence.line, evidence.reason) };
      return finish(item, node);
    }
    case 'noLineQuoted':
      return finish(noteItem(strings.reviewNoLineQuoted(), strings.reviewNoLineQuotedDescription(), strings.reviewNoLineQuotedSentence()), node);
    case 'noKeywordLineQuoted':
      return finish(noteItem(strings.reviewNoKeywordLineQuoted(), strings.reviewNoKeywordLineQuotedDescription(), strings.reviewNoKeywordLineQuotedSentence()), node);
    case 'scoreWords': {
      const words = node.words.join(', ');
      const item = noteItem(strings.reviewScoreWords(), words, strings.reviewScoreWordsSentence(words));
      item.iconPath = new vscode.ThemeIcon('symbol-text');
      return finish(item, node);
    }
    case 'solution': {
      const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('lightbulb');
      item.tooltip = strings.reviewOpenCardTooltip(node.title);
      item.command = openCard(node.solutionId);
      return finish(item, node);
    }
    case 'question': {
      const item = new vscode.TreeItem(node.question.question, vscode.TreeItemCollapsibleState.None);
      item.description = node.title;
      item.tooltip = new vscode.MarkdownString(`${escapeMarkdown(node.question.question)}\n\n${escapeMarkdown(strings.reviewQuestionWhy(node.question.reason))}`);
      item.iconPath = new vscode.ThemeIcon('question');
      item.command = openCard(node.question.card);
      return finish(item, node);
    }
    case 'number': {
      const { fact } = node;
      const shown = asOneLine(fact.text);
      const item = new vscode.TreeItem(shown, vscode.TreeItemCollapsibleState.None);
      item.description = `${fact.normalized} · ${strings.reviewLine(fact.line)}`;
      item.tooltip = strings.reviewNumberTooltip(shown, fact.normalized, fact.line);
      item.iconPath = new vscode.ThemeIcon('symbol-number');
      item.command = reveal(node.review, fact);
      return finish(item, node);
    }
    case 'combination': {
      const { combination } = node;
      const item = new vscode.TreeItem(combination.title, vscode.TreeItemCollapsibleState.None);
      item.description = strings.scorePercent(combination.score);
      item.tooltip = strings.reviewCombinationTooltip(combination.title, combination.patterns.join(', '));
      item.iconPath = new vscode.ThemeIcon('layers');
      item.command = openCard(combination.id);
      return finish(item, node);
    }
    case 'commentProblem': {
      const { finding } = node;
      const place = commentFindingPlace(finding);
      // A few words, as a sidebar is narrow (a whole sentence would hide the line and the id meant);
      // the tooltip and the screen reader give the Problems panel's own message, word for word.
      const item = new vscode.TreeItem(commentProblemLabel(finding), vscode.TreeItemCollapsibleState.None);
      item.description = strings.reviewLine(place.line);
      item.tooltip = strings.reviewCommentProblemTooltip(finding.message, place.line);
      item.iconPath = new vscode.ThemeIcon('warning');
      item.command = reveal(node.review, place);
      item.accessibilityInformation = { label: strings.reviewCommentProblemTooltip(finding.message, place.line) };
      return finish(item, node);
    }
  }
}

/** The row's few words for each kind of malformed comment (typed by every kind: a new one must have its label). */
const MALFORMED_LABEL: Readonly<Record<MalformedReviewComment['kind'], () => string>> = {
  'ignore-not-closed': strings.reviewIgnoreNotClosedLabel,
  'todo-names-nothing': strings.reviewTodoNamesNothingLabel,
  'todo-not-closed': strings.reviewTodoNotClosedLabel,
  'todo-ends-past-paragraph': strings.reviewTodoEndsPastParagraphLabel,
  'todo-comment-before-id': strings.reviewTodoCommentBeforeIdLabel,
};

/** A problem row's label: the word and the id meant, what the comment lacks, or the idle marker's id; its message is the tooltip. */
function commentProblemLabel(finding: CommentFinding): string {
  if (finding.kind === 'malformed-comment') return MALFORMED_LABEL[finding.malformed.kind]();
  if (finding.kind === 'idle-todo') return strings.reviewIdleTodoLabel(finding.idle.id);
  const { text, nearest, deepDiveNotAsked } = finding.unknown;
  if (deepDiveNotAsked) return strings.reviewUnaskedDeepDiveLabel(text);
  return nearest !== undefined ? strings.reviewUnknownIdNearestLabel(text, nearest) : strings.reviewUnknownIdLabel(text);
}

function finish(item: vscode.TreeItem, node: ReviewNode): vscode.TreeItem {
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  return item;
}

/**
 * The item's context value, which package.json's menus match: `sdp.review.<kind>`, and
 * `sdp.review.question.hasLine` for a question placed at a line (it can be revealed).
 */
export function contextValueOf(node: ReviewNode): string {
  if (node.kind === 'group') return `sdp.review.group.${node.group}`;
  if (node.kind === 'question' && node.question.line !== undefined) return 'sdp.review.question.hasLine';
  return `sdp.review.${node.kind}`;
}

/** A note on what is not quoted: information only, with no command, and a context value no item action matches. */
function noteItem(label: string, description: string, sentence: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.description = description;
  item.tooltip = sentence;
  item.iconPath = new vscode.ThemeIcon('info');
  item.accessibilityInformation = { label: sentence };
  return item;
}

/** The sentence each note of quoteNote.ts says in a tooltip. */
const NOTE_SENTENCE: Readonly<Record<QuoteNote, () => string>> = {
  noLine: strings.reviewNoLineQuotedSentence,
  figuresOnly: strings.reviewNoKeywordLineQuotedSentence,
};

function suggestionTooltip(title: string, percent: string, evidence: readonly Evidence[], note: QuoteNote | undefined, words: readonly string[]): vscode.MarkdownString {
  const reasons = [...new Set(evidence.map((e) => e.reason))].slice(0, TOOLTIP_REASONS);
  const instead = note !== undefined && QUOTE_NOTE_PLACE[note] === 'insteadOfLines';
  const why = instead ? [escapeMarkdown(NOTE_SENTENCE[note]())] : reasons.map((r) => `- ${escapeMarkdown(r)}`);
  // After the list, as a paragraph of its own (a line right after it would continue its last item).
  if (note !== undefined && !instead) why.push('', escapeMarkdown(NOTE_SENTENCE[note]()));
  if (words.length > 0) why.push('', escapeMarkdown(strings.reviewScoreWordsSentence(words.join(', '))));
  const lines = [`**${escapeMarkdown(title)}** · ${escapeMarkdown(percent)}`, '', ...why];
  return new vscode.MarkdownString(lines.join('\n'));
}

/** `appendText` would turn every space into &nbsp; and stop long reasons from wrapping; escape instead. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function quote(text: string): string {
  return `“${text}”`;
}

/** Opens the card beside the document under review, never over it (cardPanels.ts, `besideDocument`). */
function openCard(nodeId: string): vscode.Command {
  return { command: OPEN_CARD_COMMAND, title: strings.openCardTitle(), arguments: [nodeId, { besideDocument: true }] };
}

function reveal(review: DocumentReview, at: Pick<Evidence | NumberFact, 'line' | 'column' | 'text'>): vscode.Command {
  return {
    command: REVEAL_IN_DOCUMENT_COMMAND,
    title: strings.reviewRevealTitle(),
    arguments: [review.uri, at.line, at.column, at.text.length, at.text, review.version],
  };
}
