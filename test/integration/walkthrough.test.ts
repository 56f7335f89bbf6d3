import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { FIRST_RUN_KEY, openWalkthroughOnFirstRun, WALKTHROUGH_ID } from '../../src/extension/walkthrough/firstRun';
import { activateExtension, EXTENSION_ID } from '../support/extension';

/** A globalState of its own, so the test can play a first run without touching the real one. */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  synced: readonly string[] = [];
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  setKeysForSync(keys: readonly string[]): void {
    this.synced = keys;
  }
}

function walkthroughTabs(): vscode.Tab[] {
  // The walkthrough opens in VS Code's Welcome editor, which has no input type of the API's.
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input === undefined && /welcome|walkthrough|get started/i.test(t.label));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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

  test('opens on the first run and only then; the flag is synced', async () => {
    const state = new MemoryMemento();
    const settings = { startupEditor: 'welcomePage' } as Record<string, unknown>;
    const setting = <T>(_section: string, key: string): T | undefined => settings[key] as T | undefined;
    assert.deepStrictEqual(walkthroughTabs().map((t) => t.label), [], 'no walkthrough is open before');

    assert.strictEqual(await openWalkthroughOnFirstRun({ globalState: state, extensionId: EXTENSION_ID, setting }), 'opened');
    await waitFor(() => walkthroughTabs().length === 1, 'the walkthrough editor');
    assert.strictEqual(state.get(FIRST_RUN_KEY), true);
    assert.deepStrictEqual(state.synced, [FIRST_RUN_KEY]);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(await openWalkthroughOnFirstRun({ globalState: state, extensionId: EXTENSION_ID, setting }), 'already-done');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(walkthroughTabs().map((t) => t.label), [], 'a second run opens nothing');
  });

  test('leaves users who turned startup editors or walkthroughs-on-install off alone, and still records the run', async () => {
    for (const settings of [{ startupEditor: 'none' }, { 'welcomePage.walkthroughs.openOnInstall': false }] as Record<string, unknown>[]) {
      const state = new MemoryMemento();
      const setting = <T>(_section: string, key: string): T | undefined => settings[key] as T | undefined;
      assert.strictEqual(await openWalkthroughOnFirstRun({ globalState: state, extensionId: EXTENSION_ID, setting }), 'turned-off');
      assert.strictEqual(state.get(FIRST_RUN_KEY), true);
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(walkthroughTabs().map((t) => t.label), []);
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
