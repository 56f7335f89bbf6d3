import { diagramSourceProblems, findDiagrams } from '../diagrams/findDiagrams';
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
      const missing = diagramSourceProblems(diagram);
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

const FENCE_IN_TEXT = /^\s*(?:```|~~~)\s*mermaid\b/i;

/**
 * A ```mermaid fence is drawn only in a section of a card. One written in a field (a yaml value such
 * as `interviewAnswer: |`) would show as code with no word said, so it is reported at its line.
 */
export function reportDiagramsInFields(
  fields: Readonly<Record<string, unknown>>,
  fieldLines: ReadonlyMap<string, number>,
  file: string,
  nodeId: string,
  problems: CatalogProblem[],
): void {
  for (const [key, value] of Object.entries(fields)) {
    const keyLine = fieldLines.get(key) ?? 1;
    for (const text of stringsIn(value)) {
      const at = text.split('\n').findIndex((l) => FENCE_IN_TEXT.test(l));
      if (at < 0) continue;
      // A block scalar (`key: |`) starts on the line after its key.
      const line = text.includes('\n') ? keyLine + 1 + at : keyLine;
      problems.push({
        file,
        line,
        message: `"${key}" of "${nodeId}" holds a mermaid diagram, which is drawn only in a section: move it under a heading such as "### How it works"`,
      });
    }
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
