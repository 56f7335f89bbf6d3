// Mocha's spec reporter, plus the run's counts written to $SDP_TEST_STATS as JSON so that
// scripts/test-all.mjs can add up every level into one "N passed, N failed" line and name what failed.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');
const { errorSummary, selectedBy, testsNotRun } = require('./testCounts.cjs');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // Each failed test (or hook) with the start of its error, for the summary of `npm test`.
    const failed = [];
    // Suites whose hook failed: mocha leaves the rest of such a suite unrun (counted as "not run").
    const hookSuites = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      failed.push({ title: test.fullTitle(), error: errorSummary(error) });
      if (test.type === 'hook' && test.parent) hookSuites.push(test.parent);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.SDP_TEST_STATS;
      if (!file) return;
      const { passes, failures, pending, tests } = runner.stats ?? {};
      const notRun = testsNotRun(hookSuites, selectedBy(runner));
      writeFileSync(file, JSON.stringify({ passed: passes ?? 0, failed: failures ?? 0, skipped: pending ?? 0, notRun, tests: tests ?? 0, failures: failed }));
    });
  }
}
module.exports = StatsReporter;
