/**
 * The walkthrough opens on install, as a new user meets it: a fresh code-server without the
 * extension, its Welcome page shown at startup (VS Code's default `workbench.startupEditor`), the
 * Marketplace replaced by a local one-extension gallery that serves the packaged .vsix
 * (support/localGallery.ts). The test searches the Extensions view, clicks Install, trusts the
 * publisher, and expects VS Code to open "Get Started with System Design Patterns" by itself. The
 * extension has no code that opens its walkthrough (test/unit/l10n/manifest.test.ts checks that),
 * so this is VS Code's own opener at work; docs/walkthrough.md says when it runs and when it does not.
 * This spec starts its own code-server and Chromium: the shared one already has the extension.
 */
import * as assert from 'node:assert';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LocalGallery } from './support/localGallery';
import { screenshotDir, UI_TIMEOUT } from './support/workbench';

const repoRoot = join(__dirname, '..', '..');
const TITLE = 'Get Started with System Design Patterns';
const STEPS = ['Browse the patterns', 'Open a card beside your doc', 'Suggest patterns for the sample design doc', 'Insert a snippet', 'Start your own design doc'];
/** VS Code waits up to 5 s for an experiment service before it decides; activation comes on top. */
const OPEN_TIMEOUT = 60_000;

describe('Get Started walkthrough opens on install from the Extensions view (real VS Code window)', () => {
  let gallery: LocalGallery | undefined;
  let server: { url: string; stop(): void } | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(5 * 60_000);
    const vsix = process.env['SDP_VSIX'] ?? join(repoRoot, 'dist', 'system-design-patterns.vsix');
    if (!existsSync(vsix)) throw new Error(`e2e: ${vsix} is missing; run "npm run package" first (npm test does it).`);
    gallery = new LocalGallery(vsix);
    await gallery.start();
    const ensure = await import('../../scripts/test-host/ensure.mjs');
    const serverModule = await import('../../scripts/test-host/server.mjs');
    const host = ensure.ensureTestHost();
    const dataDir = serverModule.freshDataDir('e2e-walkthrough-install');
    // The other UI tests start with no editor; a new user starts with the Welcome page, which is
    // also what brings VS Code's walkthrough service to life in the window (docs/walkthrough.md).
    serverModule.writeUserSettings(dataDir, { 'workbench.colorTheme': 'Default Dark Modern', 'workbench.startupEditor': 'welcomePage' });
    // Negative control: SDP_WALKTHROUGH_OPEN_ON_INSTALL=false turns VS Code's opener off, and this
    // test must then fail. The setting is machine-scoped, so in code-server (a remote window) it is
    // read from the server's Machine settings; in the User settings it would be ignored.
    if (process.env['SDP_WALKTHROUGH_OPEN_ON_INSTALL'] === 'false') {
      mkdirSync(join(dataDir, 'ud', 'Machine'), { recursive: true });
      writeFileSync(join(dataDir, 'ud', 'Machine', 'settings.json'), JSON.stringify({ 'workbench.welcomePage.walkthroughs.openOnInstall': false }));
    }
    const workspace = join(dataDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    server = await serverModule.startCodeServer({ dataDir, folder: workspace, env: { EXTENSIONS_GALLERY: gallery.environmentValue } });
    browser = await chromium.launch({ executablePath: host.chromium, args: serverModule.CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    server?.stop();
    await gallery?.stop();
  });

  const screenshot = async (name: string): Promise<void> => {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  };
  const stepTitles = () => page.locator('.gettingStartedContainer .getting-started-step .step-title');

  it('starts on the Welcome page, without the extension and without its walkthrough', async () => {
    await page.locator('.gettingStartedContainer').first().waitFor({ timeout: 60_000 });
    assert.strictEqual(await page.locator('.part.activitybar a.action-label[aria-label^="System Design Patterns"]').count(), 0, 'the extension is already installed');
    assert.strictEqual(await stepTitles().filter({ hasText: STEPS[0]! }).count(), 0, 'its walkthrough is already showing');
    assert.strictEqual(gallery!.packageDownloads(), 0);
  });

  it('search, Install, trust the publisher: VS Code opens the walkthrough by itself', async function () {
    this.timeout(4 * 60_000);
    await page.keyboard.press('Control+Shift+X');
    await page.locator('.extensions-viewlet').first().waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.type('System Design Patterns');
    const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: gallery!.displayName }).first();
    const install = row.locator('.extension-action.install:not(.disabled)', { hasText: /^Install$/ }).first();
    await install.waitFor({ timeout: 60_000 });
    await install.click();
    // A first extension from a publisher asks for trust; the user says yes.
    const trust = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Trust Publisher & Install' });
    await trust.waitFor({ timeout: UI_TIMEOUT });
    await trust.click();

    const title = page.locator('.gettingStartedContainer .getting-started-category .category-title, .gettingStartedContainer h2', { hasText: TITLE }).first();
    await title.waitFor({ timeout: OPEN_TIMEOUT }).catch(async (error: unknown) => {
      await screenshot('walkthrough-on-install-failed');
      throw error;
    });
    await stepTitles().first().waitFor({ timeout: UI_TIMEOUT });
    const titles = (await stepTitles().allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
    assert.deepStrictEqual(titles, STEPS);
    // Installed from the gallery (the package was downloaded once), and opened in one tab.
    assert.strictEqual(gallery!.packageDownloads(), 1, `gallery requests: ${gallery!.requests.join(', ')}`);
    assert.strictEqual(await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).count(), 1);
    await screenshot('walkthrough-on-install');
  });
});
