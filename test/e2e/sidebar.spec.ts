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
    await wb.treeRow('Real-time Updates').click();
    await wb.treeRow('WebSockets').waitFor({ timeout: UI_TIMEOUT });
    await wb.screenshot('sidebar-expanded');
  });

  it('runs "Search Patterns" from the command palette', async () => {
    await wb.runCommand('System Design Patterns: Search Patterns');
    await wb.quickInputRows().first().waitFor({ timeout: UI_TIMEOUT });
    const rows = await wb.quickInputRows().allInnerTexts();
    assert.ok(rows.length > 3, `quick pick rows: ${rows.length}`);
    await wb.screenshot('search-quick-pick');
    await wb.page.keyboard.press('Escape');
  });
});
