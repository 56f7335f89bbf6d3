import * as vscode from 'vscode';
import type { Insertion } from '../../core/review/insertions';
import type { CatalogFinding, ReviewFinding, UnknownIdFinding } from '../../core/review/inDocumentReview';
import type { TextEdit } from '../../core/review/commentIdFixes';
import { fill, type ReviewLabels } from '../../core/review/labels';
import { OPEN_CARD_TO_SIDE_COMMAND } from '../commands/openCardCommands';
import { loadSuggestModule } from '../lazyModules';
import { REVEAL_IN_DOCUMENT_COMMAND } from '../suggest/revealInDocumentCommand';
import { toRange, type InDocumentController, type InDocumentEntry } from './inDocumentController';
import { reviewStrings } from './reviewStrings';

/**
 * Quick fixes on the review's diagnostics: "Add a section answering …" (open questions), "Open
 * card", "Ignore in this document", and on a deep dive "Ask no deep dives in this document"; on a
 * review comment's word that is no id, "Change to …" (the id it is close to) and "Remove … from the
 * comment". Each edit is one insertion, replacement or deletion, so one undo takes it back;
 * nothing is applied unless the user picks the fix.
 */
export class ReviewCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly controller: InDocumentController, private readonly labels: ReviewLabels) {}

  async provideCodeActions(
    document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === reviewStrings.diagnosticSource());
    if (ours.length === 0) return [];
    // The light bulb asks as the cursor moves; only Ctrl+. (or the Problems' menu) may analyse a stale document.
    const entry = await this.controller.entryFor(document, token, context.triggerKind === vscode.CodeActionTriggerKind.Invoke ? 'unpublished' : 'never');
    if (!entry || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = this.controller.findingOf(entry, diagnostic);
      if (finding) actions.push(...this.actionsFor(document, entry, finding, diagnostic));
    }
    return actions;
  }

  private actionsFor(document: vscode.TextDocument, entry: InDocumentEntry, finding: ReviewFinding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    // A comment that does nothing for its form has no one right repair: its message says what to write.
    // Nor has a marker that keeps nothing open (name the solution, or delete it: deleting a whole
    // comment can change how the text around it renders, as for an sdp-ignore comment's only word).
    if (finding.kind === 'malformed-comment' || finding.kind === 'idle-todo') return [];
    return finding.kind === 'unknown-id' ? this.idActions(document, finding, diagnostic) : this.catalogActions(document, entry, finding, diagnostic);
  }

  /** A mistyped id: the id it is close to in its place (preferred), or the word out of its sdp-ignore comment. */
  private idActions(document: vscode.TextDocument, finding: UnknownIdFinding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const { changeIdEdit, removeIdEdit } = loadSuggestModule();
    const actions: vscode.CodeAction[] = [];
    const change = changeIdEdit(finding);
    if (change) actions.push(textEditAction(fill(this.labels.fixChangeId, change.newText), document, change, diagnostic, true));
    // The entry is of this version of the document (entryFor), so the finding's range is in its text.
    // Only the word's own line is read: the light bulb asks on every move of the cursor.
    const remove = removeIdEdit({ lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text }, finding);
    if (remove) actions.push(textEditAction(fill(this.labels.fixRemoveId, finding.unknown.text), document, remove, diagnostic, false));
    return actions;
  }

  private catalogActions(document: vscode.TextDocument, entry: InDocumentEntry, finding: CatalogFinding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const { answerSectionInsertion, ignoreInsertion, isDeepDiveId, noDeepDivesInsertion } = loadSuggestModule();
    const actions: vscode.CodeAction[] = [];
    // Over the size limit only the first part was read: a section placed from it could land mid-text.
    if (finding.kind === 'question' && finding.question && !entry.truncated) {
      const title = finding.questionTitle ?? finding.cardTitle;
      const insertion = answerSectionInsertion(entry.text, entry.outline, {
        id: finding.ruleId, title, question: finding.question,
        ...(finding.questionLine !== undefined ? { line: finding.questionLine } : {}),
      }, this.labels);
      actions.push(editAction(fill(this.labels.fixAddSection, title), document, insertion, diagnostic, true));
    }
    const open = new vscode.CodeAction(fill(this.labels.fixOpenCard, finding.cardTitle), vscode.CodeActionKind.QuickFix);
    open.command = { command: OPEN_CARD_TO_SIDE_COMMAND, title: open.title, arguments: [finding.cardId] };
    open.diagnostics = [diagnostic];
    actions.push(open);
    const ignoredTitle = finding.kind === 'question' ? finding.questionTitle ?? finding.cardTitle : finding.patternTitle;
    actions.push(editAction(fill(this.labels.fixIgnore, ignoredTitle, finding.ruleId), document, ignoreInsertion(entry.text, entry.outline, finding.ruleId), diagnostic, false));
    // A deep dive (an interview scenario) on a design document: turn them all off here, checks stay.
    const noDeepDives = finding.kind === 'question' && isDeepDiveId(finding.ruleId) ? noDeepDivesInsertion(entry.text, entry.outline) : undefined;
    if (noDeepDives) actions.push(editAction(this.labels.fixNoDeepDives, document, noDeepDives, diagnostic, false));
    return actions;
  }
}

function textEditAction(title: string, document: vscode.TextDocument, textEdit: TextEdit, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, toRange(textEdit.range), textEdit.newText);
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}

function editAction(title: string, document: vscode.TextDocument, insertion: Insertion, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(insertion.line, insertion.character), insertion.text);
  action.edit = edit;
  // Run once the edit is in: the cursor goes where the writer types next, shown in the editor.
  if (insertion.typeAt) {
    action.command = { command: REVEAL_IN_DOCUMENT_COMMAND, title, arguments: [document.uri, insertion.typeAt.line + 1, insertion.typeAt.character + 1, 0] };
  }
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}
