import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../src/core/catalog/buildCatalog';
import { loadDiagramRenderer } from '../../../src/build/mermaidLibraries';
import type { DiagramRenderer } from '../../../src/core/diagrams/renderDiagram';
import { renderCard } from '../../../src/core/render/cardHtml';
import { testLabels } from '../render/labels';

const FIXTURE = 'test/fixtures/diagrams/broken-diagram.md';
const text = readFileSync(join(__dirname, '..', '..', '..', FIXTURE), 'utf8');
const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('diagram validation (content file:line)', () => {
  let renderer: DiagramRenderer;
  before(async () => {
    renderer = await loadDiagramRenderer();
  });

  it('reports a diagram that does not parse at the file line of the broken Mermaid line', () => {
    const { problems } = buildCatalog([{ file: FIXTURE, text }], { diagrams: renderer });
    const broken = problems.filter((p) => p.message.includes('"diagram-fixture/broken"'));
    assert.equal(broken.length, 1, JSON.stringify(problems, null, 2));
    assert.equal(broken[0]!.file, FIXTURE);
    assert.equal(broken[0]!.line, lineOf('C->>S hello'));
    assert.match(broken[0]!.message, /Mermaid syntax: .*colon/i);
  });

  it('reports a diagram without accTitle and accDescr at its first line, with or without a renderer', () => {
    for (const options of [{ diagrams: renderer }, {}]) {
      const { problems } = buildCatalog([{ file: FIXTURE, text }], options);
      const untitled = problems.filter((p) => p.message.includes('"diagram-fixture/untitled"'));
      assert.deepEqual(
        untitled.map((p) => [p.line, /accTitle/.test(p.message), /accDescr/.test(p.message)]),
        [
          [lineOf('flowchart LR'), true, false],
          [lineOf('flowchart LR'), false, true],
        ],
      );
    }
  });

  it('puts the diagrams that draw on their node, and none on a node whose diagram failed', () => {
    const { catalog } = buildCatalog([{ file: FIXTURE, text }], { diagrams: renderer });
    const drawn = catalog.byId.get('diagram-fixture')!.diagrams;
    assert.equal(drawn?.length, 1);
    assert.equal(drawn[0]!.title, 'A diagram that draws');
    assert.equal(drawn[0]!.alt, 'A box points at another box.');
    assert.match(drawn[0]!.source, /^flowchart TD\n {2}accTitle: A diagram that draws\n/);
    assert.match(drawn[0]!.svg, /^<svg [^>]*role="img"/);
    assert.equal(catalog.byId.get('diagram-fixture/broken')!.diagrams, undefined);
  });

  it('without a renderer the catalog carries no diagrams and the fence stays plain markdown', () => {
    const { catalog } = buildCatalog([{ file: FIXTURE, text }]);
    assert.equal(catalog.byId.get('diagram-fixture')!.diagrams, undefined);
    assert.match(catalog.byId.get('diagram-fixture')!.sections[0]!.markdown, /```mermaid/);
  });

  it('refuses classDef, style and linkStyle at their own lines, and draws no diagram for them', () => {
    for (const options of [{ diagrams: renderer }, {}]) {
      const { catalog, problems } = buildCatalog([{ file: FIXTURE, text }], options);
      const styled = problems.filter((p) => p.message.includes('"diagram-fixture/styled"'));
      assert.deepEqual(
        styled.map((p) => [p.file, p.line, /colour of its own/.test(p.message)]),
        [
          [FIXTURE, lineOf('classDef alarm'), true],
          [FIXTURE, lineOf('style B fill'), true],
          [FIXTURE, lineOf('linkStyle 0'), true],
        ],
      );
      assert.equal(catalog.byId.get('diagram-fixture/styled')!.diagrams, undefined);
    }
  });

  it('refuses a coloured rect block in a sequence diagram, and leaves a plain word alone', () => {
    const fence = (line: string): string =>
      `---\nid: rect-fixture\nkind: pattern\ntitle: Rect\nsummary: One diagram.\norder: 1\nkeywords: [rect]\n---\n\n## Overview\n\n` +
      '```mermaid\nsequenceDiagram\n  accTitle: A box\n  accDescr: A client calls a server.\n' +
      `  participant C as Client\n  participant S as Server\n  ${line}\n  C->>S: style of call\n  end\n` +
      '```\n';
    const coloured = (line: string) => buildCatalog([{ file: 'rect.md', text: fence(line) }]).problems.filter((p) => /colour of its own/.test(p.message));
    const rectLine = fence('rect').split('\n').indexOf('  rect') + 1;
    assert.deepEqual(coloured('rect rgb(200, 150, 255)').map((p) => p.line), [rectLine]);
    assert.deepEqual(coloured('rect #ffeecc').map((p) => p.line), [rectLine]);
    assert.deepEqual(coloured('loop every second'), []);
  });

  it('reports a mermaid fence written in a yaml field at its line, since only sections draw diagrams', () => {
    const { problems } = buildCatalog([{ file: FIXTURE, text }]);
    const inField = problems.filter((p) => p.message.includes('"diagram-fixture/in-field"'));
    assert.deepEqual(
      inField.map((p) => [p.file, p.line, /"bestFor".*drawn only in a section/.test(p.message)]),
      [[FIXTURE, lineOf('  ```mermaid'), true]],
    );
  });

  it('two identical fences on one node are two diagrams: the card holds each once, with no repeated id', () => {
    const { catalog } = buildCatalog([{ file: FIXTURE, text }], { diagrams: renderer });
    const node = catalog.byId.get('diagram-fixture/twice')!;
    assert.equal(node.diagrams?.length, 2);
    const { html } = renderCard(node, catalog, { labels: testLabels });
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual(repeated, []);
    assert.equal(html.match(/<svg /g)?.length, 2);
    assert.deepEqual([...html.matchAll(/data-diagram="(\d+)"/g)].map((m) => m[1]), ['0', '1']);
    for (const diagram of node.diagrams!) assert.ok(html.includes(diagram.svg), 'each drawn SVG is on the card');
  });
});
