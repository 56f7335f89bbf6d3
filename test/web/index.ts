/**
 * Entry point of the web level: mocha inside the browser's web worker extension host (see
 * scripts/test-host/run-web.mjs). The host loads this one bundled file with its own CommonJS
 * loader, which offers no `require` but `vscode`: mocha's browser build and every test file are
 * part of the bundle. Results go to the console, which the smoke-test driver forwards to the
 * runner; the last line carries the counts as JSON, since a worker cannot write a file.
 */
// Mocha's browser build. Its package is an ES module package, so the UMD wrapper takes the
// global branch: the `mocha` instance is a global once the file has run.
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { VIRTUAL_SCHEME } from './carrier';
import { errorSummary, failedHookSuite, selectedBy, testsNotRun, type SuiteTree } from '../../scripts/test-host/testCounts.cjs';

const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;

interface Runnable { title: string; fullTitle(): string; duration?: number; type?: string; parent?: SuiteTree }
interface Runner {
  /** mocha's `--grep` expression and `--invert` flag, when a run sets them (see selectedBy). */
  readonly _grep?: RegExp;
  readonly _invert?: boolean;
  on(event: string, listener: (item: Runnable, error?: Error) => void): void;
  once(event: string, listener: () => void): void;
}
interface BrowserMocha {
  setup(options: { ui: string; reporter: new (runner: Runner) => unknown; timeout: number; color: boolean }): void;
  run(done: (failures: number) => void): void;
}

/** One console line per event, pre-formatted (the driver forwards console arguments unformatted). */
class LineReporter {
  constructor(runner: Runner) {
    let depth = 0;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: { title: string; error: string }[] = [];
    // Suites whose hook failed: mocha leaves the rest of such a suite unrun.
    const hookSuites: SuiteTree[] = [];
    runner.on('suite', (suite) => {
      if (suite.title) console.log(`${'  '.repeat(depth)}${suite.title}`);
      depth++;
    });
    runner.on('suite end', () => depth--);
    runner.on('pass', (test) => {
      passed++;
      console.log(`${'  '.repeat(depth)}✔ ${test.title} (${test.duration ?? 0}ms)`);
    });
    runner.on('pending', (test) => {
      skipped++;
      console.log(`${'  '.repeat(depth)}- ${test.title} (skipped)`);
    });
    runner.on('fail', (test, error) => {
      failed++;
      failures.push({ title: test.fullTitle(), error: errorSummary(error) });
      const hookSuite = failedHookSuite(test);
      if (hookSuite) hookSuites.push(hookSuite);
      console.log(`${'  '.repeat(depth)}✘ ${test.fullTitle()}\n${error?.stack ?? error?.message ?? ''}`);
    });
    runner.once('end', () => {
      const notRun = testsNotRun(hookSuites, selectedBy(runner));
      console.log(`web extension-host tests: ${passed} passing, ${failed} failing, ${skipped} skipped${notRun ? `, ${notRun} not run` : ''}`);
      console.log(`sdp-web-stats ${JSON.stringify({ passed, failed, skipped, notRun, tests: passed + failed + skipped, failures })}`);
    });
  }
}

export function run(): Promise<void> {
  mocha.setup({ ui: 'tdd', reporter: LineReporter, timeout: 60_000, color: false });
  // After setup, which defines suite() and test(): the files register their tests as they load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  // The runner's second pass opens the virtual folder of the carrier (test/web/carrier.ts): only its suite runs there.
  if (vscode.workspace.workspaceFolders?.[0]?.uri.scheme === VIRTUAL_SCHEME) {
    require('./virtual.test');
  } else {
    require('./host.test');
    require('./flows.test');
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web extension-host test(s) failed`)) : resolve()));
  });
}
