/**
 * Mocha root hooks for the UI tests: one code-server with the packaged extension installed,
 * one Chromium, for the whole run; stopped (with its process group) at the end.
 */
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { packagedVsix, setHost } from './workbench';

const repoRoot = join(__dirname, '..', '..', '..');
let server: { url: string; stop(): Promise<void> } | undefined;
let browser: Browser | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(10 * 60_000);
    const vsix = packagedVsix();
    // The host scripts are ES modules shared with the integration runner.
    const ensure = await import('../../../scripts/test-host/ensure.mjs');
    const serverModule = await import('../../../scripts/test-host/server.mjs');
    const host = ensure.ensureTestHost();
    const dataDir = serverModule.freshDataDir('e2e');
    const settings = { 'workbench.colorTheme': 'Default Dark Modern' };
    serverModule.writeUserSettings(dataDir, settings);
    serverModule.installVsix(dataDir, vsix);
    server = await serverModule.startCodeServer({ dataDir, folder: join(repoRoot, 'examples') });
    browser = await chromium.launch({ executablePath: host.chromium, args: serverModule.CHROMIUM_ARGS });
    setHost({ browser, url: server.url, dataDir, settings: { ...serverModule.CLEAN_SETTINGS, ...settings } });
  },
  async afterAll(): Promise<void> {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  },
};
