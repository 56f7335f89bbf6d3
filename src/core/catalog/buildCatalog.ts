import type { Catalog, CatalogNode, CatalogProblem, NodeKind, Section, SourceLink } from './model';
import { parseContentFile, sectionMarkdownLines, type RawNode } from './parseFile';
import { FIELD_TYPES, FULL_ID_PATTERN, ID_PATTERN, PATTERN_DEEP_DIVE_REQUIRED, SCHEMAS, SOURCE_LIST_RULE, sourceLinks, type FieldType } from './schema';
import { indexCatalog } from './indexCatalog';
import { expandFigures, type SharedFigures } from './figures';
import { longParagraphs, readProse, sourceNames, type CompanyQuote } from './contentRules';
import { collectDiagrams, reportDiagramsInFields } from './collectDiagrams';
import type { DiagramRenderer } from '../diagrams/renderDiagram';
import { editDistance } from '../text/editDistance';

export interface ContentFile {
  /** Path shown in messages, relative to the repository (`content/patterns/contention.md`). */
  readonly file: string;
  readonly text: string;
}

export interface BuildOptions {
  /** Snippet ids that exist; when given, `snippets:` fields are checked against it. */
  readonly snippetIds?: ReadonlySet<string>;
  /** Shared figures (`content/figures.yaml`) that `{{fig:id}}` references expand to. */
  readonly figures?: SharedFigures;
  /**
   * Draws the ```mermaid fences (src/core/diagrams). When given, each diagram is validated and
   * rendered, a broken one is reported at its file:line, and nodes carry `diagrams`.
   */
  readonly diagrams?: DiagramRenderer;
}

export interface BuildResult {
  readonly catalog: Catalog;
  /**
   * Problems in files that could not be read as cards (their nodes are missing from the catalog)
   * come first: a reference to an id such a file defines is not reported, since it follows from
   * the file's own problem (one note on that file counts them).
   */
  readonly problems: CatalogProblem[];
  /** The files that could not be read as cards (front matter, kind or id unreadable): fix these first. */
  readonly unreadable: readonly string[];
}

/** A file that gave the catalog no node, with the id its front matter names as far as a line can tell (none when no `id:` line is found). */
interface UnreadFile {
  readonly file: string;
  readonly id: string | undefined;
  /** What a file with no readable id may still tell of the ids it defines (namesOf). */
  readonly names: { readonly stem: string; readonly children: ReadonlySet<string> } | undefined;
  skipped: number;
}

/**
 * What a file with no readable id still tells of the ids it defines: its file name without `.md`
 * (cards are named after the last part of their id: contention.md, combinations/flash-sale.md) and
 * the local ids of its `## Kind: local-id` children.
 */
function namesOf(file: string, text: string): { stem: string; children: ReadonlySet<string> } {
  const children = new Set<string>();
  for (const match of text.matchAll(/^##[ \t]+[A-Za-z ]+:[ \t]*([a-z0-9][a-z0-9-]*)[ \t]*$/gm)) children.add(match[1]!);
  return { stem: file.replace(/^.*\//, '').replace(/\.md$/i, ''), children };
}

/** The `id:` a front matter names, read from the line itself: what the file would define had its YAML parsed. */
function writtenId(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  for (const line of lines.slice(1)) {
    if (line.trim() === '---') return undefined;
    const match = /^id:[ \t]*["']?([a-z0-9][a-z0-9/-]*)/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

type MutableNode = { -readonly [K in keyof CatalogNode]: CatalogNode[K] } & { children: MutableNode[] };

/** File line of each field of a node, so link problems point at the field, not the heading. */
const fieldLines = new WeakMap<CatalogNode, ReadonlyMap<string, number>>();

/**
 * Parses and validates content files into a catalog. Every problem is collected with its
 * file and line; nodes with problems are still included when they can be, so one bad
 * file never hides the rest of the catalog.
 */
export function buildCatalog(files: readonly ContentFile[], options: BuildOptions = {}): BuildResult {
  const problems: CatalogProblem[] = [];
  const fileNodes: MutableNode[] = [];
  const byId = new Map<string, MutableNode>();
  const unread: UnreadFile[] = [];

  const usedFigures = new Set<string>();
  for (const { file, text: written } of files) {
    const text = expandFigures(file, written, options.figures, problems, usedFigures);
    const raw = parseContentFile(file, text, problems);
    if (!raw || !raw.kind || !raw.localId) {
      const id = raw?.localId || writtenId(text);
      unread.push({ file, id, names: id === undefined ? namesOf(file, text) : undefined, skipped: 0 });
      continue;
    }
    if (!FULL_ID_PATTERN.test(raw.localId)) {
      problems.push({ file, line: raw.fieldLines.get('id') ?? 1, message: `id "${raw.localId}" is not kebab-case (letters, digits and single dashes, "/" between levels)` });
      unread.push({ file, id: raw.localId, names: undefined, skipped: 0 });
      continue;
    }
    const node = toNode(raw, raw.kind, raw.localId, undefined, file, problems);
    collectDiagrams(node, file, options.diagrams, problems);
    reportDiagramsInFields(raw.fields, raw.fieldLines, file, node.id, problems);
    for (const rawChild of raw.children) {
      if (!rawChild.kind || !rawChild.localId) continue;
      if (!ID_PATTERN.test(rawChild.localId)) {
        problems.push({ file, line: rawChild.line, message: `id "${rawChild.localId}" is not kebab-case: use lowercase letters, digits and single dashes` });
        continue;
      }
      const child = toNode(rawChild, rawChild.kind, `${node.id}/${rawChild.localId}`, node.id, file, problems);
      collectDiagrams(child, file, options.diagrams, problems);
      reportDiagramsInFields(rawChild.fields, rawChild.fieldLines, file, child.id, problems);
      if (child.kind === 'deep-dive' && node.kind === 'pattern' && !rawChild.fieldsUnreadable) {
        for (const field of PATTERN_DEEP_DIVE_REQUIRED) {
          if (child[field] === undefined) {
            problems.push({ file, line: child.source.line, message: `deep dive "${child.id}" needs "${field}": the phrases that show a design doc already answers it` });
          }
        }
      }
      node.children.push(child);
    }
    fileNodes.push(node);
  }

  const register = (node: MutableNode): void => {
    const existing = byId.get(node.id);
    if (existing) {
      problems.push({
        file: node.source.file,
        line: node.source.line,
        message: `duplicate id "${node.id}": also defined at ${existing.source.file}:${existing.source.line}`,
      });
      return;
    }
    byId.set(node.id, node);
    node.children.forEach(register);
  };
  fileNodes.forEach(register);

  // Attach file nodes that name a parent in another file; inline children come after them.
  const roots: MutableNode[] = [];
  const attached = new Map<string, MutableNode[]>();
  for (const node of fileNodes) {
    if (byId.get(node.id) !== node) continue; // a duplicate, already reported
    if (node.parent === undefined) {
      roots.push(node);
      continue;
    }
    const parent = byId.get(node.parent);
    if (!parent) {
      if (!followsFromUnread(node.parent)) problems.push({ file: node.source.file, line: node.source.line, message: `parent "${node.parent}" does not exist` });
      roots.push(node);
      node.parent = undefined;
      continue;
    }
    const list = attached.get(parent.id) ?? [];
    list.push(node);
    attached.set(parent.id, list);
  }
  for (const [parentId, list] of attached) {
    const parent = byId.get(parentId)!;
    parent.children = [...list.sort(byOrder), ...parent.children];
  }
  roots.sort((a, b) => rootRank(a.kind) - rootRank(b.kind) || byOrder(a, b));

  // A missing id a file that could not be read may define is no problem of its own: with one broken
  // card, every reference to it (tens, across the catalog) hid the cause among them. Such references
  // are counted on the unreadable file. One whose id is read goes first; one that names no readable
  // id takes only the ids that go by a name it still shows (its file name as one of their segments,
  // or a child's id as their last), not every missing id: that hid each mistyped reference in the
  // catalog, and took the references of another broken file whose id was read.
  function followsFromUnread(target: string): boolean {
    const segments = target.split('/');
    const from = unread.find((u) => u.id !== undefined && (target === u.id || target.startsWith(`${u.id}/`)))
      ?? unread.find((u) => u.names !== undefined && (segments.includes(u.names.stem) || u.names.children.has(segments[segments.length - 1]!)));
    if (from) from.skipped++;
    return from !== undefined;
  }
  checkLinks(byId, options, problems, followsFromUnread);
  checkProse(byId, problems);
  if (options.figures) {
    for (const figure of options.figures.byId.values()) {
      if (!usedFigures.has(figure.id)) {
        problems.push({ file: options.figures.file, line: figure.line, message: `figure "${figure.id}" is referenced by no card: use it as {{fig:${figure.id}}} or remove it` });
      }
    }
  }
  for (const u of unread) {
    if (u.skipped === 0) continue;
    const line = Math.min(...problems.filter((p) => p.file === u.file).map((p) => p.line), Number.MAX_SAFE_INTEGER);
    problems.push({
      file: u.file, line: line === Number.MAX_SAFE_INTEGER ? 1 : line,
      message: `${u.skipped} reference(s) elsewhere to ${u.id === undefined ? 'ids this file may define' : `"${u.id}" or its children`} are not checked until this file can be read`,
    });
  }
  const unreadFiles = new Set(unread.map((u) => u.file));
  const rank = (p: CatalogProblem): number => (unreadFiles.has(p.file) ? 0 : 1);
  problems.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line);
  return { catalog: indexCatalog(roots), problems, unreadable: [...unreadFiles] };
}

function toNode(
  raw: RawNode,
  kind: NodeKind,
  id: string,
  parent: string | undefined,
  file: string,
  problems: CatalogProblem[],
): MutableNode {
  const schema = SCHEMAS[kind];
  const allowed = new Set(['title', 'summary', 'keywords', 'related', 'order', ...schema.required, ...schema.optional]);
  if (parent === undefined) allowed.add('parent');
  const values: Record<string, unknown> = {};
  const lineOf = (field: string): number => raw.fieldLines.get(field) ?? raw.line;

  for (const [field, value] of Object.entries(raw.fields)) {
    if (!allowed.has(field)) {
      problems.push({ file, line: lineOf(field), message: `unknown field "${field}" for a ${kind}; allowed: ${[...allowed].join(', ')}` });
      continue;
    }
    const type = FIELD_TYPES[field]!;
    const checked = checkType(value, type);
    if (checked === undefined) {
      problems.push({ file, line: lineOf(field), message: `field "${field}" must be ${describe(type)}` });
      continue;
    }
    values[field] = checked;
  }
  for (const field of raw.fieldsUnreadable ? [] : ['title', 'summary', ...schema.required]) {
    if (values[field] === undefined && raw.fields[field] === undefined) {
      problems.push({ file, line: raw.line, message: `${kind} "${id}" is missing the field "${field}"` });
    }
  }
  for (const [field, min] of Object.entries(schema.minItems ?? {})) {
    const list = values[field];
    if (Array.isArray(list) && list.length < min) {
      problems.push({ file, line: lineOf(field), message: `"${field}" of ${kind} "${id}" lists ${list.length}; give at least ${min}` });
    }
  }
  const have = new Set(raw.sections.map((s) => s.heading.toLowerCase()));
  for (const required of schema.sections) {
    if (!have.has(required.toLowerCase())) {
      problems.push({ file, line: raw.line, message: `${kind} "${id}" is missing the section "${required}" (a "${parent ? '###' : '##'} ${required}" heading)` });
    }
  }
  const sections: Section[] = raw.sections;
  for (const s of sections) {
    if (s.markdown === '') problems.push({ file, line: s.line, message: `section "${s.heading}" of "${id}" is empty` });
  }

  const node: MutableNode = {
    id,
    kind,
    title: asString(values['title']) ?? id,
    summary: asString(values['summary']) ?? '',
    parent: parent ?? asString(values['parent']),
    order: typeof values['order'] === 'number' ? values['order'] : Number.MAX_SAFE_INTEGER,
    keywords: asList(values['keywords']) ?? [],
    related: asList(values['related']) ?? [],
    sections,
    children: [],
    source: { file, line: raw.line },
  };
  fieldLines.set(node, raw.fieldLines);
  for (const field of schema.required.concat(schema.optional)) {
    if (field === 'order' || field === 'keywords') continue;
    if (values[field] !== undefined) (node as unknown as Record<string, unknown>)[field] = values[field];
  }
  return node;
}

function checkLinks(
  byId: ReadonlyMap<string, MutableNode>, options: BuildOptions, problems: CatalogProblem[],
  /** True (and counted) for a missing id a file that could not be read may define. */
  followsFromUnread: (target: string) => boolean,
): void {
  const need = (node: CatalogNode, target: string, field: string, kinds?: readonly NodeKind[]): void => {
    const at = { file: node.source.file, line: fieldLines.get(node)?.get(field) ?? node.source.line };
    const what = `${field} id`;
    const found = byId.get(target);
    if (!found) {
      if (followsFromUnread(target)) return;
      problems.push({ ...at, message: `${what} "${target}" in "${node.id}" does not exist${nearest(target, byId)}` });
    } else if (kinds && !kinds.includes(found.kind)) {
      problems.push({ ...at, message: `${what} "${target}" in "${node.id}" is a ${found.kind}; expected ${kinds.join(' or ')}` });
    }
  };
  for (const node of byId.values()) {
    for (const id of node.related) need(node, id, 'related');
    for (const id of node.appliesTo ?? []) need(node, id, 'appliesTo', ['solution']);
    for (const id of node.patterns ?? []) need(node, id, 'patterns', ['pattern']);
    if (options.snippetIds) {
      for (const id of node.snippets ?? []) {
        if (!options.snippetIds.has(id)) problems.push({ file: node.source.file, line: fieldLines.get(node)?.get('snippets') ?? node.source.line, message: `snippet "${id}" in "${node.id}" does not exist under content/snippets/` });
      }
    }
    // `line` is the file line of the text's first line (a section's markdown, or the field's key).
    const lines = fieldLines.get(node);
    const texts = [
      ...node.sections.map((s) => ({ text: s.markdown, line: sectionMarkdownLines.get(s) ?? s.line + 1, field: false })),
      ...(['pros', 'cons', 'interviewAnswer'] as const).flatMap((field) =>
        [node[field] ?? []].flat().map((text) => ({ text, line: lines?.get(field) ?? node.source.line, field: true })),
      ),
    ];
    for (const { text, line, field } of texts) {
      for (const match of text.matchAll(/\]\(sdp:([^)\s]*)\)/g)) {
        const target = match[1]!;
        if (!byId.has(target) && !followsFromUnread(target)) {
          const offset = field ? 0 : text.slice(0, match.index).split('\n').length - 1;
          problems.push({ file: node.source.file, line: line + offset, message: `link "sdp:${target}" points to no catalog node${nearest(target, byId)}` });
        }
      }
    }
  }
}

/**
 * Prose rules over every text a card shows: a named service's limit carries the year it was
 * checked (all texts), a company's figure the year of its source and, among the file's sources, a
 * page that names the company (all texts), and no paragraph runs past what a side panel reads
 * comfortably (sections, summaries and interview answers).
 */
function checkProse(byId: ReadonlyMap<string, MutableNode>, problems: CatalogProblem[]): void {
  const fields = ['summary', 'bestFor', 'cost', 'avoidWhen', 'pros', 'cons', 'figures', 'interviewAnswer', 'lessons', 'question'] as const;
  // A file's sources are its own node's (the front matter); its solutions, examples and deep dives share them.
  const sourcesOf = new Map<string, readonly SourceLink[]>();
  for (const node of byId.values()) if (node.sources) sourcesOf.set(node.source.file, [...(sourcesOf.get(node.source.file) ?? []), ...node.sources]);
  const needSource = (node: MutableNode, quotes: readonly CompanyQuote[], at: (offset: number) => number, where: string): void => {
    const sources = sourcesOf.get(node.source.file) ?? [];
    for (const quote of quotes) {
      if (sources.some((source) => sourceNames(source, quote.name))) continue;
      problems.push({
        file: node.source.file,
        line: at(quote.offset),
        message: `${where}"${quote.name}" is quoted with a figure, but none of this file's sources names ${quote.name}: list the page the figure comes from (its engineering blog post, talk, paper or incident report), with a title or URL that names ${quote.name}`,
      });
    }
  };
  for (const node of byId.values()) {
    const lines = fieldLines.get(node);
    const file = node.source.file;
    for (const s of node.sections) {
      const line = sectionMarkdownLines.get(s) ?? s.line + 1;
      const prose = readProse(s.markdown);
      needSource(node, prose.quotes, (offset) => line + offset, '');
      for (const hit of prose.hits) problems.push({ file, line: line + hit.offset, message: hit.message });
      for (const hit of longParagraphs(s.markdown)) problems.push({ file, line: line + hit.offset, message: `${hit.message} (section "${s.heading}" of "${node.id}")` });
    }
    for (const field of fields) {
      const line = lines?.get(field) ?? node.source.line;
      for (const text of [node[field] ?? []].flat()) {
        const prose = readProse(text);
        needSource(node, prose.quotes, () => line, `${field} of "${node.id}": `);
        for (const hit of prose.hits) problems.push({ file, line, message: `${field} of "${node.id}": ${hit.message}` });
        if (field === 'interviewAnswer' || field === 'summary') {
          for (const hit of longParagraphs(text)) problems.push({ file, line, message: `${field} of "${node.id}": ${hit.message}` });
        }
      }
    }
  }
}

/** " (did you mean x?)" with the closest existing id, when one is close. */
function nearest(target: string, byId: ReadonlyMap<string, unknown>): string {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const id of byId.keys()) {
    const d = editDistance(target, id);
    if (d < bestScore) {
      bestScore = d;
      best = id;
    }
  }
  return best && bestScore <= Math.max(3, target.length / 3) ? ` (did you mean "${best}"?)` : '';
}

function checkType(value: unknown, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'source[]':
      return sourceLinks(value);
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')
        ? value.map((v: string) => v.trim())
        : undefined;
  }
}

function describe(type: FieldType): string {
  if (type === 'source[]') return SOURCE_LIST_RULE;
  return type === 'string' ? 'a non-empty string' : type === 'number' ? 'a number' : 'a list of non-empty strings';
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function asList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? (v as string[]) : undefined;
}

function rootRank(kind: NodeKind): number {
  return kind === 'pattern' ? 0 : kind === 'group' || kind === 'combination' ? 1 : 2;
}

function byOrder(a: CatalogNode, b: CatalogNode): number {
  return a.order - b.order || a.title.localeCompare(b.title);
}
