import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedHookSuite, selectedBy, testsNotRun, type SuiteTree } from '../../../scripts/test-host/testCounts.cjs';

const root = join(__dirname, '..', '..', '..');
const reporterPath = join(root, 'scripts', 'test-host', 'statsReporter.cjs');

describe('tests a failed hook left unrun are counted, for the summary of npm test', () => {
  const test = (state?: string, pending = false) => ({ state, pending });

  it('counts tests with no result that were not skipped on purpose, in nested suites', () => {
    const tree: SuiteTree = {
      tests: [test('passed'), test(undefined, true), test()],
      suites: [{ tests: [test('failed'), test(), test()], suites: [{ tests: [test()], suites: [] }] }],
    };
    assert.equal(testsNotRun([tree]), 4);
    assert.equal(testsNotRun([{ tests: [test('passed'), test('failed'), test(undefined, true)], suites: [] }]), 0);
    // A suite inside another whose hook also failed: its tests count once.
    assert.equal(testsNotRun([tree, tree.suites[0]!]), 4);
    assert.equal(testsNotRun([]), 0);
  });

  it('reads isPending() where mocha gives it (a test in a skipped suite is pending through its parent)', () => {
    assert.equal(testsNotRun([{ tests: [{ isPending: () => true }, { isPending: () => false }], suites: [] }]), 1);
  });

  it('only a failed hook names a suite to count: a failed test does not', () => {
    const suite: SuiteTree = { tests: [], suites: [] };
    assert.equal(failedHookSuite({ type: 'hook', parent: suite }), suite);
    assert.equal(failedHookSuite({ type: 'test', parent: suite }), undefined);
  });

  /** Runs real mocha on `lines` through the reporter and returns the counts it wrote. */
  const runMocha = (lines: string[], args: string[] = []): { status: number | null; stats: { passed: number; failed: number; skipped: number; notRun: number; failures: { title: string }[] } } => {
    const dir = mkdtempSync(join(tmpdir(), 'sdp-notrun-'));
    try {
      const spec = join(dir, 'hook.spec.js');
      writeFileSync(spec, lines.join('\n'));
      const statsFile = join(dir, 'stats.json');
      const run = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--reporter', reporterPath, ...args, spec], {
        env: { ...process.env, SDP_TEST_STATS: statsFile }, encoding: 'utf8',
      });
      return { status: run.status, stats: JSON.parse(readFileSync(statsFile, 'utf8')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const counts = ({ passed, failed, skipped, notRun }: { passed: number; failed: number; skipped: number; notRun: number }) => ({ passed, failed, skipped, notRun });

  it('the reporter writes them to its stats file when a before hook fails in a real mocha run', function () {
    this.timeout(30_000);
    const { status, stats } = runMocha([
      "describe('ok', () => { it('runs', () => {}); it.skip('is skipped', () => {}); });",
      "describe('broken', () => { before(() => { throw new Error('setup failed'); }); it('first', () => {}); it('second', () => {}); });",
    ]);
    assert.notEqual(status, 0, 'mocha should fail: a hook failed');
    assert.deepEqual(counts(stats), { passed: 1, failed: 1, skipped: 1, notRun: 2 });
    assert.match(stats.failures[0]!.title, /before all/);
  });

  it('a failed beforeEach leaves the rest of its suite unrun too', function () {
    this.timeout(30_000);
    const { stats } = runMocha([
      "describe('each', () => { let n = 0; beforeEach(() => { if (++n === 2) throw new Error('second setup failed'); }); it('a', () => {}); it('b', () => {}); it('c', () => {}); });",
    ]);
    assert.deepEqual(counts(stats), { passed: 1, failed: 1, skipped: 0, notRun: 2 });
  });

  it('under a failed hook, only the tests --grep selected count as not run', function () {
    this.timeout(30_000);
    const { stats } = runMocha([
      "describe('s', () => { before(() => { throw new Error('setup failed'); }); it('wanted one', () => {}); it('other', () => {}); it('another', () => {}); });",
    ], ['--grep', 'wanted']);
    assert.deepEqual(counts(stats), { passed: 0, failed: 1, skipped: 0, notRun: 1 });
    const inverted = runMocha([
      "describe('s', () => { before(() => { throw new Error('setup failed'); }); it('wanted one', () => {}); it('other', () => {}); it('another', () => {}); });",
    ], ['--grep', 'wanted', '--invert']);
    assert.deepEqual(counts(inverted.stats), { passed: 0, failed: 1, skipped: 0, notRun: 2 });
  });

  it('selectedBy: every test without a grep; a grep, inverted or not, by its full title', () => {
    const t = (title: string) => ({ fullTitle: () => title });
    assert.equal(selectedBy({})(t('b')), true);
    assert.equal(selectedBy({ _grep: /a/ })(t('b')), false);
    assert.equal(selectedBy({ _grep: /a/, _invert: true })(t('b')), true);
    // A global expression is read the same every time.
    const global = selectedBy({ _grep: /a/g });
    assert.deepEqual([global(t('a')), global(t('a')), global(t('a'))], [true, true, true]);
  });

  it('tests that --grep leaves out are not "not run": nothing failed', function () {
    this.timeout(30_000);
    const { status, stats } = runMocha(["describe('s', () => { it('wanted', () => {}); it('other', () => {}); });"], ['--grep', 'wanted']);
    assert.equal(status, 0);
    assert.deepEqual(counts(stats), { passed: 1, failed: 0, skipped: 0, notRun: 0 });
  });
});
