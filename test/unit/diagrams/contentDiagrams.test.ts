import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { Catalog, CatalogNode } from '../../../src/core/catalog/model';
import { loadDiagramRenderer } from '../../../src/build/mermaidLibraries';
import { findDiagrams } from '../../../src/core/diagrams/findDiagrams';
import { DIAGRAM_FONT } from '../../../src/core/diagrams/renderDiagram';
import { renderCard } from '../../../src/core/render/cardHtml';
import { isWebviewMessage } from '../../../src/shared/cardProtocol';
import { showCommand } from '../../../src/cli/showCommand';
import type { CliIO } from '../../../src/cli/io';
import { auditCardMarkup, elementsOfFragment } from '../render/htmlAudit';
import { testLabels } from '../render/labels';

const root = join(__dirname, '..', '..', '..');

/** Colour attributes may hold only these: no colour of their own, or a VS Code theme variable. */
const THEMED_COLOUR = /^(?:none|currentColor|url\(#[\w-]+\)|var\(--vscode-[\w-]+,.*\))$/;

/** Every problem that would make a drawn diagram unsafe, unthemed or inaccessible. */
function svgProblems(svg: string, title: string, alt: string): string[] {
  const problems: string[] = [];
  if (/<script|<foreignObject|<style|<image|<use\b|<a\b/i.test(svg)) problems.push('active, embedding or linking element');
  if (/\son[a-z]+\s*=/i.test(svg)) problems.push('event handler attribute');
  if (/\sstyle\s*=/i.test(svg)) problems.push('style attribute (blocked by the CSP)');
  if (/href\s*=/i.test(svg)) problems.push('href');
  if (/url\(\s*(?!#)/i.test(svg)) problems.push('url() to something outside the SVG');
  if (/https?:\/\/(?!www\.w3\.org\/2000\/svg")/i.test(svg)) problems.push('remote address');
  if (/#[0-9a-f]{3,8}\b(?![\w-])/i.test(svg.replace(/url\(#[\w-]+\)/g, ''))) problems.push('hard-coded hex colour');
  for (const m of svg.matchAll(/\s(fill|stroke|stop-color|color)="([^"]*)"/g)) {
    if (!THEMED_COLOUR.test(m[2]!)) problems.push(`${m[1]}="${m[2]}" is not a theme colour`);
  }
  const open = /^<svg ([^>]*)>/.exec(svg)?.[1] ?? '';
  if (!/role="img"/.test(open)) problems.push('root has no role="img"');
  // Named by the short title alone, described by the longer text alternative.
  const labelled = /aria-labelledby="([^" ]+)"/.exec(open);
  const described = /aria-describedby="([^" ]+)"/.exec(open);
  if (!labelled) problems.push('root is not aria-labelledby its title alone');
  else if (!svg.includes(`<title id="${labelled[1]}">${escape(title)}</title>`)) problems.push('no <title> with the accTitle');
  if (!described) problems.push('root is not aria-describedby its desc');
  else if (!svg.includes(`<desc id="${described[1]}">${escape(alt)}</desc>`)) problems.push('no <desc> with the accDescr');
  // The font the layout sized the boxes for stays in the SVG (the card does not swap it).
  if (!open.includes(`font-family="${DIAGRAM_FONT}"`)) problems.push('root does not carry the font its boxes were sized for');
  return problems;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('diagrams of the catalog (content/)', function () {
  this.timeout(120_000);
  let catalog: Catalog;
  let nodes: CatalogNode[];
  before(async () => {
    const result = loadCatalog(join(root, 'content'), { diagrams: await loadDiagramRenderer() });
    assert.deepEqual(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
    catalog = result.catalog;
    nodes = [...walkCatalog(catalog)];
  });

  it('every solution and combination has a drawn diagram, and every mermaid fence was drawn', () => {
    const wanted = nodes.filter((n) => n.kind === 'solution' || n.kind === 'combination');
    assert.equal(wanted.filter((n) => n.kind === 'solution').length, 35);
    assert.equal(wanted.filter((n) => n.kind === 'combination').length, 4);
    assert.deepEqual(wanted.filter((n) => (n.diagrams?.length ?? 0) === 0).map((n) => n.id), []);
    for (const node of nodes) {
      const fences = node.sections.flatMap((s) => findDiagrams(s.markdown));
      assert.equal(node.diagrams?.length ?? 0, fences.length, node.id);
    }
  });

  it('every SVG is free of scripts, handlers, foreign objects and external references, themed, and labelled for screen readers', () => {
    const failures: string[] = [];
    let count = 0;
    for (const node of nodes) {
      for (const diagram of node.diagrams ?? []) {
        count++;
        assert.ok(diagram.title.length > 0 && diagram.alt.length > 0, node.id);
        for (const problem of svgProblems(diagram.svg, diagram.title, diagram.alt)) failures.push(`${node.id} "${diagram.title}": ${problem}`);
      }
    }
    assert.ok(count >= 39, `${count} diagrams`);
    assert.deepEqual(failures, []);
  });

  it('ids inside one card never repeat, and every url(#id) points at an id of its own SVG', () => {
    for (const node of nodes) {
      const ids: string[] = [];
      for (const diagram of node.diagrams ?? []) {
        const own = [...diagram.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
        for (const ref of diagram.svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(own.includes(ref[1]!), `${node.id}: url(#${ref[1]})`);
        ids.push(...own);
      }
      assert.equal(new Set(ids).size, ids.length, `${node.id} repeats an id`);
    }
  });

  it('cards inline each diagram in a figure with its caption and a Copy Mermaid button, and pass the markup audit', () => {
    for (const node of nodes.filter((n) => n.diagrams)) {
      const { html } = renderCard(node, catalog, { labels: testLabels });
      const elements = elementsOfFragment(html);
      assert.deepEqual(auditCardMarkup(elements, (id) => catalog.byId.has(id)), [], node.id);
      const figures = elements.filter((e) => e.tag === 'figure' && e.attrs.get('class') === 'diagram');
      assert.equal(figures.length, node.diagrams!.length, node.id);
      const buttons = elements.filter((e) => e.attrs.get('data-action') === 'copy-diagram');
      assert.deepEqual(buttons.map((b) => b.attrs.get('data-diagram')), node.diagrams!.map((_d, i) => String(i)), node.id);
      assert.deepEqual(buttons.map((b) => b.attrs.get('aria-label')), node.diagrams!.map((d) => `Copy Mermaid: ${d.title}`));
      const captions = elements.filter((e) => e.tag === 'figcaption');
      assert.deepEqual(captions.map((e) => e.text), node.diagrams!.map((d) => d.title));
      // The caption is the visible title; the picture is already named by it, so screen readers skip it.
      assert.ok(captions.every((c) => c.attrs.get('aria-hidden') === 'true'), node.id);
      // A diagram keeps its drawn size and scrolls sideways in a region a keyboard can reach, named by the caption.
      const wrappers = elements.filter((e) => e.attrs.get('class') === 'diagram-image');
      assert.deepEqual(
        wrappers.map((w) => [w.attrs.get('role'), w.attrs.get('tabindex'), w.attrs.get('aria-labelledby')]),
        captions.map((c) => ['region', '0', c.attrs.get('id')]),
        node.id,
      );
      assert.ok(elements.filter((e) => e.tag === 'svg').every((e) => e.attrs.get('role') === 'img'), node.id);
      assert.doesNotMatch(html, /<pre[^>]*><code class="language-mermaid"/, `${node.id}: a diagram left as code`);
    }
  });

  it('sdp show ID --json carries diagrams with source, svg and alt', () => {
    let out = '';
    const io: CliIO = { out: (s) => (out += s), err: (s) => assert.fail(s), readStdin: async () => '' };
    assert.equal(showCommand(['realtime-updates/long-polling', '--json'], io, catalog), 0);
    const json = JSON.parse(out) as { diagrams: { source: string; svg: string; alt: string; title: string }[] };
    assert.equal(json.diagrams.length, 1);
    const [diagram] = json.diagrams;
    assert.match(diagram!.source, /^sequenceDiagram\n {2}accTitle: /);
    assert.match(diagram!.svg, /^<svg [^>]*role="img"/);
    assert.ok(diagram!.alt.length > 20);
  });
});

describe('copyDiagram message (webview to host)', () => {
  it('accepts a node id and a small index, and nothing else', () => {
    assert.ok(isWebviewMessage({ type: 'copyDiagram', id: 'realtime-updates/long-polling', index: 0 }));
    assert.ok(isWebviewMessage({ type: 'copyDiagram', id: 'combinations/flash-sale', index: 3 }));
    for (const bad of [
      { type: 'copyDiagram', id: 'realtime-updates/long-polling' },
      { type: 'copyDiagram', id: 'realtime-updates/long-polling', index: -1 },
      { type: 'copyDiagram', id: 'realtime-updates/long-polling', index: 1.5 },
      { type: 'copyDiagram', id: 'realtime-updates/long-polling', index: '0' },
      { type: 'copyDiagram', id: 'realtime-updates/long-polling', index: 100 },
      { type: 'copyDiagram', id: '../etc/passwd', index: 0 },
      { type: 'copyDiagram', id: 'realtime-updates/long-polling', index: 0, source: 'graph TD; A-->B' },
    ]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
  });
});
