/**
 * The web level's second pass: the workbench opened on a virtual folder (`sdp-vfs:/`, served from
 * memory by the carrier, test/web/carrier.ts), as github.dev opens a repository. The installed
 * extension must activate, show its tree and review a document of that folder. (VS Code disables
 * an extension there only if it declares `capabilities.virtualWorkspaces: false`; an undeclared
 * capability counts as supported, see docs/platform-seam.md.)
 */
import * as vscode from 'vscode';
import { VIRTUAL_DOC, VIRTUAL_SCHEME } from './carrier';
import { activateExtension, equal, EXTENSION_ID, ok } from './support';

suite('Web: a virtual workspace', () => {
  test('the workspace is the virtual folder, and the extension is enabled and active there', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    equal(folders.length, 1, 'one workspace folder');
    equal(folders[0]!.uri.scheme, VIRTUAL_SCHEME, 'the folder\'s scheme');
    // activate() throws for an extension VS Code disabled in this workspace.
    const api = await activateExtension();
    ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the extension is active in the virtual workspace');
    equal(api.platform, 'web', 'the browser bundle runs');
  });

  test('the Patterns tree shows the catalog', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('sdp.patterns.focus');
    const roots = await api.treeProvider.getChildren();
    ok(roots.length > 0, 'the Patterns tree has root items');
  });

  test('Suggest reviews a document of the virtual folder', async () => {
    const api = await activateExtension();
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, VIRTUAL_DOC);
    const files = await vscode.workspace.fs.readDirectory(vscode.workspace.workspaceFolders![0]!.uri);
    ok(files.some(([name]) => `/${name}` === VIRTUAL_DOC), `the folder lists ${VIRTUAL_DOC}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const suggest = api.suggest;
    ok(suggest, 'the extension exposes its suggest support');
    const review = await suggest.reviewController.refresh(doc);
    ok(review, `a review of ${uri.toString()}`);
    equal(review.uri.scheme, VIRTUAL_SCHEME, 'the reviewed document\'s scheme');
    ok(review.result.suggestions.some((s) => s.pattern === 'contention'), 'contention is suggested');
  });
});
