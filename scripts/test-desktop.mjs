#!/usr/bin/env node
// The same extension-host suite as `npm run test:integration`, under @vscode/test-electron:
// it downloads a desktop VS Code, so it needs internet access (not available on CI here).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleIntegrationTests } from './test-host/bundleTests.mjs';
import { repoRoot } from './test-host/paths.mjs';

if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) process.exit(1);
const suite = await bundleIntegrationTests();
try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite.index,
    launchArgs: [join(repoRoot, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`test:desktop: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
