import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { reviewToMarkdown } from '../../src/core/suggest/reviewMarkdown';
import type { ExtensionApi } from '../../src/extension/extension';
import type { ReviewNode } from '../../src/extension/suggest/reviewNodes';
import { activateExtension, EXTENSION_ID } from '../support/extension';

type SuggestApi = NonNullable<ExtensionApi['suggest']>;

/** The view's commands as package.json declares them (title bar and item menus). */
const REFRESH = 'sdp.review.refresh';
const COPY = 'sdp.review.copyAsMarkdown';
const OPEN_CARD = 'sdp.review.openCard';
const REVEAL_LINE = 'sdp.review.revealLine';

suite('Design Review view: title and item actions', () => {
  let api: ExtensionApi;
  let suggest: SuggestApi;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    api = await activateExtension();
    assert.ok(api.suggest);
    suggest = api.suggest;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace (a copy of examples/) is open');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'ticket-booking-design.md'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('sdp.designReview.focus');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the actions are declared on the view: refresh and copy in its title, open card and reveal on its items', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> };
    };
    const title = manifest.contributes.menus['view/title']!.filter((m) => m.when?.includes('view == sdp.designReview')).map((m) => m.command);
    assert.deepStrictEqual(title.sort(), [COPY, REFRESH]);
    const items = manifest.contributes.menus['view/item/context']!.filter((m) => m.when?.includes('view == sdp.designReview'));
    assert.ok(items.some((m) => m.command === OPEN_CARD && m.group?.startsWith('inline') && /suggestion/.test(m.when!)));
    assert.ok(items.some((m) => m.command === REVEAL_LINE && m.group?.startsWith('inline') && /evidence/.test(m.when!)));
  });

  test('Refresh analyses the followed document again and shows it', async () => {
    const review = await vscode.commands.executeCommand<{ uri: vscode.Uri; version: number } | undefined>(REFRESH);
    assert.ok(review, 'refresh returns the new review');
    assert.strictEqual(review.uri.toString(), doc.uri.toString());
    assert.strictEqual(suggest.reviewProvider.current, review, 'the view shows the refreshed review');
    assert.ok(suggest.reviewProvider.getChildren().length > 0);
  });

  test('Copy as Markdown puts the review on the clipboard, as the core builder writes it with the English labels', async () => {
    const review = await suggest.reviewController.refresh(doc);
    assert.ok(review);
    await vscode.env.clipboard.writeText('before');
    const returned = await vscode.commands.executeCommand<string>(COPY);
    const clipboard = await vscode.env.clipboard.readText();
    assert.strictEqual(clipboard, returned);
    const expected = reviewToMarkdown(review, {
      title: (name) => `Design review of ${name}`,
      why: 'Why', noLineQuoted: 'No line quoted: none is specific and sure enough to count as evidence.',
      noKeywordLineQuoted: 'No keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures.',
      scoreWords: (words) => `Words that raised the score most, read by the learned text model: ${words}.`,
      startWith: 'Start with', openQuestions: 'Open questions', numbers: 'Numbers found', combinations: 'Combinations',
      line: (n) => `line ${n}`, score: (s) => `${Math.round(s * 100)}%`, nothing: 'No pattern stood out in this document.',
    });
    assert.strictEqual(clipboard, expected);
    assert.ok(clipboard.startsWith('# Design review of ticket-booking-design.md\n'), clipboard.slice(0, 80));
    assert.ok(clipboard.includes('## Dealing with Contention ('), 'the lead suggestion is a section');
    const lineless = review.result.suggestions.filter((s) => s.evidence.length === 0).length;
    assert.strictEqual(clipboard.split('\nNo line quoted: ').length - 1, lineless, 'one such line per suggestion that quotes none');
    const figuresOnly = review.result.suggestions.filter((s) => s.evidence.length > 0 && s.evidence.every((e) => e.kind === 'number')).length;
    assert.strictEqual(clipboard.split('\nNo keyword line quoted, ').length - 1, figuresOnly, 'one such line per suggestion that quotes figures only');
  });

  test('Reveal on an evidence item selects its quoted span in the document', async () => {
    await suggest.reviewController.refresh(doc);
    const first = suggest.reviewProvider.getChildren()[0]!;
    const why = suggest.reviewProvider.getChildren(first).find((n) => n.kind === 'group' && n.group === 'why')!;
    const evidence = suggest.reviewProvider.getChildren(why).filter((n) => n.kind === 'evidence').at(-1) as Extract<ReviewNode, { kind: 'evidence' }>;
    assert.strictEqual(evidence.kind, 'evidence');
    // Put the cursor somewhere else first, so the test sees the selection move.
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(REVEAL_LINE, evidence), true);
    const active = vscode.window.activeTextEditor;
    assert.strictEqual(active?.document.uri.toString(), doc.uri.toString());
    const { line, column, text } = evidence.evidence;
    assert.deepStrictEqual(
      [active.selection.start.line, active.selection.start.character, active.selection.end.character],
      [line - 1, column - 1, column - 1 + text.length],
    );
    assert.strictEqual(doc.getText(active.selection), text);
  });

  test('Open Card on a suggestion opens its card beside the document; items without a card or line do nothing', async () => {
    await suggest.reviewController.refresh(doc);
    const first = suggest.reviewProvider.getChildren()[0]!;
    assert.strictEqual(first.kind, 'suggestion');
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(OPEN_CARD, first), true);
    assert.strictEqual(api.cards.activeNodeId, first.suggestion.pattern);
    const panel = api.cards.all.find((p) => p.nodeId === first.suggestion.pattern);
    assert.ok(panel?.pinned, 'opened to the side, as a panel of its own');
    const group = suggest.reviewProvider.getChildren(first)[0]!;
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(OPEN_CARD, group), false);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(REVEAL_LINE, first), false);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(OPEN_CARD, { kind: 'nonsense' }), false);
    // The words that raised the score are information: no card, no line.
    const words = suggest.reviewProvider.getChildren(group).find((n) => n.kind === 'scoreWords');
    assert.ok(words, 'the first suggestion names words');
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(OPEN_CARD, words), false);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>(REVEAL_LINE, words), false);
    assert.strictEqual(suggest.reviewProvider.getTreeItem(words).contextValue, 'sdp.review.scoreWords');
  });
});
