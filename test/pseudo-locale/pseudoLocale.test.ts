import * as assert from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from '../support/extension';

/**
 * Runs only under scripts/test-host/run-pseudo-locale.mjs: VS Code's display language is qps-ploc,
 * so every string of the extension must come out of l10n/bundle.l10n.qps-ploc.json or
 * package.nls.qps-ploc.json, bracketed ⟦ ⟧. A string in plain English bypassed the bundle.
 */
const PSEUDO = /^⟦[\s\S]*⟧$/;
const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
const root = extension.extensionPath;
const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.qps-ploc.json'), 'utf8')) as Record<string, string>;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.qps-ploc.json'), 'utf8')) as Record<string, string>;

suite('Pseudo-locale (qps-ploc): every string comes from the bundles', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('the host runs in qps-ploc', () => {
    assert.strictEqual(vscode.env.language, 'qps-ploc');
  });

  test('the manifest the host read is the pseudo one: command titles, categories, views, walkthrough', () => {
    // A translated command title or category is { value, original } (the palette searches both).
    type Text = string | { value: string; original: string };
    const shown = (text: Text): string => (typeof text === 'string' ? text : text.value);
    const manifest = extension.packageJSON as {
      contributes: {
        commands: { command: string; title: Text; category: Text }[];
        views: Record<string, { id: string; name: string }[]>;
        walkthroughs: { title: string; description: string; steps: { id: string; title: string; description: string }[] }[];
      };
    };
    const search = manifest.contributes.commands.find((c) => c.command === 'sdp.search')!;
    assert.strictEqual(shown(search.title), nls['command.search.title']);
    for (const c of manifest.contributes.commands) {
      assert.match(shown(c.title), PSEUDO, c.command);
      assert.match(shown(c.category), PSEUDO, c.command);
    }
    for (const view of Object.values(manifest.contributes.views).flat()) assert.match(view.name, PSEUDO, view.id);
    for (const w of manifest.contributes.walkthroughs) {
      assert.match(w.title, PSEUDO);
      assert.match(w.description, PSEUDO);
      for (const step of w.steps) {
        assert.match(step.title, PSEUDO, step.id);
        // A step's text carries its meaning (the pictures have no words): every word of it is pseudo.
        assert.deepStrictEqual(words(withoutMarkup(step.description)), [], `${step.id}: ${step.description}`);
      }
    }
  });

  test('the Patterns tree: every item says its kind in the pseudo-locale', async () => {
    const api = await activateExtension();
    const roots = await api.treeProvider.getChildren();
    assert.ok(roots.length > 0);
    const nodes = [...roots, ...roots.flatMap((r) => r.children)];
    for (const node of nodes) {
      const item = api.treeProvider.getTreeItem(node);
      if (node.kind === 'solution' && node.bestFor) continue; // a solution shows its catalog "best for" text
      assert.match(String(item.description), PSEUDO, `${node.id}: ${String(item.description)}`);
      assert.match(item.command!.title, PSEUDO);
    }
  });

  test('a card: its headings and buttons are the pseudo labels', async () => {
    const api = await activateExtension();
    assert.strictEqual(await api.cards.open('contention'), true);
    const panel = api.cards.all.find((p) => p.nodeId === 'contention');
    assert.ok(panel);
    const html = panel.panel.webview.html;
    // Headings a pattern card always has.
    for (const english of ['Solutions compared', 'Deep dives', 'Related']) {
      const pseudo = bundle[english];
      assert.ok(pseudo, `${english} is in the bundle`);
      const escaped = pseudo.replace(/"/g, '&quot;');
      assert.ok(html.includes(pseudo) || html.includes(escaped), `the card shows ${pseudo} for "${english}"`);
      assert.ok(!new RegExp(`>\\s*${english}\\s*<`).test(html), `the card shows "${english}" in English`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Design Review: groups, lines and the engine\'s reasons', async () => {
    const api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0]!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'ticket-booking-design.md'));
    const review = await api.suggest!.reviewController.refresh(doc);
    assert.ok(review && review.result.suggestions.length > 0);
    const provider = api.suggest!.reviewProvider;
    const first = provider.getChildren()[0]!;
    const groups = provider.getChildren(first);
    for (const group of groups) assert.match(String(provider.getTreeItem(group).label), PSEUDO);
    const why = provider.getChildren(groups[0]!);
    for (const e of why.filter((n) => n.kind === 'evidence')) {
      const item = provider.getTreeItem(e);
      assert.match(String(item.description), PSEUDO, 'line n');
      assert.match(String(item.tooltip), PSEUDO, 'the engine\'s reason');
    }
    // The words that raised the score: the label and the sentence are ours, the words the document's.
    const words = why.find((n) => n.kind === 'scoreWords');
    assert.ok(words, 'the sample names words for its first suggestion');
    const wordsItem = provider.getTreeItem(words);
    assert.match(String(wordsItem.label), PSEUDO, 'words that raised it');
    assert.match(String(wordsItem.tooltip), PSEUDO, 'the words\' sentence');
    for (const n of review.result.numbers) assert.match(n.normalized, PSEUDO, n.normalized);
    const markdown = await vscode.commands.executeCommand<string>('sdp.review.copyAsMarkdown');
    assert.match(markdown.split('\n')[0]!.replace(/^# /, ''), PSEUDO);
  });

  test('no English of ours inside: Design Review tooltips, hovers, CodeLens, diagnostics, quick fixes', async function () {
    this.timeout(60_000);
    const api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0]!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'ticket-booking-design.md'));
    await vscode.window.showTextDocument(doc);
    const review = await api.suggest!.reviewController.refresh(doc);
    assert.ok(review && review.result.suggestions.length > 0);
    // Words that may stay English: the document's, the catalog's titles and the engine's result
    // (questions, titles, quoted text). Anything else of three letters or more bypassed the bundles.
    const data = new Set([doc.getText(), JSON.stringify(review.result), ...catalogTitles()].flatMap(words));
    const shown: { where: string; text: string }[] = [];

    const provider = api.suggest!.reviewProvider;
    const walk = (node: ReturnType<typeof provider.getChildren>[number] | undefined, depth: number): void => {
      for (const child of provider.getChildren(node)) {
        const item = provider.getTreeItem(child);
        const where = `review item ${child.id}`;
        for (const text of [item.label, item.description, item.tooltip]) {
          const value = typeof text === 'string' ? text : text instanceof vscode.MarkdownString ? text.value : typeof text === 'object' && text ? text.label : undefined;
          if (value) shown.push({ where, text: value });
        }
        if (depth < 4) walk(child, depth + 1);
      }
    };
    walk(undefined, 0);

    const source = bundle['System Design Patterns']!;
    const deadline = Date.now() + 20_000;
    while (vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === source).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === source);
    assert.ok(diagnostics.length > 0, `diagnostics with the pseudo source ${source}: ${vscode.languages.getDiagnostics(doc.uri).map((d) => d.source).join(', ')}`);
    for (const d of diagnostics) {
      shown.push({ where: `diagnostic ${String(d.code)}`, text: d.message });
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start.translate(0, 1));
      for (const h of hovers) shown.push({ where: `hover at ${d.range.start.line}`, text: h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n') });
      const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      for (const f of fixes) shown.push({ where: `quick fix at ${d.range.start.line}`, text: f.title });
    }
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    for (const lens of lenses.filter((l) => l.command?.command.startsWith('sdp.'))) {
      shown.push({ where: `CodeLens at ${lens.range.start.line}`, text: lens.command!.title });
      if (lens.command!.tooltip) shown.push({ where: `CodeLens tooltip at ${lens.range.start.line}`, text: lens.command!.tooltip });
    }
    assert.ok(shown.some((s) => s.where.startsWith('hover')) && shown.some((s) => s.where.startsWith('CodeLens')) && shown.some((s) => s.where.startsWith('quick fix')), shown.map((s) => s.where).join(', '));

    const english = shown.flatMap(({ where, text }) => {
      const left = words(withoutMarkup(text)).filter((w) => !data.has(w));
      return left.length > 0 ? [`${where}: ${left.join(' ')} in ${text}`] : [];
    });
    assert.deepStrictEqual(english, []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('on screen: the activity-bar entry, the view titles, the palette\'s command title and a notification', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // With no editor open, "Suggest Patterns" says what to open, in an information message.
    await vscode.commands.executeCommand('sdp.suggestPatterns');
    // The runner (scripts/test-host/run-pseudo-locale.mjs) reads the page while this test waits:
    // the extension host stops when the suite ends.
    const answer = join(tmpdir(), `sdp-pseudo-ui-${process.pid}-${Date.now()}.json`);
    console.log(`SDP_PSEUDO_UI_CHECK ${answer}`);
    const deadline = Date.now() + 100_000;
    while (!existsSync(answer)) {
      if (Date.now() > deadline) assert.fail('the runner did not answer the check on screen (run this suite with npm run test:pseudo-locale)');
      await new Promise((r) => setTimeout(r, 250));
    }
    const result = JSON.parse(readFileSync(answer, 'utf8')) as { failures: string[]; headers?: string[]; title?: string; messages?: string[] };
    console.log(`on screen: views ${result.headers?.join(' | ')}; palette ${result.title}; notification ${result.messages?.join(' | ')}`);
    assert.deepStrictEqual(result.failures, []);
  });
});

/** The plain ASCII words of three letters or more: a pseudo-localised word is accented. */
function words(text: string): string[] {
  return text.match(/[A-Za-z]{3,}/g) ?? [];
}

/** Text without what is not prose: codicons, link targets and command URIs, markdown escapes. */
function withoutMarkup(text: string): string {
  return text.replace(/\$\([\w~-]+\)/g, ' ').replace(/\]\([^)]*\)/g, '] ').replace(/command:[^\s)]+/g, ' ').replace(/\\/g, '');
}

/** Every node title of the catalog the extension reads (dist/catalog.json). */
function catalogTitles(): string[] {
  const catalog = JSON.parse(readFileSync(join(root, 'dist', 'catalog.json'), 'utf8')) as unknown;
  const titles: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record['title'] === 'string') titles.push(record['title']);
      Object.values(record).forEach(walk);
    }
  };
  walk(catalog);
  return titles;
}
