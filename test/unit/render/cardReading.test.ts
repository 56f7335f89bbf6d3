import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildCatalog } from '../../../src/core/catalog/buildCatalog';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { Catalog } from '../../../src/core/catalog/model';
import { renderCard } from '../../../src/core/render/cardHtml';
import { MAX_TABLE_COLUMNS } from '../../../src/core/render/cardMarkdown';
import { auditCardMarkup, elementsOfFragment } from './htmlAudit';
import { testLabels } from './labels';

/**
 * Cards that read well in a 400-700 px side panel (issue 12): a pattern opens with its Overview,
 * tables show at most four columns with the rest folded into an expandable cell, sources are
 * listed as web links, and a solution's at-a-glance row says when not to use it.
 */

const root = join(__dirname, '..', '..', '..');

const WIDE = [
  '---',
  'id: wide',
  'kind: pattern',
  'title: Wide',
  'summary: A pattern with a wide table.',
  'order: 1',
  'keywords: [wide]',
  "sources: [{title: Wide docs, url: 'https://example.com/wide'}]",
  '---',
  '',
  '## Problem',
  '',
  'The problem comes first in the file.',
  '',
  '## Overview',
  '',
  'The overview comes second in the file.',
  '',
  '## Comparison',
  '',
  '| Method | Latency | Direction | Bandwidth | Scales to | Reach for it when |',
  '| --- | --- | --- | --- | --- | --- |',
  '| Polling | 0-1 s | pull | **high** | poor | prototypes |',
  '| SSE | 0-100 ms | push | low | good | feeds, see [one](sdp:wide/one) |',
  '',
  '| a | b |',
  '| --- | --- |',
  '| narrow | table |',
  '',
  '## When to reach for it',
  '',
  'Often.',
  '',
  '## Solution: one',
  '',
  '```yaml',
  'title: One',
  'summary: The first solution.',
  'keywords: [one]',
  'bestFor: tests',
  'avoidWhen: "the **table** is narrow"',
  'pros: [fast, simple]',
  'cons: [fragile, costly]',
  '```',
  '',
  '### How it works',
  '',
  'It works.',
  '',
  '### When to use',
  '',
  'Always.',
  '',
].join('\n');

function catalog(): Catalog {
  const { catalog, problems } = buildCatalog([{ file: 'content/wide.md', text: WIDE }]);
  assert.deepEqual(problems, []);
  return catalog;
}

function render(c: Catalog, id: string) {
  const { html } = renderCard(c.byId.get(id)!, c, { labels: testLabels });
  return { html, elements: elementsOfFragment(html) };
}

/** Column count of each table: the cells of its widest row. */
function tableWidths(html: string): number[] {
  return [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((m) =>
    Math.max(...[...m[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1]!.match(/<t[hd][\s>]/g) ?? []).length)),
  );
}

describe('cards in a side panel', () => {
  it('a pattern card opens with its Overview, wherever the file puts it', () => {
    const { elements } = render(catalog(), 'wide');
    const h2 = elements.filter((e) => e.tag === 'h2').map((e) => e.text.trim());
    assert.deepEqual(h2.slice(0, 2), ['Overview', 'Problem']);
  });

  it(`a table wider than ${MAX_TABLE_COLUMNS} columns shows ${MAX_TABLE_COLUMNS - 1}, the rest in an expandable row under each row`, () => {
    const { html, elements } = render(catalog(), 'wide');
    assert.deepEqual(tableWidths(html), [MAX_TABLE_COLUMNS - 1, 2]);
    const heads = elements.filter((e) => e.tag === 'th').map((e) => e.text.trim());
    assert.deepEqual(heads, ['Method', 'Latency', 'Direction', 'a', 'b']);
    const folded = elements.filter((e) => e.tag === 'tr' && e.attrs.get('class') === 'folded-row');
    assert.equal(folded.length, 2, 'one expandable row per body row');
    const cells = elements.filter((e) => e.tag === 'td' && e.attrs.get('colspan') === String(MAX_TABLE_COLUMNS - 1));
    assert.equal(cells.length, 2, 'the expandable row spans the table');
    const summary = elements.filter((e) => e.tag === 'summary').map((e) => e.text);
    assert.deepEqual(summary, ['More: Polling', 'More: SSE']);
    // Every folded cell keeps its header and its inline markdown (bold, links).
    const dts = elements.filter((e) => e.tag === 'dt').map((e) => e.text);
    assert.deepEqual(dts, ['Bandwidth', 'Scales to', 'Reach for it when', 'Bandwidth', 'Scales to', 'Reach for it when']);
    assert.ok(html.includes('<dd><strong>high</strong></dd>'), html);
    assert.ok(elements.some((e) => e.tag === 'a' && e.attrs.get('data-node') === 'wide/one'), 'link inside a folded cell');
    assert.deepEqual(auditCardMarkup(elements, (id) => id.startsWith('wide')), []);
  });

  it('names a row in its summary as plain text, so no link sits inside the control', () => {
    const text = WIDE.replace('| Polling |', '| [Polling](sdp:wide/one) |');
    const { catalog: c } = buildCatalog([{ file: 'content/wide.md', text }]);
    const { html } = render(c, 'wide');
    assert.ok(html.includes('<summary>More: Polling</summary>'), html);
  });

  it('no table on any real card shows more than four columns', () => {
    const { catalog: real } = loadCatalog(join(root, 'content'));
    const wide: string[] = [];
    for (const node of walkCatalog(real)) {
      const { html } = renderCard(node, real, { labels: testLabels });
      if (tableWidths(html).some((w) => w > 4)) wide.push(node.id);
    }
    assert.deepEqual(wide, []);
  });

  it('lists the sources as web links at the end of the card', () => {
    const { elements } = render(catalog(), 'wide');
    const section = elements.find((e) => e.tag === 'section' && e.attrs.get('class') === 'sources');
    assert.ok(section, 'a sources section');
    assert.ok(section.text.includes('Sources') && section.text.includes('Wide docs'));
    const link = elements.find((e) => e.tag === 'a' && e.attrs.get('href') === 'https://example.com/wide');
    assert.ok(link, 'the source is a link');
    assert.equal(link.attrs.get('data-external'), 'true');
  });

  it("a solution's at-a-glance row says when to avoid it", () => {
    const { elements, html } = render(catalog(), 'wide/one');
    const dts = elements.filter((e) => e.tag === 'dt').map((e) => e.text);
    assert.ok(dts.includes('Avoid when'), dts.join());
    assert.ok(html.includes('the <strong>table</strong> is narrow'));
  });
});
