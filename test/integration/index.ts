/**
 * Entry point of the extension-host test suite. Both hosts load it: code-server through the
 * workbench's smoke-test driver (scripts/test-host/run-integration.mjs) and the desktop build
 * through @vscode/test-electron (scripts/test-desktop.mjs). It runs every *.test.js bundled
 * beside it and resolves only when all pass.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { errorSummary, failedHookSuite, selectedBy, testsNotRun, type SuiteTree } from '../../scripts/test-host/testCounts.cjs';

/** Each failed test's full title and the start of its error, for the summary of `npm test`. */
const failed: { title: string; error: string }[] = [];
/** Suites whose hook failed: mocha leaves the rest of such a suite unrun. */
const hookSuites: SuiteTree[] = [];
/** Those suites' tests that never ran, counted when the run ends (before mocha's own callback). */
let notRunAtEnd = 0;

/** One console line per event, pre-formatted: the smoke-test driver forwards console arguments unformatted. */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    let depth = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) console.log(`${'  '.repeat(depth)}${suite.title}`);
      depth++;
    });
    runner.on('suite end', () => depth--);
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => console.log(`${'  '.repeat(depth)}✔ ${test.title} (${test.duration ?? 0}ms)`));
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => console.log(`${'  '.repeat(depth)}- ${test.title} (skipped)`));
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      console.log(`${'  '.repeat(depth)}✘ ${test.fullTitle()}\n${error.stack ?? error.message}`);
      failed.push({ title: test.fullTitle(), error: errorSummary(error) });
      const hookSuite = failedHookSuite(test);
      if (hookSuite) hookSuites.push(hookSuite);
    });
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      const notRun = testsNotRun(hookSuites, selectedBy(runner as unknown as { _grep?: RegExp; _invert?: boolean }));
      notRunAtEnd = notRun;
      console.log(`extension-host tests: ${stats?.passes ?? 0} passing, ${stats?.failures ?? 0} failing, ${stats?.pending ?? 0} skipped${notRun ? `, ${notRun} not run` : ''}`);
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: LineReporter });
  // Offer the tdd globals (suite/test) too, as VS Code's own extension tests use them.
  Mocha.interfaces.tdd(mocha.suite);
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const stats = mocha.suite ? collectStats(mocha.suite) : undefined;
      const statsFile = process.env['SDP_TEST_STATS'];
      if (statsFile && stats) writeFileSync(statsFile, JSON.stringify({ ...stats, failed: failures, files: files.length, failures: failed }));
      if (files.length === 0) reject(new Error('no extension-host test files were found beside index.js'));
      else if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}

function collectStats(suite: Mocha.Suite): { passed: number; skipped: number; notRun: number; tests: number } {
  let passed = 0;
  let skipped = 0;
  let tests = 0;
  const visit = (s: Mocha.Suite): void => {
    for (const t of s.tests) {
      tests++;
      if (t.state === 'passed') passed++;
      else if (t.isPending()) skipped++;
    }
    s.suites.forEach(visit);
  };
  visit(suite);
  return { passed, skipped, notRun: notRunAtEnd, tests };
}
