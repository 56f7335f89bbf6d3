import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { walkCatalog } from '../../src/core/catalog/indexCatalog';
import type { CatalogNode } from '../../src/core/catalog/model';
import type { ExtensionApi } from '../../src/extension/extension';
import { CARD_VIEW_TYPE, isHostMessage } from '../../src/shared/cardProtocol';
import { closeAllEditorsDiscarding, openUntitledDocument } from '../support/editors';
import { activateExtension, EXTENSION_ID } from '../support/extension';

async function closeCards(api: ExtensionApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => api.cards.all.length === 0, 'the card panels to close');
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

suite('Browse: the Patterns tree', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('every catalog node is reachable from the roots, once, in catalog order', async () => {
    const catalog = await api.catalogStore.get();
    const seen: string[] = [];
    const visit = async (element?: CatalogNode): Promise<void> => {
      for (const child of await api.treeProvider.getChildren(element)) {
        seen.push(child.id);
        await visit(child);
      }
    };
    await visit();
    assert.deepStrictEqual(seen, [...walkCatalog(catalog)].map((n) => n.id));
    assert.strictEqual(new Set(seen).size, catalog.byId.size);
  });

  test('each item has its title, a description, an icon, a summary tooltip and opens its card', async () => {
    const catalog = await api.catalogStore.get();
    for (const node of walkCatalog(catalog)) {
      const item = api.treeProvider.getTreeItem(node);
      assert.strictEqual(item.label, node.title, node.id);
      assert.strictEqual(item.id, node.id);
      assert.ok(typeof item.description === 'string' && item.description.length > 0, `${node.id} has a description`);
      assert.ok(item.iconPath instanceof vscode.ThemeIcon, `${node.id} has a codicon`);
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.ok(tooltip.value.length > 0 && tooltip.supportHtml !== true, `${node.id} has a markdown tooltip without HTML`);
      assert.strictEqual(item.command?.command, 'sdp.openCard');
      assert.deepStrictEqual(item.command.arguments?.[0], node.id);
      const expectedContext = node.snippets && node.snippets.length > 0 ? `sdp.${node.kind}.hasSnippets` : `sdp.${node.kind}`;
      assert.strictEqual(item.contextValue, expectedContext);
      assert.strictEqual(
        item.collapsibleState,
        node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
    }
  });

  test('getParent walks back to the root, as reveal needs', async () => {
    const catalog = await api.catalogStore.get();
    for (const node of walkCatalog(catalog)) {
      const parent = await api.treeProvider.getParent(node);
      assert.strictEqual(parent?.id, node.parent, node.id);
      assert.strictEqual(await api.treeProvider.getNode(node.id), node);
    }
  });

  test('the context menu offers open, open to the side and copy link on every item', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const itemMenu = manifest.contributes.menus['view/item/context'] ?? [];
    for (const command of ['sdp.openCard', 'sdp.openCardToSide', 'sdp.copyLink']) {
      const entry = itemMenu.find((m) => m.command === command);
      assert.ok(entry?.when?.includes('view == sdp.patterns'), `${command} in the item context menu`);
    }
    assert.ok(itemMenu.some((m) => m.command === 'sdp.insertSnippet' && m.when?.includes('hasSnippets')));
  });
});

suite('Browse: cards and their message protocol', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });
  // Editors go whatever the test's outcome: an untitled document left open by a failed assertion
  // would stand in the next test's columns, and closing it later would ask to save it.
  teardown(async () => {
    await closeAllEditorsDiscarding();
    await closeCards(api);
  });

  /** An untitled design document shown in the first column; teardown closes it without saving. */
  async function designDocument(): Promise<vscode.TextDocument> {
    const document = await openUntitledDocument('markdown', '# Design\n');
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    return document;
  }

  test('sdp.openCard shows a card and reuses one panel for the next', async () => {
    const catalog = await api.catalogStore.get();
    const [first, second] = catalog.roots;
    assert.ok(first && second);
    assert.strictEqual(await vscode.commands.executeCommand('sdp.openCard', first.id), true);
    assert.strictEqual(api.cards.all.length, 1);
    assert.strictEqual(api.cards.activeNodeId, first.id);
    const panel = api.cards.all[0]!;
    assert.strictEqual(panel.panel.viewType, CARD_VIEW_TYPE);
    assert.strictEqual(panel.panel.title, first.title);
    assert.strictEqual(panel.panel.webview.options.enableScripts, true);
    assert.strictEqual(panel.panel.webview.options.enableCommandUris, false);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.path.split('/').pop());
    assert.deepStrictEqual(roots, ['media', 'dist']);
    assert.match(panel.panel.webview.html, /default-src 'none'/);

    await vscode.commands.executeCommand('sdp.openCard', second.id);
    assert.strictEqual(api.cards.all.length, 1, 'the same panel shows the next card');
    assert.strictEqual(api.cards.activeNodeId, second.id);
  });

  test('sdp.openCardToSide opens a separate panel that keeps its card', async () => {
    const catalog = await api.catalogStore.get();
    const [first, second] = catalog.roots;
    await vscode.commands.executeCommand('sdp.openCard', first!.id);
    await vscode.commands.executeCommand('sdp.openCardToSide', second!.id);
    assert.strictEqual(api.cards.all.length, 2);
    assert.deepStrictEqual(
      api.cards.all.map((p) => [p.nodeId, p.pinned]),
      [
        [first!.id, false],
        [second!.id, true],
      ],
    );
  });

  test('from the Design Review a card opens beside the document; to the side it gets a panel that keeps it, opened once', async () => {
    const document = await designDocument();
    // What a Design Review row runs on click (reviewTreeItems.ts).
    await vscode.commands.executeCommand('sdp.openCard', 'contention', { besideDocument: true });
    assert.strictEqual(api.cards.all.length, 1);
    const panel = api.cards.all[0]!;
    assert.notStrictEqual(panel.panel.viewColumn, vscode.ViewColumn.One, 'the card does not cover the document');
    // The reusable panel follows the next click, so "to the side" pins a panel of its own.
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('sdp.openCardToSide', 'contention');
    assert.deepStrictEqual(api.cards.all.map((p) => [p.nodeId, p.pinned]), [['contention', false], ['contention', true]]);
    // Asked again, the pinned panel beside the document is shown, not a second copy.
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('sdp.openCardToSide', 'contention');
    assert.strictEqual(api.cards.all.length, 2, 'no second pinned copy of a card already beside the document');
  });

  test("Open Card to the Side from a pinned card's own title bar opens the card again in the next column, not the same panel", async () => {
    await designDocument();
    await vscode.commands.executeCommand('sdp.openCardToSide', 'contention');
    const pinned = api.cards.all.find((p) => p.pinned && p.nodeId === 'contention')!;
    assert.ok(pinned, 'a pinned panel beside the document');
    await waitFor(() => pinned.panel.active, 'the pinned panel to be active');
    // The title bar's button passes no card: it acts on the active one.
    await vscode.commands.executeCommand('sdp.openCardToSide');
    const copies = api.cards.all.filter((p) => p.pinned && p.nodeId === 'contention');
    assert.strictEqual(copies.length, 2, 'a second pinned panel of the card');
    // A panel's column is reported once the workbench has placed it.
    await waitFor(() => copies[1]!.panel.viewColumn !== undefined && copies[1]!.panel.viewColumn !== copies[0]!.panel.viewColumn, 'the copy in another column')
      .catch(() => assert.fail(`columns: ${copies.map((p) => p.panel.viewColumn).join(', ')}`));
    assert.notStrictEqual(copies[1]!.panel.viewColumn, vscode.ViewColumn.One, 'not over the document');
  });

  test('from the Design Review, a reusable panel that stands in the document\'s column moves beside it (no second reusable panel)', async () => {
    const document = await designDocument();
    // The reusable panel opened from the Patterns tree lands in the active column, the document's.
    await vscode.commands.executeCommand('sdp.openCard', 'contention');
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    assert.strictEqual(api.cards.all[0]!.panel.viewColumn, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('sdp.openCard', 'scaling-reads', { besideDocument: true });
    assert.strictEqual(api.cards.all.length, 1, 'the same reusable panel, not a second one');
    const panel = api.cards.all[0]!;
    assert.strictEqual(panel.nodeId, 'scaling-reads');
    await waitFor(() => panel.panel.viewColumn !== undefined && panel.panel.viewColumn !== vscode.ViewColumn.One, 'the panel to move beside the document');
  });

  test('an unknown id opens nothing', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('sdp.openCard', 'no-such-node'), false);
    assert.strictEqual(await vscode.commands.executeCommand('sdp.openCard', { not: 'an id' }), false);
    assert.strictEqual(api.cards.all.length, 0);
  });

  test('the panel ignores messages it does not know and handles the ones it does', async () => {
    const catalog = await api.catalogStore.get();
    const pattern = catalog.roots.find((n) => n.kind === 'pattern')!;
    const solution = pattern.children.find((c) => c.kind === 'solution')!;
    await vscode.commands.executeCommand('sdp.openCard', pattern.id);
    const panel = api.cards.all[0]!;
    for (const bogus of [
      undefined,
      'ready',
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'cardShown', id: 'Not An Id' },
      { type: 'openExternal', url: 'command:workbench.action.quit' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'requestCard', id: pattern.id },
      { type: 'ready', extra: true },
    ]) {
      assert.strictEqual(await panel.receive(bogus), false, JSON.stringify(bogus));
    }
    assert.strictEqual(panel.nodeId, pattern.id);

    // The webview reports navigation inside it: the host follows (title, active node).
    assert.strictEqual(await panel.receive({ type: 'cardShown', id: solution.id }), true);
    assert.strictEqual(panel.nodeId, solution.id);
    assert.strictEqual(panel.panel.title, solution.title);
    await waitFor(() => api.cards.activeNodeId === solution.id || !panel.active, 'the active card to follow');
    assert.strictEqual(await panel.receive({ type: 'requestCard', requestId: 7, id: solution.id }), true);
    assert.strictEqual(await panel.receive({ type: 'requestCard', requestId: 8, id: 'no-such-node' }), true);
  });

  test('every card the host sends is a valid host message', async () => {
    const catalog = await api.catalogStore.get();
    await vscode.commands.executeCommand('sdp.openCard', catalog.roots[0]!.id);
    const panel = api.cards.all[0]!;
    for (const node of walkCatalog(catalog)) {
      const card = await api.cards.render(node.id);
      assert.ok(card, node.id);
      assert.ok(isHostMessage({ type: 'showCard', card }), node.id);
      assert.ok(isHostMessage({ type: 'showCard', card, requestId: 1 }), node.id);
    }
    assert.ok(panel);
  });

  test('the snippet buttons copy the plain code and insert through sdp.insertSnippet', async () => {
    const catalog = await api.catalogStore.get();
    const snippets = await api.snippetStore.all();
    const node = [...walkCatalog(catalog)].find((n) => (n.snippets ?? []).some((id) => snippets.get(id)?.variants.some((v) => v.language === 'python')));
    assert.ok(node, 'a node with a Python snippet');
    const snippet = snippets.get(node.snippets!.find((id) => snippets.get(id)?.variants.some((v) => v.language === 'python'))!)!;
    const python = snippet.variants.find((v) => v.language === 'python')!;

    const document = await openUntitledDocument('python', '');
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    // The card beside the doc, as when reading it next to the design doc being written.
    await vscode.commands.executeCommand('sdp.openCardToSide', node.id);
    const panel = api.cards.all[0]!;

    assert.strictEqual(await panel.receive({ type: 'copySnippet', snippetId: snippet.id, language: 'python' }), true);
    assert.strictEqual(await vscode.env.clipboard.readText(), python.code);

    assert.strictEqual(await panel.receive({ type: 'insertSnippet', snippetId: snippet.id, language: 'python' }), true);
    await waitFor(() => document.getText().length > 0, 'the snippet to be inserted');
    assert.strictEqual(document.getText().trimEnd(), python.code.trimEnd());
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Copy Mermaid puts the diagram source from the catalog on the clipboard, and only that', async () => {
    const catalog = await api.catalogStore.get();
    const node = catalog.byId.get('realtime-updates/long-polling');
    assert.ok(node?.diagrams?.length, 'the built catalog carries the diagrams drawn at build time');
    await vscode.commands.executeCommand('sdp.openCardToSide', node.id);
    const panel = api.cards.all.find((p) => p.nodeId === node.id);
    assert.ok(panel);

    await vscode.env.clipboard.writeText('before');
    assert.strictEqual(await panel.receive({ type: 'copyDiagram', id: node.id, index: 0 }), true);
    assert.strictEqual(await vscode.env.clipboard.readText(), node.diagrams[0]!.source);
    assert.match(await vscode.env.clipboard.readText(), /accTitle: .+\n\s*accDescr: /);

    // A diagram the node does not have is refused with a warning; the clipboard keeps what it had.
    await vscode.env.clipboard.writeText('unchanged');
    assert.strictEqual(await panel.receive({ type: 'copyDiagram', id: node.id, index: 5 }), true);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'unchanged');
    // Text chosen by the webview is never accepted.
    assert.strictEqual(await panel.receive({ type: 'copyDiagram', id: node.id, index: 0, source: 'graph TD; A-->B' }), false);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'unchanged');
  });

  test('sdp.copyLink copies a vscode:// link that names the card', async () => {
    const catalog = await api.catalogStore.get();
    const node = [...walkCatalog(catalog)].find((n) => n.parent)!;
    const link = await vscode.commands.executeCommand<string>('sdp.copyLink', node);
    assert.strictEqual(await vscode.env.clipboard.readText(), link);
    const uri = vscode.Uri.parse(link);
    assert.strictEqual(uri.scheme, vscode.env.uriScheme);
    assert.strictEqual(uri.authority, EXTENSION_ID);
    assert.strictEqual(new URLSearchParams(uri.query).get('id'), node.id);
  });
});
