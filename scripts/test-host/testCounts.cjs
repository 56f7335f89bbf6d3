// What every test level reports for the summary of `npm test` (scripts/test-all.mjs), in one place:
// the mocha reporter in Node (statsReporter.cjs) requires it, and the extension-host indexes
// (test/integration/index.ts, test/web/index.ts) import it, bundled. Plain CommonJS, no imports,
// so that each of them can load it. Types: testCounts.d.cts.

/** The start of a failed test's error, on one line: its first line, then an assertion's diff lines ("+ 3", "- 4"), or else the next few lines ("3 !== 4", the expression that was falsy), up to 300 characters. */
function errorSummary(error) {
  const message = typeof error?.message === 'string' && error.message.trim() ? error.message : String(error?.name ?? error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const rest = lines.slice(1).filter((line) => line !== '+ actual - expected');
  const diff = rest.filter((line) => /^[+-] /.test(line));
  return [lines[0] ?? '', ...(diff.length > 0 ? diff : rest.slice(0, 3))].join(' ').slice(0, 300);
}

/**
 * How many tests under `suites` (each counted once, also when one suite holds another) neither ran
 * nor were skipped on purpose, among those the run selected. When a `before`, `beforeEach` or
 * `afterEach` hook fails, mocha counts the hook as one failure and leaves the rest of its suite
 * unrun, counted as nothing at all: `suites` are the suites whose hook failed (`failedHookSuite`).
 */
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

/** The suite a failed runnable belongs to, when it is a hook (mocha's `fail` event gives hooks and tests alike). */
function failedHookSuite(runnable) {
  return runnable.type === 'hook' ? runnable.parent : undefined;
}

/**
 * Which tests a run selected, by mocha's rule for `--grep` and `--invert` (its runner keeps the
 * expression as `_grep` and runs a test when it matches the full title, or does not under
 * `--invert`): a test `--grep` left out was never meant to run.
 */
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

module.exports = { errorSummary, testsNotRun, failedHookSuite, selectedBy };
