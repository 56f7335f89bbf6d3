#!/usr/bin/env node
// UI tests: mocha + Playwright driving Debian's Chromium against code-server with the
// packaged .vsix installed (see test/e2e/support/hooks.ts). Packages first if needed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

export function runE2e({ statsFile, grep } = {}) {
  const vsix = join(repoRoot, 'dist', 'system-design-patterns.vsix');
  if (!existsSync(vsix)) {
    const packaged = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (packaged.status !== 0) return 1;
  }
  const args = ['mocha', '--config', 'test/e2e/.mocharc.json', '--reporter', join(repoRoot, 'scripts/test-host/statsReporter.cjs')];
  if (grep) args.push('--grep', grep);
  const result = spawnSync('npx', args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...(statsFile ? { SDP_TEST_STATS: statsFile } : {}) },
  });
  return result.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const grepIndex = process.argv.indexOf('--grep');
  process.exit(runE2e({ statsFile: process.env.SDP_TEST_STATS, grep: grepIndex > 0 ? process.argv[grepIndex + 1] : undefined }));
}
