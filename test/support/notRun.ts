/**
 * How many tests of a mocha suite tree neither ran nor were skipped on purpose. A `before` or
 * `beforeEach` hook that fails makes mocha leave the rest of its suite unrun: the hook counts as one
 * failure, and the tests after it as nothing at all, so without this count the summary of `npm test`
 * (scripts/test-all.mjs) would hide them. scripts/test-host/statsReporter.cjs holds the same
 * function for the levels mocha runs in Node (it is not bundled, so it cannot import this one).
 */
export interface SuiteTree {
  readonly tests: readonly { readonly state?: string; readonly pending?: boolean; isPending?(): boolean }[];
  readonly suites: readonly SuiteTree[];
}

export function testsNotRun(suite: SuiteTree): number {
  let count = 0;
  for (const test of suite.tests) {
    const skipped = typeof test.isPending === 'function' ? test.isPending() : test.pending === true;
    if (test.state !== 'passed' && test.state !== 'failed' && !skipped) count++;
  }
  for (const child of suite.suites) count += testsNotRun(child);
  return count;
}
