import * as assert from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

/**
 * The design review inside the document, in a real VS Code window: CodeLens above the title, a
 * hover on a figure that counted, and the Problems panel. With SDP_UPDATE_SCREENSHOTS=1 the
 * hover and Problems screenshots are copied to docs/images/ for the README.
 */
const docsImages = join(__dirname, '..', '..', 'docs', 'images');

describe('In-document review: CodeLens, hover and Problems (real VS Code window)', () => {
  let wb: Workbench;

  async function saveScreenshot(name: string): Promise<void> {
    const path = await wb.screenshot(name);
    if (process.env['SDP_UPDATE_SCREENSHOTS'] === '1') {
      mkdirSync(docsImages, { recursive: true });
      copyFileSync(path, join(docsImages, `${name}.png`));
    }
  }

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1280, height: 800 } });
    await wb.openFile('ticket-booking-design.md');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`in-document-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the top patterns as CodeLens above the title', async () => {
    // The title's lens (a score), not a section's ("Dealing with Contention · evidence lines in this section: 2").
    const lens = wb.page.locator('.editor-instance .codelens-decoration', { hasText: /Dealing with Contention \d+%/ }).first();
    await lens.waitFor({ timeout: UI_TIMEOUT });
    // The editor redraws its CodeLens when a re-analysis lands: read the text until a drawn lens
    // gives it (once, a read between the match and the redraw gave an empty string).
    const deadline = Date.now() + UI_TIMEOUT;
    let text = '';
    let lastError: unknown;
    while (!/Dealing with Contention \d+%/.test(text) && Date.now() < deadline) {
      text = await lens.innerText({ timeout: Math.max(1_000, deadline - Date.now()) }).catch((error: unknown) => {
        lastError = error;
        return '';
      });
      if (!/Dealing with Contention \d+%/.test(text)) await wb.page.waitForTimeout(200);
    }
    assert.match(text, /Dealing with Contention \d+%/, `the title lens read "${text}"; last read error: ${String(lastError)}`);
  });

  it('hovering the figure "50,000 seats" explains why it counted and the limit it was compared with', async () => {
    // Put the cursor inside the figure (line 4, column 10), then show the hover as a keyboard user would.
    await wb.page.locator('.editor-instance .view-lines').first().click();
    await wb.page.keyboard.press('Control+G');
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(':4:10');
    await wb.page.keyboard.press('Enter');
    await wb.runCommand('Show or Focus Hover');
    const hover = wb.page.locator('.monaco-hover', { hasText: 'Why it counted' }).first();
    await hover.waitFor({ timeout: UI_TIMEOUT });
    const text = await hover.innerText();
    assert.match(text, /Dealing with Contention/);
    assert.match(text, /2 million fans competing for 50,000 seats/);
    assert.match(text, /Limit compared with: users:items >= 10/);
    assert.match(text, /Open the card of Dealing with Contention beside the document/);
    await saveScreenshot('in-document-hover');
    await wb.page.keyboard.press('Escape');
  });

  it('lists the findings in the Problems panel: the figure as a warning, the open questions as information', async () => {
    await wb.page.keyboard.press('Control+Shift+M');
    const panel = wb.page.locator('.markers-panel');
    await panel.waitFor({ timeout: UI_TIMEOUT });
    const warning = panel.locator('.monaco-list-row', { hasText: '2 million fans competing for 50,000 seats' }).first();
    await warning.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await warning.innerText(), /System Design Patterns/);
    assert.ok(await warning.locator('.codicon-warning').count() > 0, 'shown as a warning');
    const question = panel.locator('.monaco-list-row', { hasText: 'Open question (Dealing with Contention)' }).first();
    await question.waitFor({ timeout: UI_TIMEOUT });
    assert.ok(await question.locator('.codicon-info').count() > 0, 'shown as information');
    await saveScreenshot('in-document-problems');
  });
});
