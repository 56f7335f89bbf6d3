/**
 * The walkthrough opens on install, as a new user meets it: a fresh code-server without the
 * extension, its Welcome page shown at startup (VS Code's default `workbench.startupEditor`), the
 * Marketplace replaced by a local one-extension gallery that serves the packaged .vsix
 * (support/localGallery.ts). The first window searches the Extensions view, clicks Install, trusts
 * the publisher, and expects VS Code to open "Get Started with System Design Patterns" by itself.
 * The second window does the same with VS Code's opener turned off
 * (`workbench.welcomePage.walkthroughs.openOnInstall: false`) and expects no walkthrough once the
 * extension is installed and active: so the first window's walkthrough came from VS Code's opener,
 * not from the extension (test/unit/l10n/manifest.test.ts also checks the sources and the bundles
 * for an opener). docs/walkthrough.md says when VS Code opens it and when it does not.
 * Each window has its own code-server and Chromium (the shared one already has the extension); its
 * run folder under .vscode-test/runs is removed afterwards unless SDP_KEEP_RUN_DIRS=1.
 */
import * as assert from 'node:assert';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LocalGallery } from './support/localGallery';
import { walkthroughTexts } from './support/walkthroughTexts';
import { packagedVsix, UI_TIMEOUT, Workbench } from './support/workbench';

const repoRoot = join(__dirname, '..', '..');

const { title: TITLE, steps: STEPS } = walkthroughTexts();
/** VS Code waits up to 5 s for an experiment service before it decides; activation comes on top. */
const OPEN_TIMEOUT = 60_000;
/** How long the opener-off window watches for a walkthrough after the extension is active. */
const QUIET_WAIT = 20_000;
const SIGNATURE_ASSET = 'Microsoft.VisualStudio.Services.VsixSignature';

/** One fresh window on its own code-server and gallery, with the Welcome page at startup. */
class InstallWindow {
  gallery!: LocalGallery;
  page!: Page;
  /** The shared UI helpers (activity-bar entry, Patterns view, screenshots) over this window's page. */
  workbench!: Workbench;
  private server: { url: string; stop(): Promise<void> } | undefined;
  private browser: Browser | undefined;
  private dataDir: string | undefined;

  constructor(
    private readonly name: string,
    private readonly machineSettings: Record<string, unknown> = {},
  ) {}

  async open(): Promise<void> {
    this.gallery = new LocalGallery(packagedVsix());
    await this.gallery.start();
    const ensure = await import('../../scripts/test-host/ensure.mjs');
    const serverModule = await import('../../scripts/test-host/server.mjs');
    const host = ensure.ensureTestHost();
    const dataDir = serverModule.freshDataDir(this.name);
    this.dataDir = dataDir;
    // The other UI tests start with no editor; a new user starts with the Welcome page, which is
    // also what brings VS Code's walkthrough service to life in the window (docs/walkthrough.md).
    serverModule.writeUserSettings(dataDir, { 'workbench.colorTheme': 'Default Dark Modern', 'workbench.startupEditor': 'welcomePage' });
    // openOnInstall is machine-scoped: in code-server (a remote window) it is read from the
    // server's Machine settings; in the User settings it would be ignored.
    if (Object.keys(this.machineSettings).length > 0) {
      mkdirSync(join(dataDir, 'ud', 'Machine'), { recursive: true });
      writeFileSync(join(dataDir, 'ud', 'Machine', 'settings.json'), JSON.stringify(this.machineSettings));
    }
    const workspace = join(dataDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    this.server = await serverModule.startCodeServer({ dataDir, folder: workspace, env: { EXTENSIONS_GALLERY: this.gallery.environmentValue } });
    this.browser = await chromium.launch({ executablePath: host.chromium, args: serverModule.CHROMIUM_ARGS });
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    this.page.setDefaultTimeout(UI_TIMEOUT);
    await this.page.goto(`${this.server.url}/?folder=${encodeURIComponent(workspace)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    this.workbench = new Workbench(this.page, workspace);
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    // Resolves once code-server has exited, so it no longer writes into the folder removed below.
    await Promise.all([this.server?.stop(), this.gallery?.stop()]);
    // Only this window's own run folder; other sessions' folders are left alone.
    if (this.dataDir && process.env['SDP_KEEP_RUN_DIRS'] !== '1') {
      rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
    }
  }

  stepTitles() {
    return this.page.locator('.gettingStartedContainer .getting-started-step .step-title');
  }

  /** Before the install: the Welcome page, no extension, no walkthrough, nothing downloaded. */
  async expectFreshWelcomePage(): Promise<void> {
    await this.page.locator('.gettingStartedContainer').first().waitFor({ timeout: 60_000 });
    assert.strictEqual(await this.workbench.activityEntry().count(), 0, 'the extension is already installed');
    assert.strictEqual(await this.stepTitles().filter({ hasText: STEPS[0]! }).count(), 0, 'its walkthrough is already showing');
    assert.strictEqual(this.gallery.packageDownloads(), 0);
  }

  /** What a user does: search the Extensions view, Install, trust the publisher. */
  async installFromExtensionsView(): Promise<void> {
    const page = this.page;
    await page.keyboard.press('Control+Shift+X');
    await page.locator('.extensions-viewlet').first().waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.type('System Design Patterns');
    const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: this.gallery.displayName }).first();
    const install = row.locator('.extension-action.install:not(.disabled)', { hasText: /^Install$/ }).first();
    await install.waitFor({ timeout: 60_000 });
    await install.click();
    // A first extension from a publisher asks for trust; the user says yes.
    const trust = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Trust Publisher & Install' });
    await trust.waitFor({ timeout: UI_TIMEOUT });
    await trust.click();
  }

  /**
   * The extension is installed (its activity-bar entry appears) and active (the Patterns view,
   * which only the running extension fills, lists the patterns).
   */
  async expectInstalledAndActive(): Promise<void> {
    await this.workbench.openSidebar({ timeout: 60_000 });
  }

  /** Downloaded once from the local gallery; the signature it lists was never fetched. */
  expectDownloadedOnce(): void {
    const log = `gallery requests: ${this.gallery.requests.join(', ')}`;
    assert.strictEqual(this.gallery.packageDownloads(), 1, log);
    assert.deepStrictEqual(this.gallery.requests.filter((r) => r.includes(SIGNATURE_ASSET)), [], log);
  }
}

/** Opens the window before the suite's tests and closes it after them. */
function openedForSuite(window: InstallWindow): InstallWindow {
  before(async function () {
    this.timeout(5 * 60_000);
    await window.open();
  });
  after(async function () {
    this.timeout(60_000);
    await window.close();
  });
  return window;
}

describe('Get Started walkthrough opens on install (real VS Code windows, each on its own code-server)', () => {
  describe('from the Extensions view, with VS Code\'s defaults', () => {
    const window = openedForSuite(new InstallWindow('e2e-walkthrough-install'));

    it('starts on the Welcome page, without the extension and without its walkthrough', async () => {
      await window.expectFreshWelcomePage();
    });

    it('search, Install, trust the publisher: VS Code opens the walkthrough by itself', async function () {
      this.timeout(4 * 60_000);
      await window.installFromExtensionsView();
      const title = window.page.locator('.gettingStartedContainer .getting-started-category .category-title, .gettingStartedContainer h2', { hasText: TITLE }).first();
      await title.waitFor({ timeout: OPEN_TIMEOUT }).catch(async (error: unknown) => {
        await window.workbench.screenshot('walkthrough-on-install-failed');
        throw error;
      });
      await window.stepTitles().first().waitFor({ timeout: UI_TIMEOUT });
      const titles = (await window.stepTitles().allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
      assert.deepStrictEqual(titles, STEPS);
      // Installed from the gallery, and opened in one tab.
      window.expectDownloadedOnce();
      assert.strictEqual(await window.page.locator('.tabs-container .tab', { hasText: 'Welcome' }).count(), 1);
      await window.workbench.screenshot('walkthrough-on-install');
      // And the extension runs: its Patterns view lists the patterns.
      await window.expectInstalledAndActive();
    });
  });

  describe('not with VS Code\'s opener turned off (openOnInstall: false in the Machine settings)', () => {
    const window = openedForSuite(new InstallWindow('e2e-walkthrough-install-off', { 'workbench.welcomePage.walkthroughs.openOnInstall': false }));

    it('installs and activates the extension, and no walkthrough opens: the extension has no opener of its own', async function () {
      this.timeout(4 * 60_000);
      await window.expectFreshWelcomePage();
      await window.installFromExtensionsView();
      await window.expectInstalledAndActive();
      window.expectDownloadedOnce();
      const step = window.stepTitles().filter({ hasText: STEPS[0]! }).first();
      const appeared = await step.waitFor({ state: 'visible', timeout: QUIET_WAIT }).then(() => true, () => false);
      if (appeared) await window.workbench.screenshot('walkthrough-on-install-off-opened');
      assert.strictEqual(appeared, false, `a walkthrough step ("${STEPS[0]}") showed although VS Code's opener is off`);
    });
  });
});
