import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadCatalog } from '../../../src/core/catalog/load';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { readContentDir } from '../../../src/core/catalog/readContentDir';
import { tokenize } from '../../../src/core/suggest/tokens';
import type { Catalog, CatalogNode, CatalogProblem, NodeKind } from '../../../src/core/catalog/model';

/**
 * The real catalog under content/ against the stable id list (a copy of
 * ../shared/catalog-ids.json kept in test/fixtures so the tests run on any clone).
 */

const repoRoot = join(__dirname, '..', '..', '..');
const contentDir = join(repoRoot, 'content');

interface CatalogIds {
  readonly about: string;
  readonly patterns: Readonly<
    Record<
      string,
      {
        readonly title: string;
        readonly solutions: readonly string[];
        readonly deepDives: readonly string[];
        readonly example: string;
        readonly comparisonTable?: boolean;
      }
    >
  >;
  readonly combinations: {
    readonly items: readonly string[];
    readonly selectionGuide: readonly string[];
    readonly deepDives: readonly string[];
  };
  readonly guides: {
    readonly 'interview-strategy': {
      readonly steps: readonly string[];
      readonly questionsByPattern: readonly string[];
      readonly sections: readonly string[];
    };
  };
}

const ids = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'catalog-ids.json'), 'utf8')) as CatalogIds;

/** Every id the list asks for, with the kind it must have. */
function expectedIds(): Array<{ id: string; kind: NodeKind }> {
  const out: Array<{ id: string; kind: NodeKind }> = [];
  for (const [pattern, spec] of Object.entries(ids.patterns)) {
    out.push({ id: pattern, kind: 'pattern' });
    for (const s of spec.solutions) out.push({ id: `${pattern}/${s}`, kind: 'solution' });
    for (const d of spec.deepDives) out.push({ id: `${pattern}/${d}`, kind: 'deep-dive' });
    out.push({ id: `${pattern}/${spec.example}`, kind: 'example' });
  }
  for (const item of ids.combinations.items) out.push({ id: `combinations/${item}`, kind: 'combination' });
  for (const entry of ids.combinations.selectionGuide) out.push({ id: `combinations/selection-guide/${entry}`, kind: 'entry' });
  for (const d of ids.combinations.deepDives) out.push({ id: `combinations/${d}`, kind: 'deep-dive' });
  const guide = ids.guides['interview-strategy'];
  out.push({ id: 'interview-strategy', kind: 'guide' });
  for (const s of guide.steps) out.push({ id: `interview-strategy/${s}`, kind: 'step' });
  for (const p of guide.questionsByPattern) out.push({ id: `interview-strategy/${p}`, kind: 'questions' });
  for (const s of guide.sections) out.push({ id: `interview-strategy/${s}`, kind: 'section' });
  return out;
}

function formatProblems(problems: readonly CatalogProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}

/** Markdown-it as CommonMark sees raw HTML (html: true), so html tokens mark real tags only. */
const htmlAware = new MarkdownIt({ html: true });

describe('catalog ids (content/ against test/fixtures/catalog-ids.json)', () => {
  let catalog: Catalog;
  let problems: CatalogProblem[];

  before(() => {
    ({ catalog, problems } = loadCatalog(contentDir));
  });

  it('the fixture is a copy of the shared id list, "about" included', () => {
    assert.match(ids.about, /stable ids/);
    assert.ok(Object.keys(ids.patterns).length >= 7);
  });

  it('the content validates with zero problems', () => {
    assert.equal(problems.length, 0, `content problems:\n${formatProblems(problems)}`);
  });

  it('every id of the list exists with the right kind', () => {
    const missing: string[] = [];
    const wrongKind: string[] = [];
    for (const { id, kind } of expectedIds()) {
      const node = catalog.byId.get(id);
      if (!node) missing.push(id);
      else if (node.kind !== kind) wrongKind.push(`${id}: ${node.kind}, want ${kind}`);
    }
    assert.deepEqual(missing, [], `missing ids:\n${missing.join('\n')}`);
    assert.deepEqual(wrongKind, [], `wrong kinds:\n${wrongKind.join('\n')}`);
  });

  it('nodes sit under the parent their id implies', () => {
    for (const { id } of expectedIds()) {
      const node = catalog.byId.get(id);
      if (!node || !id.includes('/')) continue;
      const parentId = id.slice(0, id.lastIndexOf('/'));
      assert.equal(node.parent, parentId, `${id} has parent ${String(node.parent)}`);
      assert.ok(catalog.byId.get(parentId)?.children.includes(node), `${id} is not among the children of ${parentId}`);
    }
  });

  it('every pattern has the title of the list', () => {
    for (const [pattern, spec] of Object.entries(ids.patterns)) {
      assert.equal(catalog.byId.get(pattern)?.title, spec.title, pattern);
    }
  });

  it('patterns marked comparisonTable have a "Comparison" section with a markdown table', () => {
    const marked = Object.entries(ids.patterns).filter(([, spec]) => spec.comparisonTable);
    assert.ok(marked.length > 0);
    for (const [pattern] of marked) {
      const section = catalog.byId.get(pattern)?.sections.find((s) => s.heading.toLowerCase() === 'comparison');
      assert.ok(section, `${pattern} has no "Comparison" section`);
      const tokens = new MarkdownIt().parse(section.markdown, {});
      assert.ok(tokens.some((t) => t.type === 'table_open'), `the "Comparison" section of ${pattern} has no markdown table`);
    }
  });

  it('every solution has at least two pros and two cons', () => {
    const solutions = [...walkCatalog(catalog)].filter((n) => n.kind === 'solution');
    assert.ok(solutions.length >= 35, `only ${solutions.length} solutions`);
    for (const node of solutions) {
      assert.ok((node.pros?.length ?? 0) >= 2, `${node.id} has ${node.pros?.length ?? 0} pros`);
      assert.ok((node.cons?.length ?? 0) >= 2, `${node.id} has ${node.cons?.length ?? 0} cons`);
      for (const item of [...node.pros!, ...node.cons!]) assert.ok(item.trim() !== '', `${node.id} has an empty pro or con`);
    }
  });

  it('every deep dive under a pattern has question, interviewAnswer and answeredBy', () => {
    const dives = [...walkCatalog(catalog)].filter((n) => n.kind === 'deep-dive' && catalog.byId.get(n.parent ?? '')?.kind === 'pattern');
    assert.ok(dives.length >= 21, `only ${dives.length} pattern deep dives`);
    for (const node of dives) {
      assert.ok(node.question?.trim(), `${node.id} has no question`);
      assert.ok(node.interviewAnswer?.trim(), `${node.id} has no interviewAnswer`);
      assert.ok((node.answeredBy?.length ?? 0) > 0, `${node.id} has no answeredBy`);
    }
  });

  it('no askedWhen phrase is also an answeredBy phrase of the same deep dive (it would answer its own question)', () => {
    const stems = (phrase: string): string => tokenize(phrase).map((t) => t.stem).join(' ');
    const clashes: string[] = [];
    for (const node of walkCatalog(catalog)) {
      const answers = new Set((node.answeredBy ?? []).map(stems));
      for (const phrase of node.askedWhen ?? []) if (answers.has(stems(phrase))) clashes.push(`${node.id}: ${phrase}`);
    }
    assert.deepEqual(clashes, []);
  });

  it('every related, appliesTo and patterns id resolves to a node of the right kind', () => {
    const bad: string[] = [];
    for (const node of walkCatalog(catalog)) {
      for (const id of node.related) if (!catalog.byId.has(id)) bad.push(`${node.id} related ${id}`);
      for (const id of node.appliesTo ?? []) if (catalog.byId.get(id)?.kind !== 'solution') bad.push(`${node.id} appliesTo ${id}`);
      for (const id of node.patterns ?? []) if (catalog.byId.get(id)?.kind !== 'pattern') bad.push(`${node.id} patterns ${id}`);
    }
    assert.deepEqual(bad, []);
  });

  it('every sdp: link in the markdown files resolves (independent scan of the raw text)', () => {
    const files = readContentDir(contentDir, repoRoot);
    assert.ok(files.length >= 10);
    const broken: string[] = [];
    let links = 0;
    for (const { file, text } of files) {
      const lines = text.split(/\r?\n/);
      lines.forEach((line, i) => {
        for (const match of line.matchAll(/\]\(\s*<?sdp:([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) {
          links++;
          if (!catalog.byId.has(match[1]!)) broken.push(`${file}:${i + 1}: sdp:${match[1]}`);
        }
        // Reference-style definitions ("[x]: sdp:id") would escape the validator; none may be broken either.
        const ref = /^\s{0,3}\[[^\]]+\]:\s*<?sdp:([^\s>]*)/.exec(line);
        if (ref) {
          links++;
          if (!catalog.byId.has(ref[1]!)) broken.push(`${file}:${i + 1}: sdp:${ref[1]}`);
        }
      });
    }
    assert.ok(links > 50, `only ${links} sdp: links found; is the scan broken?`);
    assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
  });

  it('no raw HTML tags in the content markdown (outside code)', () => {
    const found: string[] = [];
    const scan = (node: CatalogNode, where: string, markdown: string, line: number, inline: boolean): void => {
      const tokens = inline ? htmlAware.parseInline(markdown, {}) : htmlAware.parse(markdown, {});
      const visit = (list: ReturnType<typeof htmlAware.parse>, base: number): void => {
        for (const token of list) {
          const at = token.map ? base + token.map[0] : base;
          if (token.type === 'html_block' || token.type === 'html_inline') {
            found.push(`${node.source.file}:${at} (${node.id}, ${where}): ${token.content.trim().slice(0, 60)}`);
          }
          if (token.children) visit(token.children, at);
        }
      };
      visit(tokens, line);
    };
    for (const node of walkCatalog(catalog)) {
      for (const s of node.sections) scan(node, `section "${s.heading}"`, s.markdown, s.line + 1, false);
      const fields: Array<[string, readonly string[] | string | undefined]> = [
        ['title', node.title],
        ['summary', node.summary],
        ['pros', node.pros],
        ['cons', node.cons],
        ['figures', node.figures],
        ['lessons', node.lessons],
        ['bestFor', node.bestFor],
        ['cost', node.cost],
        ['avoidWhen', node.avoidWhen],
        ['question', node.question],
        ['interviewAnswer', node.interviewAnswer],
      ];
      for (const [name, value] of fields) {
        for (const text of typeof value === 'string' ? [value] : value ?? []) scan(node, name, text, node.source.line, true);
      }
    }
    assert.deepEqual(found, [], `raw HTML in content:\n${found.join('\n')}`);
  });

  it('the HTML scan flags real tags and ignores comparisons, generics in code and diagrams', () => {
    const htmlTokens = (markdown: string): string[] =>
      htmlAware
        .parse(markdown, {})
        .flatMap((t) => [t, ...(t.children ?? [])])
        .filter((t) => t.type === 'html_block' || t.type === 'html_inline')
        .map((t) => t.content.trim());
    assert.deepEqual(htmlTokens('latency < 10ms and <10ms, a -> b, x <= y'), []);
    assert.deepEqual(htmlTokens('use `Map<string, number>` and `GET /x?since=<cursor>`'), []);
    assert.deepEqual(htmlTokens('```\nclient <-- server\nList<Item>\n```'), []);
    assert.deepEqual(htmlTokens('line one<br>line two'), ['<br>']);
    assert.deepEqual(htmlTokens('<div>\nblock\n</div>'), ['<div>\nblock\n</div>']);
  });
});
