import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../src/core/catalog/buildCatalog';
import { loadDiagramRenderer } from '../../../src/build/mermaidLibraries';
import type { DiagramRenderer } from '../../../src/core/diagrams/renderDiagram';

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
});
