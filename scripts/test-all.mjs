#!/usr/bin/env node
// `npm test`: every level, in order, against a fresh build. Ends with a summary: a line per check
// and per level, the failed tests of a level by name (or what a level that hung printed last), and
// one line "N passed, N failed". Exits non-zero if any level failed or ran no test.
//   npm test -- --only unit,integration     run some levels
//   npm test -- --skip e2e                  leave some out
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './test-host/paths.mjs';

const argValue = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : undefined;
};
const only = argValue('--only');
const skip = argValue('--skip') ?? [];
const wanted = (name) => (only ? only.includes(name) : true) && !skip.includes(name);
const statsDir = mkdtempSync(join(tmpdir(), 'sdp-stats-'));
const reporter = join(repoRoot, 'scripts', 'test-host', 'statsReporter.cjs');

/** A step that must succeed (build, type check, ...); it counts as a failure if it does not. */
function step(name, command, args) {
  console.log(`\n━━ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  return result.status === 0;
}

/** A test level: runs, then reads the counts its reporter wrote. */
function level(name, command, args) {
  const statsFile = join(statsDir, `${name}.json`);
  console.log(`\n━━ ${name} tests: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, SDP_TEST_STATS: statsFile } });
  let stats;
  let unreadable = false;
  try {
    stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined;
  } catch (error) {
    unreadable = true;
    console.error(`${name}: its counts could not be read (${error.message})`);
  }
  const ranNothing = !stats || stats.tests === 0;
  return {
    name,
    passed: stats?.passed ?? 0,
    failed: stats?.failed ?? 0,
    skipped: stats?.skipped ?? 0,
    // Tests a failed before hook left unrun: the hook is one failure, the tests after it nothing at all.
    notRun: stats?.notRun ?? 0,
    failures: Array.isArray(stats?.failures) ? stats.failures : [],
    ok: result.status === 0 && !ranNothing && !(stats?.notRun > 0),
    // A level that hung wrote no counts of its own (noResult.mjs): its figures are not "ran no test".
    note: stats?.hung ? 'no result: it hung' : unreadable ? 'its counts could not be read' : ranNothing ? 'ran no test' : result.status !== 0 ? `exit code ${result.status}` : '',
  };
}

const started = Date.now();
const MAX_NAMED = 10;
const results = [];
const checks = [];
const mocha = (config) => ['mocha', ...(config ? ['--config', config] : []), '--reporter', reporter];

if (!step('build', 'npm', ['run', 'build'])) {
  checks.push({ name: 'build', ok: false });
} else {
  // The build has just read and validated content/ and package.json's contributes.snippets, so only
  // the code is checked here (check:code).
  if (wanted('check')) checks.push({ name: 'type check and lint', ok: step('check', 'npm', ['run', 'check:code']) });
  if (wanted('originality')) checks.push({ name: 'originality', ok: step('originality', 'npm', ['run', 'check:originality']) });
  if (wanted('unit')) results.push(level('unit', 'npx', mocha()));
  if (wanted('snippets') && existsSync(join(repoRoot, 'test', 'snippets', '.mocharc.json'))) {
    results.push(level('snippets', 'npx', mocha('test/snippets/.mocharc.json')));
  }
  if (wanted('integration')) results.push(level('integration', 'node', ['scripts/test-host/run-integration.mjs']));
  // The browser bundle in the browser's web worker extension host (code-server), in Restricted Mode.
  if (wanted('web')) results.push(level('web', 'node', ['scripts/test-host/run-web.mjs']));
  // The extension in VS Code with the pseudo-locale as its display language (docs/localisation.md).
  if (wanted('pseudo-locale')) results.push(level('pseudo-locale', 'node', ['scripts/test-host/run-pseudo-locale.mjs']));
  if (wanted('e2e')) {
    // The UI tests install the packaged extension, exactly as a user would.
    rmSync(join(repoRoot, 'dist', 'system-design-patterns.vsix'), { force: true });
    if (!step('package', 'npm', ['run', 'package'])) checks.push({ name: 'package', ok: false });
    else results.push(level('e2e', 'node', ['scripts/test-host/run-e2e.mjs']));
  }
}
rmSync(statsDir, { recursive: true, force: true });

console.log('\n━━ summary');
for (const c of checks) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name}`);
for (const r of results) {
  console.log(`  ${r.ok ? '✔' : '✘'} ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.notRun ? `, ${r.notRun} not run` : ''}${r.note ? ` (${r.note})` : ''}`);
  // What failed, by name, here at the end: a CI log is often read only from its tail.
  for (const f of r.failures.slice(0, MAX_NAMED)) console.log(`      ✘ ${f.title}\n        ${f.error}`);
  if (r.failures.length > MAX_NAMED) console.log(`      … and ${r.failures.length - MAX_NAMED} more (see the level's log above)`);
}
const failedChecks = checks.filter((c) => !c.ok).length;
const failedLevels = results.filter((r) => !r.ok && r.failed === 0).length; // a level that could not run counts once
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0) + failedChecks + failedLevels;
const skipped = results.reduce((n, r) => n + r.skipped, 0);
const notRun = results.reduce((n, r) => n + r.notRun, 0);
console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${notRun ? `, ${notRun} not run` : ''}`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
