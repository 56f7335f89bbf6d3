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

export function errorSummary(error: unknown): string;
export function testsNotRun(suites: readonly SuiteTree[], selected?: (test: TestLike) => boolean): number;
export function failedHookSuite(runnable: { readonly type?: string; readonly parent?: SuiteTree }): SuiteTree | undefined;
export function selectedBy(runner: { readonly _grep?: RegExp; readonly _invert?: boolean }): (test: TestLike) => boolean;
