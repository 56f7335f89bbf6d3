// Mocha's spec reporter, plus the run's counts written to $SDP_TEST_STATS as JSON so that
// scripts/test-all.mjs can add up every level into one "N passed, N failed" line and name what failed.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

/** The same as test/support/errorSummary.ts: the error's first line and an assertion's diff lines (else the next few lines), on one line. */
function errorSummary(error) {
  const message = typeof error?.message === 'string' && error.message.trim() ? error.message : String(error?.name ?? error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  // An assertion's diff ("+ 3", "- 4") when it has one; else the lines after the first ("3 !== 4", the expression).
  const rest = lines.slice(1).filter((line) => line !== '+ actual - expected');
  const diff = rest.filter((line) => /^[+-] /.test(line));
  return [lines[0] ?? '', ...(diff.length > 0 ? diff : rest.slice(0, 3))].join(' ').slice(0, 300);
}

/** The same as test/support/notRun.ts: the tests under `suites` (each once) that neither ran nor were skipped on purpose, among those selected. */
function testsNotRun(suites, selected = () => true) {
  const seen = new Set();
  const visit = (suite) => {
    for (const test of suite.tests) {
      const skipped = typeof test.isPending === 'function' ? test.isPending() : test.pending === true;
      if (test.state !== 'passed' && test.state !== 'failed' && !skipped && selected(test)) seen.add(test);
    }
    suite.suites.forEach(visit);
  };
  suites.forEach(visit);
  return seen.size;
}

/** The same as test/support/notRun.ts: which tests the run selected, by mocha's rule for --grep and --invert. */
function selectedBy(runner) {
  const grep = runner._grep;
  if (!(grep instanceof RegExp)) return () => true;
  return (test) => {
    if (typeof test.fullTitle !== 'function') return true;
    // A grep given as '/x/g' is a global expression, whose test() starts where the last one ended,
    // so mocha itself then runs some matching tests and not others. This count reads it as not
    // global, so under a failed hook the count may differ from what mocha ran: it may count a test
    // mocha skipped or, under --invert, leave out one mocha ran.
    grep.lastIndex = 0;
    return grep.test(test.fullTitle()) !== Boolean(runner._invert);
  };
}

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
// For its unit test (test/unit/testHost/errorSummary.test.ts).
module.exports.errorSummary = errorSummary;
module.exports.testsNotRun = testsNotRun;
module.exports.selectedBy = selectedBy;
