import * as assert from 'node:assert';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

/**
 * Snippets in a real VS Code window: press Insert on a solution card while a TypeScript file is
 * open, land in that file at the cursor, and tab through the placeholders; then the same through
 * IntelliSense with the sdp- prefix.
 */
describe('Snippets: insert from a card and from IntelliSense (real VS Code window)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  /**
   * Characters selected per cursor, from the status bar: "(8 selected)" for one cursor, or
   * "2 selections (16 characters selected)" where a placeholder is mirrored.
   */
  async function selectionLength(): Promise<number> {
    const status = await wb.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
    const many = /(\d+) selections \((\d+) characters selected\)/.exec(status);
    if (many) return Number(many[2]) / Number(many[1]);
    const one = /\((\d+) selected\)/.exec(status);
    return one ? Number(one[1]) : 0;
  }

  /** Waits until the status bar reports a selection of `length` characters (it updates a little after the cursor). */
  async function expectSelectionLength(length: number, what: string): Promise<void> {
    const deadline = Date.now() + UI_TIMEOUT;
    let seen = -1;
    while (Date.now() < deadline) {
      seen = await selectionLength();
      if (seen === length) return;
      await wb.page.waitForTimeout(200);
    }
    assert.strictEqual(seen, length, what);
  }

  /** Types over a placeholder; closes IntelliSense if typing opened it, so Tab goes to the next stop. */
  async function typeInPlaceholder(text: string): Promise<void> {
    await wb.page.keyboard.type(text);
    await wb.page.waitForTimeout(300);
    if (await wb.page.locator('.editor-widget.suggest-widget.visible').isVisible()) await wb.page.keyboard.press('Escape');
  }

  it('inserts optimistic locking from its card into the open TypeScript file and tabs through the stops', async () => {
    await wb.openFile('inventory.ts');
    await wb.page.keyboard.press('Control+End');

    await wb.runCommand('System Design Patterns: Search Patterns');
    await wb.page.locator('.quick-input-widget input.input[placeholder^="Search patterns"]').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.type('Optimistic Locking');
    await wb.quickInputRows().filter({ hasText: 'Optimistic Locking' }).first().waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.press('Enter');
    const card = wb.card();
    await card.locator('h1#card-title', { hasText: 'Optimistic Locking' }).waitFor({ timeout: UI_TIMEOUT });

    const insert = card.locator('vscode-button[data-action="insert-snippet"][data-snippet="optimistic-locking"][data-language="typescript"]');
    await insert.scrollIntoViewIfNeeded();
    await wb.screenshot('snippet-card');
    await insert.click();

    // The design file comes back into view with the snippet at the cursor, first stop selected.
    await wb.page.locator('.editor-instance .view-lines', { hasText: 'updateWithVersion' }).first().waitFor({ timeout: UI_TIMEOUT });
    const text = await wb.editorText();
    assert.match(text, /export interface Item/, 'the existing code is still there');
    assert.match(text, /export async function updateWithVersion\(/);
    await expectSelectionLength('updateWithVersion'.length, 'the first tab stop is selected');

    // Type over the first stop, then Tab to the next: the retry limit default "10".
    await typeInPlaceholder('updateStock');
    await wb.page.keyboard.press('Tab');
    await expectSelectionLength('10'.length, 'Tab moves to the second stop');
    await typeInPlaceholder('5');
    await wb.page.keyboard.press('Tab');
    await expectSelectionLength('quantity'.length, 'Tab moves to the column name');
    await wb.page.keyboard.press('Escape');
    const edited = await wb.editorText();
    assert.match(edited, /export async function updateStock\(/);
    assert.match(edited, /maxAttempts = 5,/);
    await wb.screenshot('snippet-inserted');
  });

  it('offers the snippets in IntelliSense under the sdp- prefix', async () => {
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('sdp-cache');
    await wb.page.keyboard.press('Control+Space');
    const row = wb.page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'sdp-cache-aside' }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('snippet-intellisense');
    await wb.page.keyboard.press('Escape');
  });
});
