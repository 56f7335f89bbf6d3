import * as assert from 'node:assert';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { axeViolations, cardFrame, describeViolations } from './support/axe';
import { openWorkbench, UI_TIMEOUT, type Workbench } from './support/workbench';

/**
 * Diagrams on the cards in a real VS Code window: the build-time SVG is on screen, takes its
 * colours from the theme in light, dark and high contrast (screenshots test-results/screenshots/
 * card-diagram-*.png, copied to docs/images/ for the README), passes axe-core, keeps its labels
 * inside their boxes and its drawn size in a narrow panel (scrolling sideways), copies its source,
 * and the time from a click in the tree to the first paint of the card holding the diagram is
 * printed (never asserted).
 */
const THEMES = [
  { name: 'light', theme: 'Light Modern' },
  { name: 'dark', theme: 'Dark Modern' },
  { name: 'high-contrast', theme: 'Dark High Contrast' },
] as const;

describe('Diagrams: build-time SVG on the cards (real VS Code window)', () => {
  let wb: Workbench;
  const card = () => wb.card();

  async function openFromTree(label: string): Promise<void> {
    await wb.treeRow(label).locator('.label-name').click();
    await card().locator('h1#card-title', { hasText: label }).waitFor({ timeout: UI_TIMEOUT });
  }

  async function expand(label: string): Promise<void> {
    const row = wb.treeRow(label);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  before(async () => {
    wb = await openWorkbench({ viewport: { width: 1280, height: 800 } });
    await wb.openSidebar();
    await expand('Real-time Updates');
    await wb.treeRow('Long Polling').waitFor({ timeout: UI_TIMEOUT });
  });
  after(async () => {
    await wb?.close();
  });

  /**
   * Opens a card from the tree and returns the wall-clock times (Date.now(): one machine clock for
   * this process, the extension host and the webview) of the click, of the open command's start in
   * the extension host (`data-requested-at`, new panels only) and of the first rendering update in
   * which the card's diagram intersected the viewport (`data-diagram-shown-at`, recorded by the
   * webview's IntersectionObserver, src/webview/card/diagramShown.ts).
   */
  async function openAndTime(label: string, newPanel: boolean): Promise<{ clicked: number; requested: number; shown: number }> {
    if (newPanel) {
      await wb.runCommand('View: Close All Editors');
      await wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: UI_TIMEOUT }).catch(() => undefined);
    }
    const clicked = Date.now();
    await openFromTree(label);
    const frame = await cardFrame(wb);
    await frame.waitForFunction(() => document.body.dataset['diagramShownAt'] !== undefined, undefined, { timeout: UI_TIMEOUT });
    const times = await frame.evaluate(() => ({
      requested: Number(document.body.dataset['requestedAt']),
      shown: Number(document.body.dataset['diagramShownAt']),
    }));
    return { clicked, ...times };
  }

  it('prints the time from a click in the tree to the first paint of the card holding the diagram', async () => {
    // Warm-up: the first card of a window loads the catalog and the webview bundle; that is not the diagram's cost.
    await openFromTree('Real-time Updates');
    const fresh = await openAndTime('Long Polling', true);
    assert.ok(await card().locator('figure.diagram svg[role="img"]').first().isVisible(), 'the diagram is on screen');
    assert.ok(fresh.requested >= fresh.clicked && fresh.shown >= fresh.requested, `click ${fresh.clicked} <= host command ${fresh.requested} <= diagram shown ${fresh.shown}`);
    const reused = await openAndTime('Server-Sent Events (SSE)', false);
    assert.ok(await card().locator('figure.diagram svg[role="img"]').first().isVisible(), 'the diagram is on screen');
    assert.ok(reused.shown >= reused.clicked, 'the diagram is shown after the click');

    console.log(
      `      click to first paint of the card holding the diagram (goal under 150 ms): new panel ${fresh.shown - fresh.clicked} ms ` +
        `(${fresh.requested - fresh.clicked} ms from the click to the open command in the extension host, Playwright's click and the workbench; ` +
        `${fresh.shown - fresh.requested} ms from the command to the frame that shows the diagram); ` +
        `open panel ${reused.shown - reused.clicked} ms`,
    );
  });

  /** A node of the installed dist/catalog.json. */
  interface CatalogEntry {
    readonly id: string;
    readonly title: string;
    readonly diagrams?: readonly { readonly source: string; readonly svg: string; readonly title: string }[];
    readonly children?: readonly CatalogEntry[];
  }
  /**
   * The catalog of the extension installed in this window (the packaged dist/catalog.json, in the
   * run's extensions folder beside the workspace): what the cards show, whatever a build in the
   * working tree is doing to dist/ meanwhile.
   */
  const catalogRoots = (): CatalogEntry[] => {
    const extensions = join(dirname(wb.workspace), 'ext');
    const installed = readdirSync(extensions).find((name) => name.startsWith('system-design-patterns.system-design-patterns-'));
    if (!installed) throw new Error(`the extension is not installed in ${extensions}`);
    return (JSON.parse(readFileSync(join(extensions, installed, 'dist', 'catalog.json'), 'utf8')) as { roots: CatalogEntry[] }).roots;
  };
  /** Every diagram of the catalog's solutions, with its node and the node's pattern. */
  const solutionDiagrams = () =>
    catalogRoots().flatMap((pattern) =>
      (pattern.children ?? []).flatMap((node) => (node.diagrams ?? []).map((diagram) => ({ pattern, node, diagram }))),
    );

  /**
   * Opens a card through "Search Patterns" (a tree row far down the list is not rendered until
   * scrolled to); searchPatterns retries when the card opened before takes the focus back.
   */
  async function openByTitle(title: string): Promise<void> {
    await wb.searchPatterns(title, title);
    await wb.page.keyboard.press('Enter');
    await card().locator('h1#card-title', { hasText: title }).waitFor({ timeout: UI_TIMEOUT });
  }

  it('draws the widest label inside its box (the SVG keeps the font its layout assumed)', async () => {
    // The longest box label of the catalog, by its characters.
    const labelled = solutionDiagrams().flatMap(({ pattern, node, diagram }) =>
      [...diagram.svg.matchAll(/<g class="node">.*?<text[^>]*>([^<]+)<\/text><\/g>/g)].map((m) => ({ pattern, node, label: m[1]! })),
    );
    const widest = labelled.sort((a, b) => b.label.length - a.label.length)[0]!;
    await openByTitle(widest.node.title);
    const figure = card().locator('figure.diagram').first();
    await figure.locator('svg[role="img"]').waitFor({ state: 'visible' });
    const overflows = await figure.evaluate((f) => {
      const out: string[] = [];
      let checked = 0;
      for (const node of f.querySelectorAll<SVGGElement>('svg g.node')) {
        const box = node.querySelector<SVGGraphicsElement>('rect, polygon, path, circle, ellipse');
        if (!box) continue;
        const b = box.getBBox();
        for (const text of node.querySelectorAll<SVGTextElement>('text')) {
          checked++;
          const t = text.getBBox();
          if (t.x < b.x - 0.5 || t.x + t.width > b.x + b.width + 0.5) out.push(`"${text.textContent}": text ${t.width.toFixed(1)} px in a box of ${b.width.toFixed(1)} px`);
        }
      }
      return { out, checked, font: getComputedStyle(f.querySelector('svg text')!).fontFamily };
    });
    assert.ok(overflows.checked > 0, 'the diagram has labelled boxes');
    assert.deepStrictEqual(overflows.out, [], `labels overflow their boxes in ${overflows.font} (widest: "${widest.label}")`);
  });

  it('keeps a wide diagram at its drawn size in a narrow panel, scrolling sideways from the keyboard', async () => {
    const widths = solutionDiagrams().map((d) => ({ ...d, width: Number(/^<svg [^>]*width="([\d.]+)"/.exec(d.diagram.svg)?.[1]) }));
    const wide = widths.sort((a, b) => b.width - a.width)[0]!;
    // The card opens at full width: in a narrow window the quick pick went inert and hid again on a
    // loaded machine (three tries in a row). What is tested is the card once the window narrows.
    await openByTitle(wide.node.title);
    // A 760 px window: the card gets about 400 px beside the side bar.
    await wb.page.setViewportSize({ width: 760, height: 800 });
    try {
      // The workbench lays itself out again after the resize; on a loaded machine that came after
      // the quick pick had opened and closed it (twice in a row). Wait until the new size is laid out.
      await wb.page.waitForFunction(() => window.innerWidth === 760 && (document.querySelector('.monaco-workbench') as HTMLElement | null)?.offsetWidth === 760, undefined, { timeout: UI_TIMEOUT })
        .catch(async (error: Error) => {
          const measured = await wb.page.evaluate(() => ({ window: window.innerWidth, workbench: (document.querySelector('.monaco-workbench') as HTMLElement | null)?.offsetWidth }))
            .then((m) => `the window measures ${m.window} px and the workbench ${m.workbench === undefined ? 'is not in the page' : `${m.workbench} px`}`, () => 'the page could not be measured');
          throw new Error(`the workbench was not laid out at 760 px after the resize (${measured}): ${error.message}`);
        });
      await wb.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const region = card().locator('figure.diagram .diagram-image[role="region"]').first();
      await region.locator('svg[role="img"]').waitFor({ state: 'visible' });
      // The card's frame follows the workbench's new layout a moment later: wait for it to narrow.
      for (let i = 0; i < 100 && (await region.evaluate(() => document.documentElement.clientWidth)) >= 520; i++) await wb.page.waitForTimeout(100);
      const size = await region.evaluate((r) => ({
        panel: document.documentElement.clientWidth,
        region: r.clientWidth,
        scroll: r.scrollWidth,
        svg: r.querySelector('svg')!.getBoundingClientRect().width,
        label: r.getAttribute('aria-labelledby') ? document.getElementById(r.getAttribute('aria-labelledby')!)?.textContent : null,
      }));
      assert.ok(size.panel < 520, `the card is narrow (${size.panel} px)`);
      assert.ok(Math.abs(size.svg - wide.width) < 1, `drawn at ${wide.width} px, shown at ${size.svg} px`);
      assert.ok(size.scroll > size.region, `the region scrolls (${size.scroll} px in ${size.region} px)`);
      assert.strictEqual(size.label, wide.diagram.title, 'the region is named by the caption');
      await region.focus();
      await wb.page.keyboard.press('ArrowRight');
      await wb.page.keyboard.press('ArrowRight');
      await wb.page.waitForTimeout(300);
      assert.ok((await region.evaluate((r) => r.scrollLeft)) > 0, 'arrow keys scroll the focused diagram');
      await region.evaluate((r) => r.scrollIntoView({ block: 'center' }));
      const path = await wb.screenshot('card-diagram-narrow');
      if (process.env['SDP_UPDATE_SCREENSHOTS'] === '1') copyFileSync(path, join(__dirname, '..', '..', 'docs', 'images', 'card-diagram-narrow.png'));
      const violations = await axeViolations(wb);
      assert.deepStrictEqual(violations, [], `axe on a narrow card with a wide diagram:\n${describeViolations(violations)}`);
    } finally {
      await wb.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  for (const { name, theme } of THEMES) {
    it(`draws the diagram in the ${name} theme's colours, with no axe-core violations`, async () => {
      await wb.setColorTheme(theme);
      await wb.openSidebar();
      await expand('Dealing with Contention');
      await wb.treeRow('Optimistic Locking').waitFor({ timeout: UI_TIMEOUT });
      await openFromTree('Optimistic Locking');
      const figure = card().locator('figure.diagram').first();
      await figure.locator('svg[role="img"]').waitFor({ state: 'visible' });
      // The SVG's text is painted in the editor's foreground, its boxes in the widget background and
      // their outlines in the high-contrast border (or the description colour outside high contrast),
      // each compared with the theme variable resolved in this webview (not a colour baked into the SVG).
      const colours = await figure.evaluate((f) => {
        // Each theme variable resolved to rgb() by a probe element (a named helper function would
        // not survive the test's TypeScript transform inside the page).
        const variables = ['--vscode-editor-foreground', '--vscode-editorWidget-background', '--vscode-contrastBorder', '--vscode-descriptionForeground'];
        const [foreground, widget, contrast, description] = variables.map((variable) => {
          const probe = document.createElement('span');
          probe.style.color = `var(${variable})`;
          document.body.append(probe);
          const colour = getComputedStyle(probe).color;
          probe.remove();
          return colour;
        });
        const text = f.querySelector('svg text[fill^="var(--vscode-editor-foreground"]');
        const box = f.querySelector('svg rect[fill^="var(--vscode-editorWidget-background"]');
        return {
          text: text ? getComputedStyle(text).fill : '',
          foreground,
          box: box ? getComputedStyle(box).fill : '',
          widget,
          outline: box ? getComputedStyle(box).stroke : '',
          contrastBorder: getComputedStyle(document.documentElement).getPropertyValue('--vscode-contrastBorder').trim(),
          contrast,
          description,
        };
      });
      assert.strictEqual(colours.text, colours.foreground, `diagram text uses the editor foreground (${name})`);
      assert.strictEqual(colours.box, colours.widget, `boxes use the widget background (${name})`);
      if (name === 'high-contrast') {
        assert.ok(colours.contrastBorder !== '', 'the high-contrast theme defines a contrast border');
        assert.strictEqual(colours.outline, colours.contrast, 'box outlines use the contrast border');
      } else {
        assert.strictEqual(colours.outline, colours.description, `box outlines use the description colour (${name})`);
      }
      await figure.locator('vscode-button[data-action="copy-diagram"]', { hasText: 'Copy Mermaid' }).waitFor();
      await figure.evaluate((f) => f.scrollIntoView({ block: 'start' }));
      const path = await wb.screenshot(`card-diagram-${name}`);
      if (process.env['SDP_UPDATE_SCREENSHOTS'] === '1') {
        const docsImages = join(__dirname, '..', '..', 'docs', 'images');
        mkdirSync(docsImages, { recursive: true });
        copyFileSync(path, join(docsImages, `card-diagram-${name}.png`));
      }
      const violations = await axeViolations(wb);
      assert.deepStrictEqual(violations, [], `axe on a card with a diagram (${name}):\n${describeViolations(violations)}`);
    });
  }

  // Last: its status-bar message would show in the theme screenshots above.
  it('Copy Mermaid puts the diagram source of the installed catalog on the clipboard and says so', async () => {
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
    const entry = solutionDiagrams().find(({ node }) => node.title === 'Long Polling')!;
    await wb.page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
    await openByTitle('Long Polling');
    await card().locator('figure.diagram vscode-button[data-action="copy-diagram"]').first().click();
    await wb.page
      .locator('.statusbar-item', { hasText: `Copied the Mermaid source of "${entry.diagram.title}"` })
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    const copied = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.strictEqual(copied, entry.diagram.source);
  });
});
