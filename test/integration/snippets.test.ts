import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { InsertOutcome } from '../../src/extension/snippets/insertSnippetCommand';
import { activateExtension, EXTENSION_ID } from '../support/extension';
import { ReadOnlyFileSystem } from '../support/readOnlyFileSystem';
import { closeAllEditorsDiscarding } from '../support/editors';

/** VS Code re-indents inserted snippets (tabs to the editor's indentation); compare the code, not the indentation. */
const normalize = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();

const closeAllEditors = closeAllEditorsDiscarding;

/** Waits (up to ten seconds) until `done` holds: the host applies some edits after the command resolves. */
async function settled(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

let editorCount = 0;

/**
 * A new untitled editor with its own name: an anonymous untitled document can reuse the URI of the
 * previous test's document while that one is still being discarded, and then shows its text.
 */
async function newEditor(language: string, content = ''): Promise<vscode.TextEditor> {
  const untitled = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/sdp-insert-${Date.now()}-${++editorCount}` }));
  const document = await vscode.languages.setTextDocumentLanguage(untitled, language);
  const editor = await vscode.window.showTextDocument(document);
  if (content) await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
  return editor;
}

suite('Snippet insertion', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });
  teardown(closeAllEditors);

  test('inserts the variant for the editor language, with defaults, at the cursor', async () => {
    const snippet = (await api.snippetStore.get('optimistic-locking'))!;
    assert.ok(snippet, 'the optimistic-locking snippet exists');
    const editor = await newEditor('typescript', '// before\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const outcome = (await vscode.commands.executeCommand<InsertOutcome>('sdp.insertSnippet', 'optimistic-locking'))!;
    assert.strictEqual(outcome.inserted, true);
    assert.strictEqual(outcome.language, 'typescript');
    const expected = snippet.variants.find((v) => v.language === 'typescript')!.code;
    // VS Code's own snippet engine and our expander agree on what the defaults produce.
    assert.strictEqual(normalize(editor.document.getText()), normalize(`// before\n${expected}`));
  });

  test('the first tab stop is selected and Tab moves to the next one', async () => {
    const editor = await newEditor('typescript');
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'typescript' });
    assert.strictEqual(editor.document.getText(editor.selection), 'updateWithVersion');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.strictEqual(editor.document.getText(editor.selection), '10');
  });

  test('one undo restores the document exactly', async () => {
    const original = 'const keep = 1;\n\nexport {};\n';
    // A document of its own name: an untitled "Untitled-1" may reuse the URI (and the undo history)
    // of the previous test's document while that one is still being discarded.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`untitled:/undo-check-${Date.now()}.ts`));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), original));
    assert.strictEqual(editor.document.getText(), original);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'typescript' });
    assert.notStrictEqual(editor.document.getText(), original);
    await vscode.commands.executeCommand('leaveSnippet');
    // `undo` acts on the focused editor: make sure it is this one (a slow host may have moved focus).
    await vscode.window.showTextDocument(editor.document, { preserveFocus: false });
    await vscode.commands.executeCommand('undo');
    await settled(() => editor.document.getText() === original);
    assert.strictEqual(editor.document.getText(), original);
  });

  test('with no editor open, opens an untitled document in the chosen language', async () => {
    await closeAllEditors();
    const outcome = (await vscode.commands.executeCommand<InsertOutcome>('sdp.insertSnippet', {
      snippetId: 'optimistic-locking',
      language: 'python',
    }))!;
    assert.strictEqual(outcome.inserted, true);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.isUntitled, true);
    assert.strictEqual(editor.document.languageId, 'python');
    assert.match(editor.document.getText(), /def /);
  });

  test('into a markdown design doc, inserts a fenced code block', async () => {
    const editor = await newEditor('markdown', '# Design\n\n');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'sql' });
    const text = editor.document.getText();
    assert.match(text, /^# Design\n\n```sql\n/);
    assert.match(text, /\n```\n?$/);
  });

  test('a selection is never replaced: the block goes on a new line after the selected lines', async () => {
    const editor = await newEditor('markdown', '# Design\n\n## Goals\n- fast\n- safe\n');
    editor.selection = new vscode.Selection(2, 0, 4, 6);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'sql' });
    const text = editor.document.getText();
    assert.match(text, /^# Design\n\n## Goals\n- fast\n- safe\n\n```sql\n/);
  });

  test('a cursor inside a line of code puts the snippet after that line, not in the middle of it', async () => {
    const editor = await newEditor('typescript', 'const keep = 1;\n');
    editor.selection = new vscode.Selection(0, 6, 0, 6);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'typescript' });
    const text = editor.document.getText();
    assert.ok(text.startsWith('const keep = 1;\n'), `the line stays whole: ${JSON.stringify(text.slice(0, 40))}`);
    assert.ok(text.length > 'const keep = 1;\n'.length + 50, 'the snippet was inserted');
  });

  test('a cursor at the start of a line of code puts the snippet before that line, so the line keeps what encloses it', async () => {
    const editor = await newEditor('python', 'def handler():\n    return 1\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'python' });
    const text = editor.document.getText();
    // After the line, the block would have landed in handler's body, which then has no indented line.
    assert.ok(!text.startsWith('def handler():'), `the block goes above the line: ${JSON.stringify(text.slice(0, 40))}`);
    assert.ok(text.endsWith('\ndef handler():\n    return 1\n'), `the line stays whole, on a line of its own: ${JSON.stringify(text.slice(-60))}`);
  });

  test('above an indented line under a line of text, the snippet gets a blank line before it that keeps no spaces, and the line keeps its indentation', async () => {
    const editor = await newEditor('python', 'class Store:\n    x = 1\n    def get(self):\n        return 1\n');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'python' });
    const lines = editor.document.getText().split('\n');
    assert.deepStrictEqual(lines.slice(0, 3), ['class Store:', '    x = 1', ''], `a blank line, with no spaces, under "x = 1": ${JSON.stringify(lines.slice(0, 4))}`);
    assert.ok(lines[3]!.startsWith('    ') && lines[3]!.trim() !== '', `the block starts at the line's indentation: ${JSON.stringify(lines[3])}`);
    assert.ok(editor.document.getText().endsWith('\n    def get(self):\n        return 1\n'), `the line stays whole, indented: ${JSON.stringify(editor.document.getText().slice(-60))}`);
  });

  test("a markdown cursor on the front matter's first --- puts the listing after the front matter, not inside it", async () => {
    const editor = await newEditor('markdown', '---\ntitle: Design\n---\n# Design\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('sdp.insertSnippet', { snippetId: 'optimistic-locking', language: 'sql' });
    assert.match(editor.document.getText(), /^---\ntitle: Design\n---\n\n```sql\n/);
  });

  test('a read-only editor gets no change and a clear outcome', async () => {
    const fs = new ReadOnlyFileSystem('sdp-readonly', { '/design.ts': 'export const x = 1;\n' });
    const registration = vscode.workspace.registerFileSystemProvider('sdp-readonly', fs, { isReadonly: true });
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('sdp-readonly:/design.ts'));
      await vscode.window.showTextDocument(document);
      const outcome = (await vscode.commands.executeCommand<InsertOutcome>('sdp.insertSnippet', 'optimistic-locking'))!;
      assert.strictEqual(outcome.inserted, false);
      assert.strictEqual(outcome.reason, 'read-only');
      assert.strictEqual(document.getText(), 'export const x = 1;\n');
      assert.strictEqual(document.isDirty, false);
    } finally {
      registration.dispose();
    }
  });

  test('from a tree node with one snippet, inserts it without asking', async () => {
    const catalog = await api.catalogStore.get();
    const node = [...catalog.byId.values()].find((n) => n.snippets?.length === 1 && n.kind === 'solution');
    assert.ok(node, 'some solution links exactly one snippet');
    const snippet = (await api.snippetStore.get(node.snippets![0]!))!;
    const editor = await newEditor('typescript');
    const outcome = (await vscode.commands.executeCommand<InsertOutcome>('sdp.insertSnippet', node))!;
    assert.strictEqual(outcome.inserted, true);
    assert.strictEqual(outcome.snippetId, snippet.id);
    const variant = snippet.variants.find((v) => v.language === outcome.language)!;
    assert.ok(variant, `inserted language ${outcome.language} is one of the snippet's`);
    assert.ok(normalize(editor.document.getText()).includes(normalize(variant.code).split('\n')[0]!));
  });

  test('an unknown snippet id changes nothing', async () => {
    const editor = await newEditor('typescript', 'unchanged\n');
    const outcome = (await vscode.commands.executeCommand<InsertOutcome>('sdp.insertSnippet', 'no-such-snippet'))!;
    assert.deepStrictEqual({ inserted: outcome.inserted, reason: outcome.reason }, { inserted: false, reason: 'not-found' });
    assert.strictEqual(editor.document.getText(), 'unchanged\n');
  });

  test('every variant is contributed to IntelliSense for its language under an sdp- prefix', async () => {
    const all = await api.snippetStore.all();
    assert.ok(all.size >= 30, `snippets: ${all.size}`);
    // What VS Code reads: the manifest's contributes.snippets and the files it points to.
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributions = (extension.packageJSON as { contributes: { snippets: { language: string; path: string }[] } }).contributes.snippets;
    const prefixesByLanguage = new Map<string, Set<string>>();
    for (const { language, path } of contributions) {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, path));
      const entries = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, { prefix: string[] }>;
      prefixesByLanguage.set(language, new Set(Object.values(entries).flatMap((e) => e.prefix)));
    }
    const missing: string[] = [];
    for (const snippet of all.values()) {
      assert.match(snippet.prefix, /^sdp-/);
      for (const variant of snippet.variants) {
        // Snippet language names are VS Code language ids (typescript, python, go, java, sql).
        if (!prefixesByLanguage.get(variant.language)?.has(snippet.prefix)) missing.push(`${snippet.prefix} (${variant.language})`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });
});
