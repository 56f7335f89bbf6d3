import { settleTest, writeProofReport } from './harness';
import { stopSharedServers } from './servers';

/**
 * Root hooks: the servers start lazily in the tests that need them and stop once at the end; each
 * test's `proves()` records count only if it passed.
 */
export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    const test = this.currentTest;
    if (test) settleTest(test.fullTitle(), test.state);
  },
  async afterAll(): Promise<void> {
    await stopSharedServers();
  },
};

/** After the reporter's summary: test-results/snippet-proofs.json and the "N of M variants" line. */
export function mochaGlobalTeardown(): void {
  writeProofReport();
}
