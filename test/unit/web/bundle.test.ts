/**
 * The browser bundle (package.json `browser`) must load in the web worker extension host, whose
 * loader offers `require('vscode')` and nothing else: no Node built-in, no file of the extension
 * loaded by path. esbuild already refuses a Node built-in in a browser build; this catches what
 * it cannot see, such as a computed `require` that the platform seam was meant to keep out.
 * Reads the built files (npm test builds first).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string; browser?: string };

describe('the browser bundle', () => {
  const file = join(root, manifest.browser ?? 'missing-browser-entry');
  let code = '';

  before(function () {
    assert.ok(manifest.browser, 'package.json has a "browser" entry');
    if (!existsSync(file)) throw new Error(`${manifest.browser} is missing: run npm run build first (npm test does this)`);
    code = readFileSync(file, 'utf8');
  });

  it('is not the Node bundle', () => {
    assert.notEqual(manifest.browser, manifest.main);
  });

  it('requires nothing but vscode', () => {
    // Comments are not code: a development build keeps library comments such as ".tlds(require('tlds'))".
    const uncommented = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const required = [...uncommented.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1]!.trim());
    const others = required.filter((arg) => arg !== '"vscode"' && arg !== "'vscode'");
    assert.deepEqual(others, [], `require() calls other than vscode: ${others.join(', ')}`);
    assert.ok(required.length > 0, 'the bundle requires vscode');
  });

  it('carries the web platform, not the Node one', () => {
    assert.match(code, /kind: "web"|kind:"web"/);
    assert.doesNotMatch(code, /kind: "node"|kind:"node"/);
    for (const nodeOnly of ['worker_threads', '__dirname', 'node:fs', 'node:path']) {
      assert.ok(!code.includes(nodeOnly), `the bundle mentions ${nodeOnly}`);
    }
  });

  it('has the Web Worker script it starts for large documents beside it', () => {
    assert.ok(existsSync(join(root, 'dist', 'lazy', 'suggestWorker.web.js')), 'dist/lazy/suggestWorker.web.js');
  });
});
