/**
 * Where the web level runs: the extension's browser bundle in the browser's web worker
 * extension host, in a workspace opened in Restricted Mode (not trusted).
 */
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { activateExtension, equal, EXTENSION_ID, ok } from './support';

suite('Web: the extension host', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('the extension runs from its browser bundle in a web worker extension host', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    // The API object can only be handed over inside one extension host: this suite runs where the extension does.
    equal(api.platform, 'web', 'the build behind the platform seam');
    const manifest = extension.packageJSON as { main?: string; browser?: string };
    equal(manifest.main, undefined, 'the test build has no Node entry');
    equal(manifest.browser, './dist/extension.web.js', 'the browser entry');
    // A Node extension host (code-server's remote one) would make it a workspace extension.
    equal(extension.extensionKind, vscode.ExtensionKind.UI, 'the extension kind of a web worker host extension');
    equal(vscode.env.uiKind, vscode.UIKind.Web, 'the UI kind');
    const scope = globalThis as { WorkerGlobalScope?: unknown; document?: unknown; require?: unknown };
    ok(typeof scope.WorkerGlobalScope === 'function', 'a worker global scope (WorkerGlobalScope is defined)');
    equal(typeof scope.document, 'undefined', 'no DOM in a worker');
    equal(typeof scope.require, 'undefined', 'no Node require in the web worker host');
  });

  test('Restricted Mode: the workspace is not trusted and the installed extension still works', async () => {
    equal(vscode.workspace.isTrusted, false, 'the workspace is trusted');
    // VS Code disables an installed extension that does not declare untrustedWorkspaces support here.
    ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the extension is active in Restricted Mode');
    await vscode.commands.executeCommand('sdp.patterns.focus');
    const roots = await api.treeProvider.getChildren();
    ok(roots.length > 0, 'the Patterns tree has root items');
    const children = await api.treeProvider.getChildren(roots[0]);
    ok(children.length > 0, `"${roots[0]!.title}" has children`);
  });

  test('the manifest declares Restricted Mode and virtual workspaces as supported', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
    };
    equal(manifest.capabilities?.untrustedWorkspaces?.supported, true, 'capabilities.untrustedWorkspaces.supported');
    equal(manifest.capabilities?.virtualWorkspaces, true, 'capabilities.virtualWorkspaces');
  });
});
