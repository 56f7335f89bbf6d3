import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testsNotRun, type SuiteTree } from '../../support/notRun';

const root = join(__dirname, '..', '..', '..');
const reporterPath = join(root, 'scripts', 'test-host', 'statsReporter.cjs');

describe('tests a failed hook left unrun are counted, for the summary of npm test', () => {
  const reporterCopy = (createRequire(__filename)(reporterPath) as { testsNotRun: (s: SuiteTree) => number }).testsNotRun;
  const test = (state?: string, pending = false) => ({ state, pending });

  it('counts tests with no result that were not skipped on purpose, in nested suites', () => {
    const tree: SuiteTree = {
      tests: [test('passed'), test(undefined, true), test()],
      suites: [{ tests: [test('failed'), test(), test()], suites: [{ tests: [test()], suites: [] }] }],
    };
    assert.equal(testsNotRun(tree), 4);
    assert.equal(testsNotRun({ tests: [test('passed'), test('failed'), test(undefined, true)], suites: [] }), 0);
  });

  it('reads isPending() where mocha gives it (a test in a skipped suite is pending through its parent)', () => {
    assert.equal(testsNotRun({ tests: [{ isPending: () => true }, { isPending: () => false }], suites: [] }), 1);
  });

  it('the reporter\'s copy counts the same', () => {
    const trees: SuiteTree[] = [
      { tests: [], suites: [] },
      { tests: [test(), test('passed')], suites: [{ tests: [test(undefined, true), test()], suites: [] }] },
      { tests: [{ isPending: () => true }, { state: 'failed' }], suites: [] },
    ];
    for (const tree of trees) assert.equal(reporterCopy(tree), testsNotRun(tree));
  });

  it('the reporter writes them to its stats file when a before hook fails in a real mocha run', function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'sdp-notrun-'));
    try {
      const spec = join(dir, 'hook.spec.js');
      writeFileSync(spec, [
        "describe('ok', () => { it('runs', () => {}); it.skip('is skipped', () => {}); });",
        "describe('broken', () => { before(() => { throw new Error('setup failed'); }); it('first', () => {}); it('second', () => {}); });",
      ].join('\n'));
      const statsFile = join(dir, 'stats.json');
      const run = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--reporter', reporterPath, spec], {
        env: { ...process.env, SDP_TEST_STATS: statsFile }, encoding: 'utf8',
      });
      assert.notEqual(run.status, 0, 'mocha should fail: a hook failed');
      const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { passed: number; failed: number; skipped: number; notRun: number; failures: { title: string }[] };
      assert.deepEqual({ passed: stats.passed, failed: stats.failed, skipped: stats.skipped, notRun: stats.notRun }, { passed: 1, failed: 1, skipped: 1, notRun: 2 });
      assert.match(stats.failures[0]!.title, /before all/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
