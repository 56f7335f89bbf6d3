import type { Catalog, CatalogNode } from '../catalog/model';

/**
 * One node as plain text for a terminal: title, summary, fields and sections.
 * Markdown is kept as written; it reads well as text.
 */
export function nodeToText(node: CatalogNode, catalog: Catalog): string {
  const out: string[] = [];
  const parent = node.parent ? catalog.byId.get(node.parent) : undefined;
  out.push(node.title.toUpperCase());
  out.push(`${node.kind}${parent ? ` in ${parent.title}` : ''} · ${node.id}`);
  out.push('');
  if (node.summary) out.push(node.summary, '');
  if (node.question) out.push(`Question: ${node.question}`, '');
  const list = (heading: string, items: readonly string[] | undefined, bullet: string): void => {
    if (!items || items.length === 0) return;
    out.push(heading);
    for (const item of items) out.push(`  ${bullet} ${item}`);
    out.push('');
  };
  if (node.bestFor) out.push(`Best for: ${node.bestFor}`);
  if (node.cost) out.push(`Cost: ${node.cost}`);
  if (node.avoidWhen) out.push(`Avoid when: ${node.avoidWhen}`);
  if (node.bestFor || node.cost || node.avoidWhen) out.push('');
  list('Pros', node.pros, '+');
  list('Cons', node.cons, '-');
  list('Figures', node.figures, '•');
  for (const section of node.sections) {
    out.push(`## ${section.heading}`, '', section.markdown, '');
  }
  if (node.interviewAnswer) out.push('## In an interview', '', node.interviewAnswer, '');
  list('Contains', node.children.map((c) => `${c.title} (${c.id})`), '•');
  list('Related', node.related.map((id) => `${catalog.byId.get(id)?.title ?? id} (${id})`), '→');
  list('Sources', node.sources?.map((s) => `${s.title}: ${s.url}`), '•');
  return out.join('\n').trimEnd() + '\n';
}
