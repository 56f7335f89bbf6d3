import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from '../support/extension';

/** The walkthrough's id in package.json `contributes.walkthroughs`. */
const WALKTHROUGH_ID = 'getStarted';

suite('Get Started walkthrough', () => {
  suiteSetup(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('is contributed with five steps, each with media and a completion event', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { walkthroughs: { id: string; title: string; steps: { id: string; title: string; completionEvents: string[] }[] }[] };
    };
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
    assert.ok(walkthrough);
    assert.deepStrictEqual(walkthrough.steps.map((s) => s.id), ['browse', 'openCard', 'suggest', 'snippet', 'newDesignDoc']);
    // The host resolved the %keys% from package.nls.json.
    assert.strictEqual(walkthrough.title, 'Get Started with System Design Patterns');
    assert.ok(walkthrough.steps.every((s) => !s.title.startsWith('%') && s.completionEvents.length > 0));
  });

  test('the sample design doc command opens an untitled markdown copy that the Design Review can analyse', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('sdp.walkthrough.openSample');
    assert.strictEqual(editor.document.languageId, 'markdown');
    assert.strictEqual(editor.document.uri.scheme, 'untitled');
    assert.match(editor.document.getText(), /^# Design: concert ticket sales/);
    const api = await activateExtension();
    const review = await api.suggest!.reviewController.refresh(editor.document);
    assert.ok(review?.result.suggestions.some((s) => s.pattern === 'contention'), review?.result.suggestions.map((s) => s.pattern).join(', '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
