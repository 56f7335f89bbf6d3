import * as assert from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { walkthroughTexts } from './support/walkthroughTexts';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

/**
 * The Get Started walkthrough on VS Code's Welcome page, as a user opens it from the palette: its
 * title and steps as the manifest declares them (support/walkthroughTexts.ts) and the step's
 * themed picture. With SDP_UPDATE_SCREENSHOTS=1 the
 * screenshot is copied to docs/images/walkthrough.png for the README and docs/walkthrough.md.
 */
const docsImages = join(__dirname, '..', '..', 'docs', 'images');
const { title: TITLE, steps: STEPS } = walkthroughTexts();

describe('Get Started walkthrough (real VS Code window)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from "Welcome: Open Walkthrough..." with the manifest\'s steps and a themed picture', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.fill('System Design Patterns');
    await wb.quickInputRows().filter({ hasText: TITLE }).first().waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Enter');

    const page = wb.page.locator('.gettingStartedContainer');
    await page.locator('.getting-started-category .category-title, h2', { hasText: TITLE }).first().waitFor({ timeout: UI_TIMEOUT });
    const titles = await page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepStrictEqual(titles.map((t) => t.trim()).filter((t) => t.length > 0), STEPS);
    // The first step's SVG is inlined with the theme's colours (not a broken image).
    await page.locator('.getting-started-media svg, .getting-started-media img, .getting-started-media iframe').first().waitFor({ timeout: UI_TIMEOUT });

    await wb.page.waitForTimeout(2500); // the step's picture is drawn in a webview: let it load before the screenshot
    const path = await wb.screenshot('walkthrough');
    if (process.env['SDP_UPDATE_SCREENSHOTS'] === '1') {
      mkdirSync(docsImages, { recursive: true });
      copyFileSync(path, join(docsImages, 'walkthrough.png'));
    }
  });
});
