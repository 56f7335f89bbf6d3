/**
 * Drives a real VS Code (code-server) in Debian's Chromium for the UI tests.
 * One code-server serves the whole e2e run (started in hooks.ts with the packaged .vsix
 * installed); each test opens its own page on its own copy of examples/.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';

/** Playwright's 5 s default is too short on 2 cores. */
export const UI_TIMEOUT = 20_000;
export const CONTAINER_ID = 'systemDesignPatterns';
const repoRoot = join(__dirname, '..', '..', '..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** The packaged extension the UI tests install: SDP_VSIX, or the file `npm run package` writes. */
export function packagedVsix(): string {
  const vsix = process.env['SDP_VSIX'] ?? join(repoRoot, 'dist', 'system-design-patterns.vsix');
  if (!existsSync(vsix)) throw new Error(`e2e: ${vsix} is missing; run "npm run package" first (npm test does it).`);
  return vsix;
}

interface HostState {
  browser: Browser;
  url: string;
  dataDir: string;
  settings: Record<string, unknown>;
}
let host: HostState | undefined;
let workspaceCounter = 0;

export function setHost(state: HostState): void {
  host = state;
}

function requireHost(): HostState {
  if (!host) throw new Error('e2e: the workbench host is not running (test/e2e/support/hooks.ts starts it)');
  return host;
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly workspace: string,
  ) {}

  /** The activity-bar entry of the extension. */
  activityEntry(): Locator {
    return this.page.locator(`.part.activitybar a.action-label[aria-label^="System Design Patterns"]`).first();
  }

  /**
   * Shows the extension's view container and waits for the Patterns tree's first row, which only
   * the running extension fills. `timeout` for each wait: longer where the extension is still
   * being installed or activated.
   */
  async openSidebar({ timeout = UI_TIMEOUT }: { timeout?: number } = {}): Promise<void> {
    const entry = this.activityEntry();
    await entry.waitFor({ timeout });
    const container = this.page.locator(`[id="workbench.view.extension.${CONTAINER_ID}"]`);
    if (!(await container.isVisible())) await entry.click();
    await this.treeRows().first().waitFor({ timeout });
  }

  treeRows(): Locator {
    return this.page.locator(`[id="workbench.view.extension.${CONTAINER_ID}"] .monaco-list-row`);
  }

  treeRow(label: string): Locator {
    return this.treeRows().filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /**
   * Runs a command from the command palette by its full title ("Category: Title"), opening the
   * palette again if it closed before listing the command (`retried`, three tries).
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await this.retried(3, `the command palette closed before it listed "${title}"`, async () => {
      await this.page.keyboard.press('F1');
      await input.waitFor({ timeout: UI_TIMEOUT });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: UI_TIMEOUT });
    });
    await this.page.keyboard.press('Enter');
  }

  /**
   * Picks a colour theme the way a user does: Ctrl+K Ctrl+T, type its name, Enter. The chord is
   * pressed in the Patterns tree, not inside a card, whose webview may claim the focus back.
   */
  async setColorTheme(label: string): Promise<void> {
    await this.focusPatternTree();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(label);
    await this.quickInputRows().filter({ hasText: label }).first().waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.waitForTimeout(500); // the webview picks up the new theme variables
  }

  /**
   * Runs `attempt` up to `tries` times. A quick pick closes when it loses the focus, and a card's
   * webview that had the focus can claim it back after the pick opened (its focus message arrives
   * late on a loaded machine), and again after Escape hands the focus back to it. Before each retry
   * it prints `what` and where the focus was, presses Escape and waits a moment.
   */
  private async retried(tries: number, what: string, attempt: () => Promise<void>): Promise<void> {
    for (let n = 1; ; n++) {
      try {
        await attempt();
        return;
      } catch (error) {
        if (n === tries) throw error;
        const focused = await this.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? 'none');
        console.log(`      ${what} (try ${n}); the focus was on ${focused}`);
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1_000);
      }
    }
  }

  /** Puts the keyboard focus in the Patterns tree, the container's first view (nothing opens), and waits until it is there. */
  async focusPatternTree(): Promise<void> {
    const container = `[id="workbench.view.extension.${CONTAINER_ID}"]`;
    await this.openSidebar();
    await this.page.locator(`${container} .monaco-list`).first().focus();
    await this.page.waitForFunction((selector) => document.activeElement?.closest(selector) != null, container, { timeout: UI_TIMEOUT });
  }

  /**
   * Opens "Search Patterns" and types `query`, until the row holding `row` is listed: from the
   * Patterns tree, so that no card's webview holds the focus, and again if the pick closed all the
   * same (`retried`, four tries).
   */
  async searchPatterns(query: string, row: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input[placeholder^="Search patterns"]');
    await this.retried(4, `the search closed before "${query}" listed "${row}"`, async () => {
      await this.focusPatternTree();
      await this.runCommand('System Design Patterns: Search Patterns');
      // The pointer rests where the palette's row was; over the first pick it opens the hover of
      // its long detail (summary and keywords), which covers the input. Move it out of the way.
      await this.page.mouse.move(5, 5);
      await input.waitFor({ timeout: UI_TIMEOUT });
      await input.fill(query, { timeout: 5_000 });
      await this.quickInputRows().filter({ hasText: row }).first().waitFor({ timeout: UI_TIMEOUT });
    });
  }

  quickInputRows(): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row');
  }

  /** The content of the active webview (the card). */
  card(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** The visible text of the active editor, with non-breaking spaces made plain. */
  async editorText(): Promise<string> {
    const text = await this.page.locator('.editor-instance .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.editor-instance .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Reloads the window through "Developer: Reload Window": the workbench shuts down cleanly and
   * saves its open editors (a plain browser reload does not, so nothing would be restored).
   */
  async reload(): Promise<void> {
    await this.runCommand('Developer: Reload Window');
    await this.page.waitForLoadState('load');
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.activityEntry().waitFor({ timeout: 60_000 });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/** Opens a fresh window on a fresh copy of examples/ and waits for the workbench. */
export async function openWorkbench(options: { viewport?: { width: number; height: number } } = {}): Promise<Workbench> {
  const state = requireHost();
  const workspace = join(state.dataDir, `workspace-${++workspaceCounter}`);
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  const context = await state.browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  await page.goto(`${state.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const workbench = new Workbench(page, workspace);
  // The extension's activity-bar entry shows once extensions are registered.
  await workbench.activityEntry().waitFor({ timeout: 60_000 });
  return workbench;
}
