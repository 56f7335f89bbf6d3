import { accessibilityProblems, findDiagrams } from '../diagrams/findDiagrams';
import { diagramIdPrefix, type DiagramRenderer } from '../diagrams/renderDiagram';
import type { CatalogNode, CatalogProblem, Diagram } from './model';
import { sectionMarkdownLines } from './parseFile';

/**
 * Finds the ```mermaid fences in a node's sections and checks each one: a title and a text
 * alternative always, and with a renderer, that it parses and draws. Problems carry the file line
 * of the offending diagram line. The drawn diagrams go on the node, in file order.
 */
export function collectDiagrams(
  node: { -readonly [K in keyof CatalogNode]: CatalogNode[K] },
  file: string,
  renderer: DiagramRenderer | undefined,
  problems: CatalogProblem[],
): void {
  const drawn: Diagram[] = [];
  for (const section of node.sections) {
    // `line` is the file line of the section's first markdown line (fence lines are offsets from it).
    const base = sectionMarkdownLines.get(section) ?? section.line + 1;
    for (const diagram of findDiagrams(section.markdown)) {
      const fenceLine = base + diagram.fenceLine;
      const where = `diagram in section "${section.heading}" of "${node.id}"`;
      const missing = accessibilityProblems(diagram);
      for (const p of missing) problems.push({ file, line: fenceLine + p.line, message: `${where}: ${p.message}` });
      if (!renderer) continue;
      const outcome = renderer(diagram, diagramIdPrefix(node.id, drawn.length));
      if ('problems' in outcome) {
        for (const p of outcome.problems) problems.push({ file, line: fenceLine + p.line, message: `${where}: ${p.message}` });
        continue;
      }
      if (missing.length > 0) continue;
      drawn.push({ title: diagram.title!, alt: diagram.alt!, source: diagram.source, svg: outcome.svg });
    }
  }
  if (drawn.length > 0) node.diagrams = drawn;
}
