import * as assert from 'node:assert';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

describe('Sidebar and command palette (real VS Code window)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('opens the activity-bar entry and shows the pattern tree', async () => {
    await wb.openSidebar();
    const labels = await wb.treeRows().locator('.label-name').allInnerTexts();
    assert.ok(labels.includes('Real-time Updates'), `tree rows: ${labels.join(' | ')}`);
    assert.ok(labels.some((l) => /Contention/.test(l)), `tree rows: ${labels.join(' | ')}`);
    await wb.screenshot('sidebar-tree');
  });

  it('expands a pattern to show its solutions', async () => {
    await wb.treeRow('Real-time Updates').locator('.monaco-tl-twistie').click();
    await wb.treeRow('WebSockets').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('sidebar-expanded');
  });

  it('runs "Search Patterns" from the command palette', async () => {
    await wb.runCommand('System Design Patterns: Search Patterns');
    await wb.page.locator('.quick-input-widget input.input[placeholder^="Search patterns"]').waitFor({ timeout: UI_TIMEOUT });
    await wb.page.keyboard.type('optimistic');
    await wb.quickInputRows().filter({ hasText: 'Optimistic Locking' }).first().waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('search-quick-pick');
    await wb.page.keyboard.press('Escape');
  });
});
