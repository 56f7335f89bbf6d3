// Bundles the extension-host suite (test/integration) into .sdp-tmp/integration: one file per
// test file plus index.js. `vscode` and `mocha` stay external (the host provides vscode; mocha
// resolves from node_modules), so the same output runs in code-server and in desktop VS Code.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

export const integrationOutDir = join(repoRoot, '.sdp-tmp', 'integration');

export async function bundleIntegrationTests() {
  const srcDir = join(repoRoot, 'test', 'integration');
  const entries = readdirSync(srcDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  rmSync(integrationOutDir, { recursive: true, force: true });
  mkdirSync(integrationOutDir, { recursive: true });
  await esbuild.build({
    entryPoints: entries.map((f) => join(srcDir, f)),
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { dir: integrationOutDir, index: join(integrationOutDir, 'index'), files: entries.length - 1 };
}
