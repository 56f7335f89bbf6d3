import * as vscode from 'vscode';
import type { ReviewLabels } from '../../core/review/labels';
import { strings } from '../strings';

/**
 * The in-document review's user-visible strings, each a literal `vscode.l10n.t` call: the table
 * the core fills (src/core/review/labels.ts) and the New Design Doc command's own.
 */
export function reviewLabels(): ReviewLabels {
  return {
    lensTop: vscode.l10n.t('$(lightbulb) {0} {1}'),
    lensHeading: vscode.l10n.t('$(quote) {0} · evidence lines in this section: {1}'),
    lensTooltip: vscode.l10n.t('Open the card of {0} beside the document'),
    hoverPattern: vscode.l10n.t('**{0}** · {1}'),
    hoverPointsTo: vscode.l10n.t('Points to: {0}'),
    hoverWhy: vscode.l10n.t('Why it counted: {0}'),
    hoverLimit: vscode.l10n.t('Limit compared with: {0}'),
    hoverOpenCard: vscode.l10n.t('Open the card of {0} beside the document'),
    questionMessage: vscode.l10n.t('Open question ({0}): {1} Why: {2}.'),
    capacityMessage: vscode.l10n.t('{0}: {1} (limit: {2}).'),
    unknownIgnoreId: vscode.l10n.t('"{0}" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing.'),
    unknownIgnoreIdNearest: vscode.l10n.t('"{0}" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "{1}"?'),
    unknownTodoId: vscode.l10n.t('"{0}" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open.'),
    unknownTodoIdNearest: vscode.l10n.t('"{0}" is not a deep-dive or design-check id, so this sdp-todo marker keeps no question open. Did you mean "{1}"?'),
    unaskedDeepDiveIgnore: vscode.l10n.t('"{0}" is a deep dive the review never asks (it belongs to no pattern), so naming it in this sdp-ignore comment hides nothing.'),
    unaskedDeepDiveTodo: vscode.l10n.t('"{0}" is a deep dive the review never asks (it belongs to no pattern), so this sdp-todo marker keeps no question open.'),
    ignoreNotClosed: vscode.l10n.t('This sdp-ignore comment has no "-->" after it on the line where it starts, so it hides nothing: write the whole comment, "-->" included, on one line.'),
    todoNamesNothing: vscode.l10n.t('This sdp-todo marker names no deep dive or design check right after "sdp-todo:", so it keeps no question open: write the id on this line.'),
    todoNotClosed: vscode.l10n.t('This sdp-todo marker has no "-->" after it, so it keeps no question open: end it with "-->" after its prompts.'),
    todoEndsPastParagraph: vscode.l10n.t('This sdp-todo marker is read as part of a paragraph (it starts inside a line of text, or is indented four spaces or more under one) and its "-->" comes after that paragraph ends, so a preview shows it as text and it keeps no question open: start it on a line of its own, indented less than four spaces.'),
    todoCommentBeforeId: vscode.l10n.t('This sdp-todo marker has another comment ("<!--") right after "sdp-todo:", before its id, so a preview ends the marker at that comment\'s "-->" and shows the id as text: it keeps no question open. Write the id right after "sdp-todo:", and any other comment outside the marker.'),
    idleTodoMessage: vscode.l10n.t('This sdp-todo marker ("{0}") keeps no question open: {1}.'),
    idleTodoSolutionNotNamed: vscode.l10n.t('the question is asked only when the document relies on {0}, which it never names: name the one you use, or delete the marker'),
    idleTodoPatternNotSuggested: vscode.l10n.t('the question is asked only under {0}, which the review is not sure this document needs: delete the marker, or say in the document what needs that pattern'),
    idleTodoIgnored: vscode.l10n.t('an sdp-ignore comment names the same question (under this id or the other it is asked under) or its pattern, and ignoring wins: delete one of the two'),
    idleTodoNotAsked: vscode.l10n.t('the review does not ask this question of this document: delete the marker'),
    eitherOf: vscode.l10n.t('{0} or {1}'),
    fixChangeId: vscode.l10n.t('Change to "{0}"'),
    fixRemoveId: vscode.l10n.t('Remove "{0}" from the comment'),
    fixAddSection: vscode.l10n.t('Add a section answering "{0}"'),
    fixOpenCard: vscode.l10n.t('Open card: {0}'),
    fixIgnore: vscode.l10n.t('Ignore "{0}" in this document ({1})'),
    fixNoDeepDives: vscode.l10n.t('Ask no deep dives in this document, design checks only'),
    sectionQuestion: vscode.l10n.t('Question: {0}'),
    sectionAnswer: vscode.l10n.t('Write the answer under this comment, then delete the comment: the review keeps the question open until you do.'),
  };
}

export const reviewStrings = {
  diagnosticSource: () => vscode.l10n.t('System Design Patterns'),
  pickTemplate: () => vscode.l10n.t('Pick a template for the new design doc'),
  workspaceTemplate: (path: string) => vscode.l10n.t('workspace template · {0}', path),
  builtInTemplate: () => vscode.l10n.t('built in'),
  templateNotFound: (id: string) => vscode.l10n.t('No design doc template has the id "{0}".', id),
  templateNotFoundWithProblems: (id: string, list: string) => vscode.l10n.t('No design doc template has the id "{0}". Some workspace templates could not be used and are not listed: {1}', id, list),
  /** A built-in template asked for by id while the built-in templates cannot be read; `{1}` is the Show Log button's label. */
  templateUnreadableById: (id: string) => vscode.l10n.t('The design doc template "{0}" could not be opened: the built-in design doc templates could not be read. Reinstall System Design Patterns; if that does not help, report the problem with "Help: Report Issue" and include the details from {1}.', id, strings.showLog()),
  templateFrontMatterLine: (line: string) => vscode.l10n.t('front matter line "{0}" is not "key: value"', line),
  templateEmptyBody: () => vscode.l10n.t('the template has no text after its front matter'),
  templateEmptyFile: () => vscode.l10n.t('the template file has no text'),
  templateNoPlaceholder: () => vscode.l10n.t('the template has no {{placeholder}}: give the writer at least one tab stop'),
  /**
   * A template file that could not be read. The reader's own text goes to the output channel only
   * (VS Code's has parentheses of its own, and is English): here the channel is named instead.
   */
  templateUnreadable: () => vscode.l10n.t('the file could not be read, and the Output panel\'s "{0}" channel says why', strings.outputChannelName()),
  templateNoReadPermission: () => vscode.l10n.t('you do not have permission to read the file'),
  /**
   * The workspace templates' problems before the picker, in one warning: `notListed` for templates
   * that could not be used (the core read no template from them), `listed` for ones offered all the
   * same. Either may be empty, not both.
   */
  templateProblems: (notListed: string, listed: string) => (notListed && listed
    ? vscode.l10n.t('Some workspace templates could not be used and are not listed: {0}. Others are listed but have problems: {1}', notListed, listed)
    : notListed
      ? vscode.l10n.t('Some workspace templates could not be used and are not listed: {0}', notListed)
      : vscode.l10n.t('Some workspace templates are listed but have problems: {0}', listed)),
  /**
   * The cause's own text goes to the output channel; the notification's Show Log button reveals it
   * (`{0}` is that button's label, strings.showLog). Worded apart for a workspace with templates of
   * its own (they are offered), a folder with none, and no folder open (none to look for; opening a
   * folder with templates is a way out). With nothing offered no picker opens. A workspace whose
   * templates all could not be used gets noTemplateToStartFrom instead.
   */
  templatesUnreadable: (workspace: 'workspace-templates' | 'no-workspace-templates' | 'no-folder') => (workspace === 'workspace-templates'
    ? vscode.l10n.t('The built-in design doc templates could not be read, so only your workspace\'s own templates are offered. Reinstall System Design Patterns; if that does not help, report the problem with "Help: Report Issue" and include the details from {0}.', strings.showLog())
    : workspace === 'no-workspace-templates'
      ? vscode.l10n.t('The built-in design doc templates could not be read, and this workspace has no templates of its own (.sdp/templates/*.md), so there is no template to start from. Reinstall System Design Patterns; if that does not help, report the problem with "Help: Report Issue" and include the details from {0}.', strings.showLog())
      : vscode.l10n.t('The built-in design doc templates could not be read, and no folder is open to take templates of your own from (.sdp/templates/*.md), so there is no template to start from. Reinstall System Design Patterns, or open a folder that has templates of its own; if reinstalling does not help, report the problem with "Help: Report Issue" and include the details from {0}.', strings.showLog())),
  /**
   * Nothing to offer, for two causes: the built-in templates cannot be read, and every workspace
   * template found could not be used. One error with both causes and both ways out, since no picker
   * opens (so nothing is "listed"). `{0}` the problems (file:line: problem; …), last, so that VS Code
   * cutting a long notification short never cuts the way out; `{1}` the Show Log button's label;
   * worded apart for one file with one problem, one file with several, and several files.
   */
  noTemplateToStartFrom: (problems: string, files: number, count: number) => (files === 1
    ? count === 1
      ? vscode.l10n.t('There is no design doc template to start from: the built-in design doc templates could not be read, and the workspace template could not be used. Fix that template file, or reinstall System Design Patterns to restore the built-in templates; if reinstalling does not help, report the problem with "Help: Report Issue" and include the details from {1}. The problem: {0}.', problems, strings.showLog())
      : vscode.l10n.t('There is no design doc template to start from: the built-in design doc templates could not be read, and the workspace template could not be used. Fix that template file, or reinstall System Design Patterns to restore the built-in templates; if reinstalling does not help, report the problem with "Help: Report Issue" and include the details from {1}. The problems: {0}.', problems, strings.showLog())
    : vscode.l10n.t('There is no design doc template to start from: the built-in design doc templates could not be read, and none of the workspace templates could be used. Fix one of those template files, or reinstall System Design Patterns to restore the built-in templates; if reinstalling does not help, report the problem with "Help: Report Issue" and include the details from {1}. The problems: {0}.', problems, strings.showLog())),
  /** After the first few template problems a notification names: how many more there are (all are in the log). */
  moreTemplateProblems: (count: number) => (count === 1
    ? vscode.l10n.t('and 1 more problem, listed with the others in the Output panel\'s "{0}" channel', strings.outputChannelName())
    : vscode.l10n.t('and {0} more problems, listed with the others in the Output panel\'s "{1}" channel', count, strings.outputChannelName())),
  newDocFailed: () => vscode.l10n.t('VS Code did not insert the template into the new document. Nothing else was changed.'),
};
