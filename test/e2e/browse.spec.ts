import * as assert from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, describeViolations } from './support/axe';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

/**
 * Browsing the catalog in a real VS Code window: tree → card, links inside the card, back,
 * search, and a card that survives a window reload. With SDP_UPDATE_SCREENSHOTS=1 the theme
 * screenshots are also copied to docs/images/ for the README.
 */
const repoRoot = join(__dirname, '..', '..');
const docsImages = join(repoRoot, 'docs', 'images');
const THEMES = [
  { name: 'light', theme: 'Light Modern' },
  { name: 'dark', theme: 'Dark Modern' },
  { name: 'high-contrast', theme: 'Dark High Contrast' },
  // Its code colours differ from the dark one's (white code on the code-block grey slipped through once).
  { name: 'high-contrast-light', theme: 'Light High Contrast' },
] as const;

describe('Browse: pattern tree and trade-off cards (real VS Code window)', () => {
  let wb: Workbench;

  const card = () => wb.card();
  const cardTitle = () => card().locator('h1#card-title');

  async function expectCard(title: string): Promise<void> {
    await card().locator('h1#card-title', { hasText: title }).waitFor({ timeout: UI_TIMEOUT });
  }

  async function openFromTree(label: string): Promise<void> {
    await wb.treeRow(label).locator('.label-name').click();
    await expectCard(label);
  }

  /** Items with a command expand only from their twistie, so clicking the label opens the card. */
  async function expand(label: string): Promise<void> {
    const row = wb.treeRow(label);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  async function saveScreenshot(name: string): Promise<void> {
    const path = await wb.screenshot(name);
    if (process.env['SDP_UPDATE_SCREENSHOTS'] === '1') {
      mkdirSync(docsImages, { recursive: true });
      copyFileSync(path, join(docsImages, `${name}.png`));
    }
  }

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1280, height: 800 } });
    await wb.openSidebar();
  });
  after(async () => {
    await wb?.close();
  });

  it('opens a pattern from the tree and compares its solutions', async () => {
    await openFromTree('Real-time Updates');
    const compare = card().locator('section.compare');
    await compare.locator('h2', { hasText: 'Solutions compared' }).waitFor();
    const options = await compare.locator('li.option h3').allInnerTexts();
    assert.deepStrictEqual(options, ['Simple Polling', 'Long Polling', 'Server-Sent Events (SSE)', 'WebSockets', 'WebRTC (peer to peer)']);
    const first = compare.locator('li.option').first();
    const text = (await first.textContent()) ?? '';
    for (const label of ['Best for', 'Buys', 'Costs']) assert.ok(text.includes(label), `shows ${label}`);
    // The card opens with the overview, then the problem, then the solutions side by side.
    const h2 = await card().locator('main h2').allInnerTexts();
    assert.deepStrictEqual(h2.slice(0, 3), ['Overview', 'Problem', 'Solutions compared']);
  });

  it('opens a solution from the tree and shows its pros and cons side by side', async () => {
    await expand('Real-time Updates');
    await wb.treeRow('WebSockets').waitFor({ timeout: UI_TIMEOUT });
    await openFromTree('WebSockets');
    const pros = card().locator('section.pros-column');
    const cons = card().locator('section.cons-column');
    await pros.locator('h3', { hasText: 'Pros' }).waitFor();
    await cons.locator('h3', { hasText: 'Cons' }).waitFor();
    assert.ok((await pros.locator('li').count()) >= 2);
    assert.ok((await cons.locator('li').count()) >= 2);
    const [p, c] = [await pros.boundingBox(), await cons.boundingBox()];
    assert.ok(p && c && Math.abs(p.y - c.y) < 2 && c.x > p.x, 'two columns in a wide editor');
    // The tree keeps the node of the active card selected.
    await wb.treeRows().filter({ hasText: 'WebSockets' }).and(wb.page.locator('.selected')).first().waitFor();
  });

  it('follows a link to a deep dive and goes back', async () => {
    await card().locator('a.card-link', { hasText: 'Connection failures and reconnection' }).first().click();
    await expectCard('Connection failures and reconnection');
    await card().locator('main h2', { hasText: 'Short answer for an interview' }).waitFor();
    await card().locator('vscode-button[data-action="back"]').click();
    await expectCard('WebSockets');
    await card().locator('vscode-button[data-action="forward"]:not([disabled])').waitFor();
  });

  it('searches for "idempotency" and lands on its card', async () => {
    // The card had the focus (the previous test clicked "back" in it): searchPatterns moves it first.
    await wb.searchPatterns('idempotency', 'Idempotency Keys');
    await wb.quickInputRows().filter({ hasText: 'Idempotency Keys' }).first().click();
    await expectCard('Idempotency Keys');
    await wb.treeRows().filter({ hasText: 'Idempotency Keys' }).and(wb.page.locator('.selected')).first().waitFor();
  });

  it('restores the card after a window reload', async () => {
    await card().locator('section.trade-offs').waitFor();
    // "Developer: Reload Window" shuts the workbench down cleanly, so it saves the open editors
    // (a bare browser reload may not get the chance to). The card just opened with the focus, which
    // it may claim back from the palette: the palette opens from the tree.
    await wb.focusPatternTree();
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await expectCard('Idempotency Keys');
    assert.strictEqual(await cardTitle().count(), 1);
    await card().locator('vscode-button[data-action="back"]:not([disabled])').waitFor();
  });

  it('stays readable in a narrow editor column: pros and cons stack, the comparison table fits in four columns', async () => {
    // 760 px of window leaves the card about 400 px next to the activity bar and the sidebar.
    await wb.page.setViewportSize({ width: 760, height: 800 });
    try {
      await expand('Real-time Updates');
      await openFromTree('WebSockets');
      const [p, c] = [await card().locator('section.pros-column').boundingBox(), await card().locator('section.cons-column').boundingBox()];
      assert.ok(p && c && c.y >= p.y + p.height - 1, 'cons below pros');

      await openFromTree('Real-time Updates');
      const main = card().locator('main');
      const width = await main.evaluate((m) => m.clientWidth);
      assert.ok(width >= 300 && width <= 720, `the card column is ${width}px wide`);
      const overflow = await main.evaluate((m) => m.scrollWidth - m.clientWidth);
      assert.ok(overflow <= 1, `the card itself never scrolls sideways (overflow ${overflow}px)`);

      // The pattern's comparison table: eight columns in the file, three in the panel, the rest in
      // an expandable row under each row.
      const comparison = card().locator('section', { has: card().locator('h2', { hasText: 'Comparison' }) });
      const table = comparison.locator('table').first();
      await table.evaluate((t) => t.scrollIntoView({ block: 'start' }));
      const headers = await table.locator('thead th').allInnerTexts();
      assert.ok(headers.length <= 4, `at most four columns: ${headers.join(' | ')}`);
      assert.deepStrictEqual(headers, ['Method', 'Direction', 'Latency (event to screen)']);
      const region = comparison.locator('.table-scroll').first();
      const spill = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(spill <= 1, `the folded table fits the column (${spill}px to scroll)`);

      // The folded columns open in place, one row at a time.
      const details = table.locator('tbody tr.folded-row details.folded-cells').first();
      assert.strictEqual(await details.locator('dl').isVisible(), false, 'folded until asked');
      await details.locator('summary').click();
      await details.locator('dl').waitFor({ state: 'visible' });
      const folded = await details.locator('dt').allInnerTexts();
      assert.ok(folded.includes('Reach for it when'), `folded headers: ${folded.join(', ')}`);

      const violations = await axeViolations(wb);
      assert.deepStrictEqual(violations, [], describeViolations(violations));
      await saveScreenshot('card-narrow');
    } finally {
      await wb.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  for (const { name, theme } of THEMES) {
    it(`renders pattern and solution cards in the ${name} theme with no axe-core violations`, async () => {
      await wb.setColorTheme(theme);
      await wb.openSidebar();
      await openFromTree('Dealing with Contention');
      // The card opens with its overview; the screenshot shows that opening.
      await card().locator('main h2', { hasText: 'Overview' }).waitFor();
      await card().locator('h1#card-title').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await saveScreenshot(`card-pattern-${name}`);
      const patternViolations = await axeViolations(wb);
      assert.deepStrictEqual(patternViolations, [], `axe on the pattern card (${name}):\n${describeViolations(patternViolations)}`);
      await expand('Dealing with Contention');
      await wb.treeRow('Optimistic Locking').waitFor({ timeout: UI_TIMEOUT });
      await openFromTree('Optimistic Locking');
      // The top of a solution card: its at-a-glance row (best for, costs, avoid when), then the text.
      const glance = await card().locator('section.glance dt').allInnerTexts();
      assert.ok(glance.includes('Avoid when'), `at a glance: ${glance.join(', ')}`);
      await card().locator('h1#card-title').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await saveScreenshot(`card-solution-${name}`);
      const solutionViolations = await axeViolations(wb);
      assert.deepStrictEqual(solutionViolations, [], `axe on the solution card (${name}):\n${describeViolations(solutionViolations)}`);
    });
  }
});
