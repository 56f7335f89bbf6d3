import * as assert from 'node:assert';
import type { Locator } from 'playwright-core';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

describe('Suggest patterns and the Design Review view (real VS Code window)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  afterEach(async function () {
    // A failed step leaves a picture of the window behind, named after the step.
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`suggest-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await wb?.close();
  });

  /** The rows of the Design Review pane only (the Patterns pane shares the sidebar). */
  function reviewPane(): Locator {
    return wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Design Review' }) });
  }

  function reviewRows(): Locator {
    return reviewPane().locator('.pane-body .monaco-list-row');
  }

  function reviewRow(label: string): Locator {
    return reviewRows().filter({ has: wb.page.locator('.label-name', { hasText: label }) }).first();
  }

  it('the Design Review view invites to open a design doc while none is open', async () => {
    await wb.openSidebar();
    const welcome = reviewPane().locator('.welcome-view-content');
    await welcome.filter({ hasText: 'Open a markdown or plain-text design doc' }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('design-review-welcome');
    await wb.openFile('ticket-booking-design.md');
  });

  it('runs "Suggest Patterns for This Document" and shows the suggestions in a quick pick', async () => {
    await wb.runCommand('System Design Patterns: Suggest Patterns for This Document');
    const row = wb.quickInputRows().filter({ hasText: 'Dealing with Contention' }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    const text = await row.innerText();
    assert.match(text, /\d+%/, `quick pick row: ${text}`);
    await wb.screenshot('suggest-quick-pick');
    await wb.page.keyboard.press('Escape');
    await row.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    // Escape opened nothing and changed nothing.
    assert.match(await wb.editorText(), /Design doc: concert ticket booking/);
  });

  it('lists the suggestion with its evidence in the Design Review view; clicking evidence moves the cursor there', async () => {
    await wb.openSidebar();
    const suggestion = reviewRow('Dealing with Contention');
    await suggestion.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await suggestion.innerText(), /\d+%/);
    if ((await suggestion.getAttribute('aria-expanded')) !== 'true') await suggestion.locator('.monaco-tl-twistie').click();

    // "Why" opens with the suggestion; its rows quote the document and say where.
    await reviewRow('Why').waitFor({ timeout: UI_TIMEOUT });
    const evidence = reviewRows().filter({ hasText: /line \d+/ }).first();
    await evidence.waitFor({ timeout: UI_TIMEOUT });
    const line = Number(/line (\d+)/.exec(await evidence.innerText())![1]);
    // Last in "Why": the words the learned text model read for this score, named as the document writes them.
    const words = reviewRow('Words that raised it');
    await words.waitFor({ timeout: UI_TIMEOUT });
    const named = await words.locator('.label-description').innerText();
    assert.match(named, /^[\p{L}\p{N}]+(, [\p{L}\p{N}]+)*$/u, named);
    await wb.screenshot('design-review');

    await evidence.click();
    const position = wb.page.locator('[id="status.editor.selection"]');
    // "Ln 4, Col 20 (12 selected)": the cursor is on the evidence's line with the quoted text selected.
    await position.filter({ hasText: new RegExp(`Ln ${line}, Col \\d+ \\(\\d+ selected\\)`) }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('design-review-evidence-clicked');

    // Nothing edited the document: no dirty marker on its tab.
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'ticket-booking-design.md' }).first();
    assert.doesNotMatch((await tab.getAttribute('class')) ?? '', /\bdirty\b/);
  });

  it('lists the numbers found, normalised', async () => {
    // The list renders only the rows in view: fold the suggestion so the groups below it show.
    const suggestion = reviewRow('Dealing with Contention');
    if ((await suggestion.getAttribute('aria-expanded')) === 'true') await suggestion.locator('.monaco-tl-twistie').click();
    const numbers = reviewRow('Numbers found');
    await numbers.waitFor({ timeout: UI_TIMEOUT });
    if ((await numbers.getAttribute('aria-expanded')) !== 'true') await numbers.locator('.monaco-tl-twistie').click();
    // Label: the figure as written; description: normalised, with its line.
    await reviewRows().filter({ hasText: '2 million fans' }).filter({ hasText: '2M users' }).first().waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('design-review-numbers');
  });

  it('picking a suggestion in the quick pick opens its card', async () => {
    await wb.page.locator('.editor-instance .view-lines').first().click();
    await wb.runCommand('System Design Patterns: Suggest Patterns for This Document');
    const row = wb.quickInputRows().filter({ hasText: 'Dealing with Contention' }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.click();
    await wb.card().locator('h1#card-title', { hasText: 'Dealing with Contention' }).waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('suggest-opened-card');
    // Focus moved to the card; the review still shows the design doc beside it.
    await reviewRow('Dealing with Contention').waitFor({ timeout: UI_TIMEOUT });
  });
});
