import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { activateExtension } from '../support/extension';
import { closeAllEditorsDiscarding } from '../support/editors';

const SOURCE = 'System Design Patterns';

/**
 * A word an sdp-ignore comment names that is no id (docs/in-document-review.md, "A mistyped id"):
 * a Warning in the Problems at the word as written, also in a document the engine suggests nothing
 * for, whatever the severity settings say (both are set to hint here, so the Warning is this
 * finding's own), and its quick fixes "Change to …" and "Remove … from the comment" (only in a
 * comment naming other words too), each one edit that one undo takes back; and the review comments
 * that do nothing: a malformed one, and an sdp-todo marker whose question is not asked here.
 */
suite('In-document review: unknown ids in review comments', () => {
  let api: ExtensionApi;
  let doc: vscode.TextDocument;
  let file: vscode.Uri;
  // The writer hid the one pattern the text is about, and mistyped a second id.
  const original = '# Seat booking\n<!-- sdp-ignore: contention,  Scaling-Raeds nothing-close-here -->\n\nTwo million fans compete for 50,000 seats.\n';

  suiteSetup(async () => {
    api = await activateExtension();
    // The severity settings are for questions and figures; set away from Warning, they must not move these.
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    await config.update('review.capacitySeverity', 'hint', vscode.ConfigurationTarget.Global);
    await config.update('review.questionSeverity', 'hint', vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace (a copy of examples/) is open');
    // A file of its own, as a user opens a design doc (see the design-check test in inDocumentReview.test.ts).
    file = vscode.Uri.joinPath(folder.uri, `unknown-ids-${Date.now()}.md`);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(original));
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await waitFor(() => unknownIds().length === 2, 'the unknown ids\' diagnostics');
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    await config.update('review.capacitySeverity', undefined, vscode.ConfigurationTarget.Global);
    await config.update('review.questionSeverity', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditorsDiscarding();
    if (file) await vscode.workspace.fs.delete(file);
  });

  function unknownIds(): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE && d.code === 'unknown-id');
  }

  test('a Warning at each word as written, though nothing is suggested; the known id is not reported', async () => {
    const entry = await api.suggest!.inDocument.controller.entryFor(doc);
    assert.strictEqual(entry?.review.isDesignDoc, false, 'the engine suggests nothing: contention is hidden');
    const [typo, far] = unknownIds();
    assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE).length, 2);
    assert.deepStrictEqual([typo!.range.start.line, typo!.range.start.character, typo!.range.end.line, typo!.range.end.character], [1, 30, 1, 43]);
    assert.strictEqual(doc.getText(typo!.range), 'Scaling-Raeds');
    assert.strictEqual(typo!.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(typo!.message, '"Scaling-Raeds" is not a pattern, deep-dive or design-check id, so naming it in this sdp-ignore comment hides nothing. Did you mean "scaling-reads"?');
    assert.strictEqual(doc.getText(far!.range), 'nothing-close-here');
    assert.strictEqual(far!.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('"Change to …" replaces only the word; the warning goes; one undo restores the text and the warning', async () => {
    await vscode.window.showTextDocument(doc);
    const typo = unknownIds().find((d) => doc.getText(d.range) === 'Scaling-Raeds')!;
    const fixes = await quickFixes(typo.range);
    const change = fixes.find((a) => a.title === 'Change to "scaling-reads"');
    assert.ok(change?.edit, fixes.map((a) => a.title).join(' | '));
    assert.strictEqual(change.isPreferred, true);
    assert.ok(fixes.some((a) => a.title === 'Remove "Scaling-Raeds" from the comment'), fixes.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(change.edit));
    assert.strictEqual(doc.getText(), original.replace('Scaling-Raeds', 'scaling-reads'));
    await waitFor(() => unknownIds().length === 1, 'the corrected id\'s warning to go');
    assert.strictEqual(doc.getText(unknownIds()[0]!.range), 'nothing-close-here');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => unknownIds().length === 2, 'the warning to come back after the undo');
  });

  test('with no id close, no "Change to"; "Remove … from the comment" takes out the word and its separator; one undo restores', async () => {
    await vscode.window.showTextDocument(doc);
    const far = unknownIds().find((d) => doc.getText(d.range) === 'nothing-close-here')!;
    const fixes = await quickFixes(far.range);
    assert.ok(!fixes.some((a) => a.title.startsWith('Change to')), fixes.map((a) => a.title).join(' | '));
    const remove = fixes.find((a) => a.title === 'Remove "nothing-close-here" from the comment');
    assert.ok(remove?.edit, fixes.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.strictEqual(doc.lineAt(1).text, '<!-- sdp-ignore: contention,  Scaling-Raeds -->');
    await waitFor(() => unknownIds().length === 1, 'the removed word\'s warning to go');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => unknownIds().length === 2, 'the warning to come back after the undo');
  });

  test('a comment\'s only word: "Change to …" is offered, "Remove … from the comment" is not (the comment would go, and the layout could change)', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), '<!-- sdp-ignore: Contension -->\n')));
    await waitFor(() => unknownIds().length === 3, 'the sole word\'s warning');
    const sole = unknownIds().find((d) => doc.getText(d.range) === 'Contension')!;
    const fixes = await quickFixes(sole.range);
    const titles = fixes.map((a) => a.title).join(' | ');
    assert.ok(fixes.some((a) => a.title === 'Change to "contention"'), titles);
    assert.ok(!fixes.some((a) => a.title.startsWith('Remove "Contension"')), titles);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => unknownIds().length === 2, 'the warning to go after the undo');
  });

  test('a marker with its id on the next line: a Warning coded malformed-comment at its opener, with no quick fix of ours; one undo takes the edit back', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const malformed = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE && d.code === 'malformed-comment');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), '<!-- sdp-todo:\ncontention/distributed-locks\n-->\n')));
    await waitFor(() => malformed().length === 1, 'the malformed marker\'s warning');
    const [d] = malformed();
    assert.strictEqual(doc.getText(d!.range), '<!-- sdp-todo:');
    assert.strictEqual(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d!.message, /names no deep dive or design check right after "sdp-todo:"/);
    const fixes = await quickFixes(d!.range);
    assert.ok(!fixes.some((a) => a.diagnostics?.some((x) => x.code === 'malformed-comment')), fixes.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => malformed().length === 0, 'the warning to go after the undo');
  });

  test('a marker naming a question this document is not asked (its pattern is ignored): a Warning coded idle-todo at its opener and id, saying why and what to do, with no quick fix of ours', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const idle = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE && d.code === 'idle-todo');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), '<!-- sdp-todo: contention/deadlocks -->\n')));
    await waitFor(() => idle().length === 1, 'the idle marker\'s warning');
    const [d] = idle();
    assert.strictEqual(doc.getText(d!.range), '<!-- sdp-todo: contention/deadlocks');
    assert.strictEqual(d!.severity, vscode.DiagnosticSeverity.Warning, 'its own severity, not the questions\' (hint here)');
    assert.strictEqual(d!.message, 'This sdp-todo marker ("contention/deadlocks") keeps no question open: an sdp-ignore comment names the same question (under this id or the other it is asked under) or its pattern, and ignoring wins: delete one of the two.');
    const fixes = await quickFixes(d!.range);
    assert.ok(!fixes.some((a) => a.diagnostics?.some((x) => x.code === 'idle-todo')), fixes.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => idle().length === 0, 'the warning to go after the undo');
  });

  test('the review.diagnostics setting turns these warnings off too', async () => {
    const config = vscode.workspace.getConfiguration('systemDesignPatterns');
    try {
      await config.update('review.diagnostics', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => unknownIds().length === 0, 'the warnings to go');
    } finally {
      await config.update('review.diagnostics', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => unknownIds().length === 2, 'the warnings to come back');
  });

  async function quickFixes(range: vscode.Range): Promise<vscode.CodeAction[]> {
    return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
  }
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
