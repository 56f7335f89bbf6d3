import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { activateExtension, EXTENSION_ID } from '../support/extension';

suite('Activation and wiring', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('the extension is installed and activates', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    assert.strictEqual(extension.isActive, true);
    assert.ok(api.activationMs >= 0);
    // Reported, never asserted: wall-clock figures belong in notes and benchmarks, not in pass/fail.
    console.log(`      activation took ${api.activationMs.toFixed(1)} ms (catalog loads lazily, on first use)`);
  });

  test('with both entries in the manifest, the Node build runs in a Node extension host', () => {
    // The web level (test/web) runs the browser build; this is its counterpart.
    assert.strictEqual(api.platform, 'node');
    assert.strictEqual(typeof process.versions.node, 'string');
  });

  test('every command the manifest declares is registered', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  test('the Patterns tree lists the patterns at its root, in catalog order', async () => {
    const catalog = await api.catalogStore.get();
    const roots = await api.treeProvider.getChildren();
    const patterns = roots.filter((n) => n.kind === 'pattern');
    assert.ok(patterns.length >= 2, 'expected patterns at the root of the tree');
    assert.deepStrictEqual(
      roots.map((n) => n.id),
      catalog.roots.map((n) => n.id),
    );
    const item = api.treeProvider.getTreeItem(patterns[0]!);
    assert.strictEqual(item.label, patterns[0]!.title);
    assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });

  test('the Patterns view can be shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.systemDesignPatterns');
  });
});
