/**
 * How many tests a failed hook left unrun. When a `before`, `beforeEach` or `afterEach` hook fails,
 * mocha counts the hook as one failure and leaves the rest of its suite unrun: the tests after it
 * count as nothing at all, so without this count the summary of `npm test` (scripts/test-all.mjs)
 * would hide them. Only tests under a suite whose hook failed are counted, so tests that `--grep`
 * or `.only` left out are not. scripts/test-host/statsReporter.cjs holds the same function for the
 * levels mocha runs in Node (it is not bundled, so it cannot import this one).
 */
export interface TestLike {
  readonly state?: string;
  readonly pending?: boolean;
  isPending?(): boolean;
  fullTitle?(): string;
}

export interface SuiteTree {
  readonly tests: readonly TestLike[];
  readonly suites: readonly SuiteTree[];
}

/**
 * The tests under `suites` (each counted once, also when one suite holds another) that neither ran
 * nor were skipped on purpose, among those the run selected (`selected`: see `selectedBy`).
 */
export function testsNotRun(suites: readonly SuiteTree[], selected: (test: TestLike) => boolean = () => true): number {
  const seen = new Set<object>();
  const visit = (suite: SuiteTree): void => {
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
export function failedHookSuite(runnable: { readonly type?: string; readonly parent?: SuiteTree }): SuiteTree | undefined {
  return runnable.type === 'hook' ? runnable.parent : undefined;
}

/**
 * Which tests a run selected, by mocha's own rule for `--grep` and `--invert` (its runner keeps the
 * expression as `_grep`, and runs a test when the expression matches its full title, or does not
 * under `--invert`): a test `--grep` left out was never meant to run.
 */
export function selectedBy(runner: { readonly _grep?: RegExp; readonly _invert?: boolean }): (test: TestLike) => boolean {
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
