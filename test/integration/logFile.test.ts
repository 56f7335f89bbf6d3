import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import { activateExtension } from '../support/extension';

/**
 * The extension's log Output channel reaches disk. VS Code writes a log channel through
 * @vscode/spdlog into a file under the extension's log folder (context.logUri); in the
 * code-server test host that module is the JavaScript stand-in (docs/test-host.md), and without a
 * working one there is no file at all. So this reads the folder the extension reports and looks
 * for the line activate() logs, in VS Code's log pattern.
 */
suite('The extension\'s log on disk', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  /** The .log files in the extension's log folder and their text; none while the folder is missing. */
  async function readLogs(): Promise<{ name: string; text: string }[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(api.logUri);
    } catch {
      return [];
    }
    const logs = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.log'));
    return Promise.all(
      logs.map(async ([name]) => ({ name, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(api.logUri, name))) })),
    );
  }

  test('the "activated in" line is in a log file under the extension\'s log folder, in VS Code\'s pattern', async () => {
    const activated = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[info\] activated in \d+(\.\d+)? ms \(node build\)$/m;
    // spdlog writes from a background thread on the desktop; give it a moment (a wait, not a timing assertion).
    let logs: { name: string; text: string }[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      logs = await readLogs();
      if (logs.some((log) => activated.test(log.text))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const found = logs.find((log) => activated.test(log.text));
    assert.ok(
      found,
      `no "[info] activated in … ms (node build)" line in ${api.logUri.toString()}; found ${logs.length ? logs.map((log) => `${log.name}: ${JSON.stringify(log.text.slice(0, 300))}`).join('; ') : 'no .log file'}`,
    );
    console.log(`      the extension's log: ${found.name} in ${api.logUri.fsPath}`);
  });
});
