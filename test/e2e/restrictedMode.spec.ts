/**
 * Restricted Mode with the packaged .vsix installed (both entries; code-server runs it in its Node
 * extension host): workspace trust is on and the folder is not trusted. VS Code disables an
 * installed extension there unless its manifest declares `capabilities.untrustedWorkspaces`;
 * this extension declares it, so the tree and Suggest must work. This spec starts its own
 * code-server (the shared one runs with workspace trust off).
 */
import * as assert from 'node:assert';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { packagedVsix, UI_TIMEOUT, Workbench } from './support/workbench';

const repoRoot = join(__dirname, '..', '..');

describe('Restricted Mode: an untrusted folder (real VS Code window)', () => {
  let server: { url: string; stop(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;

  before(async function () {
    this.timeout(5 * 60_000);
    const vsix = packagedVsix();
    const ensure = await import('../../scripts/test-host/ensure.mjs');
    const serverModule = await import('../../scripts/test-host/server.mjs');
    const host = ensure.ensureTestHost();
    const dataDir = serverModule.freshDataDir('e2e-restricted');
    serverModule.writeUserSettings(dataDir, {
      'workbench.colorTheme': 'Default Dark Modern',
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
    });
    serverModule.installVsix(dataDir, vsix);
    const { cpSync, mkdirSync } = await import('node:fs');
    const workspace = join(dataDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    server = await serverModule.startCodeServer({ dataDir, folder: workspace, workspaceTrust: true });
    browser = await chromium.launch({ executablePath: host.chromium, args: serverModule.CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    wb = new Workbench(page, workspace);
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('the window is in Restricted Mode', async () => {
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
  });

  it('the extension is enabled: its activity-bar entry shows the pattern tree', async () => {
    await wb.activityEntry().waitFor({ timeout: 60_000 });
    await wb.openSidebar();
    const labels = await wb.treeRows().locator('.label-name').allInnerTexts();
    assert.ok(labels.includes('Real-time Updates'), `tree rows: ${labels.join(' | ')}`);
  });

  it('Suggest works on the sample design doc', async () => {
    await wb.openFile('ticket-booking-design.md');
    await wb.runCommand('System Design Patterns: Suggest Patterns for This Document');
    await wb.quickInputRows().filter({ hasText: 'Dealing with Contention' }).first().waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('restricted-mode');
    await wb.page.keyboard.press('Escape');
  });
});
