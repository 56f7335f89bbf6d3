import MarkdownIt from 'markdown-it';
import { parseYamlBlock, splitFrontMatter } from './frontMatter';
import type { CatalogProblem, NodeKind, Section } from './model';

/** A node as written in a file, before its fields are checked and typed. */
export interface RawNode {
  readonly kind: NodeKind | undefined;
  /** Local id as written (`websockets`); for the file's own node, its full id. */
  readonly localId: string | undefined;
  readonly fields: Record<string, unknown>;
  readonly fieldLines: ReadonlyMap<string, number>;
  readonly sections: Section[];
  readonly line: number;
  readonly children: RawNode[];
  /** The child's yaml block is missing or unreadable (already reported); its fields are not known. */
  readonly fieldsUnreadable?: boolean;
}

/**
 * File line of the first line of each section's (trimmed) markdown, so problems inside
 * the markdown (a broken sdp: link) point at their own line. `Section.line` is the heading's.
 */
export const sectionMarkdownLines = new WeakMap<Section, number>();

/** `## Kind: local-id` heading prefixes and the node kind each one introduces. */
const CHILD_KINDS: ReadonlyMap<string, NodeKind> = new Map<string, NodeKind>([
  ['solution', 'solution'],
  ['deep dive', 'deep-dive'],
  ['example', 'example'],
  ['step', 'step'],
  ['questions', 'questions'],
  ['section', 'section'],
  ['entry', 'entry'],
]);

const FILE_KINDS: ReadonlySet<string> = new Set(['pattern', 'combination', 'group', 'guide']);

// Block-level parsing only needs structure; raw HTML off like everywhere else.
const md = new MarkdownIt({ html: false });

interface Heading {
  readonly level: number;
  readonly text: string;
  /** 0-based index into the body lines. */
  readonly index: number;
}

/**
 * Parses one content file into a raw node tree. Structural problems are reported with
 * the file and 1-based line; whatever can be read is still returned.
 */
export function parseContentFile(file: string, text: string, problems: CatalogProblem[]): RawNode | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const split = splitFrontMatter(lines);
  if (split.frontMatter === undefined) {
    const unclosed = lines[0]?.trim() === '---';
    problems.push({
      file,
      line: 1,
      message: unclosed
        ? 'front matter is not closed: add a line "---" after the fields'
        : 'missing front matter: start the file with a line "---", the fields, and another "---"',
    });
    return undefined;
  }
  const fm = parseYamlBlock(split.frontMatter, file, split.frontMatterLine, problems);
  if (!fm.data) return undefined;

  const kindValue = fm.data['kind'];
  let kind: NodeKind | undefined;
  if (typeof kindValue === 'string' && FILE_KINDS.has(kindValue)) {
    kind = kindValue as NodeKind;
  } else {
    problems.push({
      file,
      line: fm.keyLines.get('kind') ?? 1,
      message: `front matter "kind" must be one of ${[...FILE_KINDS].join(', ')}; found ${JSON.stringify(kindValue ?? null)}`,
    });
  }
  const idValue = fm.data['id'];
  const fields = { ...fm.data };
  delete fields['id'];
  delete fields['kind'];

  const body = split.bodyLines;
  const offset = split.bodyFirstLine; // file line of body[0]
  const tokens = md.parse(body.join('\n'), {});
  const headings: Heading[] = [];
  const yamlFences = new Map<number, { content: string; contentIndex: number }>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.level !== 0 || !token.map) continue;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      headings.push({ level: Number(token.tag.slice(1)), text: inline?.content.trim() ?? '', index: token.map[0] });
    } else if (token.type === 'fence' && token.info.trim().toLowerCase() === 'yaml') {
      yamlFences.set(token.map[0], { content: token.content, contentIndex: token.map[0] + 1 });
    }
  }

  const root: RawNode = {
    kind,
    localId: typeof idValue === 'string' ? idValue : undefined,
    fields,
    fieldLines: fm.keyLines,
    sections: [],
    line: 1,
    children: [],
  };
  if (typeof idValue !== 'string') {
    problems.push({ file, line: fm.keyLines.get('id') ?? 1, message: 'front matter needs "id: <kebab-case id>"' });
  }

  const h2 = headings.filter((h) => h.level === 2);
  const firstH2 = h2[0]?.index ?? body.length;
  if (body.slice(0, firstH2).some((l) => l.trim() !== '')) {
    const line = offset + body.slice(0, firstH2).findIndex((l) => l.trim() !== '');
    problems.push({ file, line, message: 'text before the first "## " heading belongs to no section: move it under "## Overview"' });
  }

  for (let n = 0; n < h2.length; n++) {
    const heading = h2[n]!;
    const end = h2[n + 1]?.index ?? body.length;
    const match = /^([A-Za-z ]+?)\s*:\s*(.*)$/.exec(heading.text);
    const childKind = match ? CHILD_KINDS.get(match[1]!.toLowerCase()) : undefined;
    if (!match || !childKind) {
      if (match && !childKind) {
        problems.push({
          file,
          line: offset + heading.index,
          message: `unknown child kind "${match[1]}" in "## ${heading.text}": use one of ${[...CHILD_KINDS.keys()].map(capitalise).join(', ')}`,
        });
        continue;
      }
      root.sections.push(section(heading.text, body, heading.index + 1, end, offset));
      continue;
    }
    const localId = match[2]!.trim();
    const headingLine = offset + heading.index;
    if (localId === '') {
      problems.push({ file, line: headingLine, message: `"## ${heading.text}" needs an id after the colon, for example "## ${match[1]}: my-id"` });
      continue;
    }
    const fence = findMetaFence(body, heading.index + 1, end, yamlFences);
    let meta: Record<string, unknown> = {};
    let metaLines: ReadonlyMap<string, number> = new Map();
    let contentStart = heading.index + 1;
    let fieldsUnreadable: boolean;
    if (!fence) {
      fieldsUnreadable = true;
      problems.push({ file, line: headingLine, message: `"## ${heading.text}" must be followed by a \`\`\`yaml block with its fields (title, summary, ...)` });
    } else {
      const parsed = parseYamlBlock(fence.content, file, offset + fence.contentIndex, problems);
      meta = parsed.data ?? {};
      fieldsUnreadable = parsed.data === undefined;
      metaLines = parsed.keyLines;
      contentStart = fence.contentIndex + fence.content.split('\n').length; // just past the closing fence
    }
    const child: RawNode = {
      kind: childKind,
      localId,
      fields: meta,
      fieldLines: metaLines,
      sections: [],
      line: headingLine,
      children: [],
      fieldsUnreadable,
    };
    const subs = headings.filter((h) => h.level === 3 && h.index > heading.index && h.index < end);
    const introEnd = subs[0]?.index ?? end;
    const intro = section('Introduction', body, contentStart, introEnd, offset);
    if (intro.markdown !== '') child.sections.push(intro);
    for (let s = 0; s < subs.length; s++) {
      const sub = subs[s]!;
      child.sections.push(section(sub.text, body, sub.index + 1, subs[s + 1]?.index ?? end, offset));
    }
    root.children.push(child);
  }
  return root;
}

/** The yaml fence that directly follows a child heading (blank lines allowed between). */
function findMetaFence(
  body: readonly string[],
  from: number,
  end: number,
  fences: ReadonlyMap<number, { content: string; contentIndex: number }>,
): { content: string; contentIndex: number } | undefined {
  for (let i = from; i < end; i++) {
    if (body[i]!.trim() === '') continue;
    return fences.get(i);
  }
  return undefined;
}

function section(heading: string, body: readonly string[], from: number, to: number, offset: number): Section {
  const result: Section = { heading, markdown: body.slice(from, to).join('\n').trim(), line: offset + from - 1 };
  const firstText = body.slice(from, to).findIndex((l) => l.trim() !== '');
  if (firstText >= 0) sectionMarkdownLines.set(result, offset + from + firstText);
  return result;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
