import { stopSharedServers } from './servers';

/** Root hooks: the servers start lazily in the tests that need them and stop once at the end. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedServers();
  },
};
