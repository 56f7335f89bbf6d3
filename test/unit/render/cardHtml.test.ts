import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../src/core/catalog/buildCatalog';
import { walkCatalog } from '../../../src/core/catalog/indexCatalog';
import { loadCatalog } from '../../../src/core/catalog/load';
import type { Catalog } from '../../../src/core/catalog/model';
import { renderCard } from '../../../src/core/render/cardHtml';
import { createSnippetLibrary, toSnippetView, type SnippetView } from '../../../src/core/render/snippetView';
import { loadSnippets } from '../../../src/core/snippets/loader';
import { auditCardMarkup, elementsOfFragment, type ParsedElement } from './htmlAudit';
import { testLabels } from './labels';

const root = join(__dirname, '..', '..', '..');

function render(catalog: Catalog, id: string, snippets: readonly SnippetView[] = []): { html: string; elements: ParsedElement[] } {
  const node = catalog.byId.get(id);
  assert.ok(node, `fixture has no node ${id}`);
  const { html } = renderCard(node, catalog, { labels: testLabels, snippets: createSnippetLibrary(snippets) });
  return { html, elements: elementsOfFragment(html) };
}

function texts(elements: readonly ParsedElement[], tag: string): string[] {
  return elements.filter((e) => e.tag === tag).map((e) => e.text.trim());
}

/** Headings never skip a level going down (h2 then h4 would lose screen-reader structure). */
function headingProblems(elements: readonly ParsedElement[]): string[] {
  const levels = elements.filter((e) => /^h[1-6]$/.test(e.tag)).map((e) => Number(e.tag[1]));
  const problems: string[] = [];
  if (levels.filter((l) => l === 1).length !== 1) problems.push(`expected one h1, found ${levels.filter((l) => l === 1).length}`);
  if (levels[0] !== 1) problems.push('the first heading is not the h1');
  for (let i = 1; i < levels.length; i++) {
    if (levels[i]! > levels[i - 1]! + 1) problems.push(`h${levels[i - 1]} followed by h${levels[i]}`);
  }
  return problems;
}

function catalogs(): { name: string; catalog: Catalog }[] {
  const out: { name: string; catalog: Catalog }[] = [];
  out.push({ name: 'test/fixtures/content-mini', catalog: loadCatalog(join(root, 'test/fixtures/content-mini')).catalog });
  // The real content is being written alongside; render whatever of it parses today.
  if (existsSync(join(root, 'content'))) out.push({ name: 'content', catalog: loadCatalog(join(root, 'content')).catalog });
  return out;
}

describe('card HTML', () => {
  for (const { name, catalog } of catalogs()) {
    describe(`every node of ${name}`, () => {
      it('renders without scripts, event handlers, remote resources or foreign links, with a sound outline', () => {
        const failures: string[] = [];
        let count = 0;
        for (const node of walkCatalog(catalog)) {
          count++;
          const { html } = renderCard(node, catalog, { labels: testLabels });
          const elements = elementsOfFragment(html);
          for (const problem of [...auditCardMarkup(elements, (id) => catalog.byId.has(id)), ...headingProblems(elements)]) {
            failures.push(`${node.id}: ${problem}`);
          }
          if (/<script|javascript:/i.test(html)) failures.push(`${node.id}: script text in the raw output`);
          const landmarks = elements.filter((e) => e.tag === 'header' || e.tag === 'main').map((e) => e.tag);
          if (landmarks.join() !== 'header,main') failures.push(`${node.id}: landmarks ${landmarks.join()}`);
          const navs = elements.filter((e) => e.tag === 'nav').map((e) => e.attrs.get('aria-label'));
          const expected = node.parent ? ['Card history', 'Breadcrumb'] : ['Card history'];
          if (navs.join() !== expected.join()) failures.push(`${node.id}: navigation ${navs.join()}`);
        }
        assert.ok(count > 0, 'the catalog has nodes');
        assert.deepEqual(failures, []);
      });
    });
  }

  describe('hostile markdown', () => {
    const hostile = buildCatalog([
      {
        file: 'content/patterns/evil.md',
        text: `---
id: evil
kind: pattern
title: Evil "><script>alert(1)</script>
summary: Summary with <img src=x onerror=alert(1)> and a "quote".
order: 1
keywords: [evil]
---

## Overview
<script>alert('raw')</script>
<img src="https://evil.example/pixel.png" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">html link</a>
[js](javascript:alert(5)) [cmd](command:workbench.action.quit) [file](file:///etc/passwd)
[data](data:text/html;base64,PHNjcmlwdD4=) [vs](vscode://ms-vscode.foo/bar) [rel](../secrets.md)
![pixel](https://evil.example/pixel.png) <https://example.com/page> https://example.org/bare
[ok](https://example.com/docs?a=1&b="2") [node](sdp:evil/good) [missing](sdp:no-such-node)
<style>body{background:url(https://evil.example/x)}</style>

## Problem
| a | b |
| --- | --- |
| <b>x</b> | [t](javascript:alert(6)) |

## Comparison
\`\`\`html" onmouseover="alert(7)
<script>alert(8)</script>
\`\`\`

## When to reach for it
Never.

## Solution: good
\`\`\`yaml
title: Good <b>bold</b>
summary: fine
bestFor: "[x](javascript:alert(9)) <i>i</i>"
cost: "<script>alert(10)</script>"
keywords: [good]
pros: ["<img src=x onerror=alert(11)>", "[link](https://example.com)"]
cons: ["\`code\` <svg onload=alert(12)>", "plain"]
\`\`\`
### How it works
Fine.
### When to use
Fine.
`,
      },
    ]).catalog;

    for (const id of ['evil', 'evil/good']) {
      it(`renders ${id} inert`, () => {
        const { html, elements } = render(hostile, id, [
          {
            id: 'evil-snippet',
            title: '<script>alert(13)</script>',
            description: '"><img src=x onerror=alert(14)>',
            implements: ['evil/good'],
            variants: [{ language: 'typescript"><script>', label: 'TS', code: '</code></pre><script>alert(15)</script>' }],
            sources: [
              { title: '<script>alert(16)</script>', url: 'javascript:alert(17)' },
              { title: 'quote', url: 'https://example.com/"><img src=x onerror=alert(18)>' },
              // These two are web URLs (no white space), so they take the link branch: its title and
              // href must be escaped there too, not only in the text-only branch the two above take.
              { title: '<img src=x onerror=alert(19)>', url: 'https://example.com/ok' },
              { title: 'quote', url: 'https://example.com/"><img/src=x/onerror=alert(20)>' },
            ],
          },
        ]);
        if (id === 'evil/good') {
          // The card that shows the snippet (it implements evil/good).
          const hrefs = elements.filter((e) => e.tag === 'a' && e.attrs.get('data-external') === 'true').map((a) => a.attrs.get('href'));
          assert.ok(hrefs.includes('https://example.com/ok'), 'a hostile title on a web link is rendered as a link');
          assert.ok(hrefs.includes('https://example.com/"><img/src=x/onerror=alert(20)>'), 'a web URL with markup stays one href');
        }
        assert.deepEqual(auditCardMarkup(elements, (n) => hostile.byId.has(n)), []);
        assert.doesNotMatch(html, /<(script|img|style|svg|iframe|link)\b/i, 'markup from the content is escaped');
      });
    }

    it('keeps allowed links and drops the rest to their text', () => {
      const { elements } = render(hostile, 'evil');
      const links = elements.filter((e) => e.tag === 'a' && e.attrs.has('href'));
      const hrefs = links.map((a) => a.attrs.get('href'));
      assert.ok(hrefs.includes('sdp:evil/good'));
      assert.ok(hrefs.includes('https://example.com/page'), 'autolink');
      assert.ok(hrefs.includes('https://example.org/bare'), 'linkified URL');
      assert.ok(hrefs.some((h) => h?.startsWith('https://example.com/docs?a=1&b=')));
      assert.ok(!hrefs.some((h) => h?.includes('no-such-node')), 'no link to a missing node');
      const text = elements.find((e) => e.tag === 'main')!.text;
      for (const label of ["js", "cmd", "file", "data", "vs", "rel", "missing"]) {
        assert.ok(new RegExp(`\\b${label}\\b`).test(text), `the text of the dropped link "${label}" stays`);
      }
      assert.ok(text.includes('pixel'), 'an image shows its description');
    });
  });

  describe('layouts', () => {
    const { catalog } = loadCatalog(join(root, 'test/fixtures/content-mini'));

    it('a pattern card opens with its overview and the problem, then compares its solutions side by side', () => {
      const { elements } = render(catalog, 'contention');
      const h2 = texts(elements, 'h2');
      assert.deepEqual(h2.slice(0, 4), ['Overview', 'Problem', 'Solutions compared', 'Comparison']);
      const option = elements.find((e) => e.tag === 'li' && e.attrs.get('class') === 'option');
      assert.ok(option, 'one comparison entry per solution');
      for (const expected of ['Optimistic Locking', 'Best for', 'low-conflict updates', 'Buys', 'No locks held while users think', 'Costs', 'Retries pile up under heavy conflict']) {
        assert.ok(option.text.includes(expected), `comparison shows "${expected}"`);
      }
      assert.ok(h2.includes('Deep dives') && h2.includes('Real-world examples') && h2.includes('Related'));
    });

    it('a solution card shows how it works, when to use it, and pros and cons as two columns', () => {
      const { elements } = render(catalog, 'contention/optimistic-locking', [
        {
          id: 'cas',
          title: 'Compare and set',
          description: 'Update only when the version is unchanged.',
          implements: ['contention/optimistic-locking'],
          variants: [
            { language: 'typescript', label: 'TypeScript', code: 'update(row, version);' },
            { language: 'sql', label: 'SQL', code: 'UPDATE t SET v = v + 1 WHERE version = 3;' },
          ],
        },
      ]);
      const h2 = texts(elements, 'h2');
      assert.deepEqual(h2.slice(0, 4), ['At a glance', 'How it works', 'When to use', 'Trade-offs']);
      const pros = elements.find((e) => e.attrs.get('class') === 'pros-column');
      const cons = elements.find((e) => e.attrs.get('class') === 'cons-column');
      assert.ok(pros?.text.startsWith('Pros') && pros.text.includes('Cheap when conflicts are rare'));
      assert.ok(cons?.text.startsWith('Cons') && cons.text.includes('Needs a version column'));
      assert.ok(h2.includes('Snippets') && h2.includes('Questions this solution raises'));
      const insert = elements.filter((e) => e.attrs.get('data-action') === 'insert-snippet');
      assert.deepEqual(insert.map((e) => e.attrs.get('data-language')), ['typescript', 'sql']);
      assert.ok(elements.some((e) => e.tag === 'vscode-tabs'), 'languages as tabs');
      assert.ok(elements.some((e) => e.tag === 'code' && e.text.includes('WHERE version = 3')));
    });

    describe("a snippet's sources", () => {
      const snippet = (sources?: SnippetView['sources']): SnippetView => ({
        id: 'cas',
        title: 'Compare and set',
        description: 'Update only when the version is unchanged.',
        implements: ['contention/optimistic-locking'],
        variants: [{ language: 'sql', label: 'SQL', code: 'UPDATE t SET v = v + 1 WHERE version = 3;' }],
        ...(sources ? { sources } : {}),
      });

      it('shows them as one labelled line of web links under the description, in the order written', () => {
        const { html, elements } = render(catalog, 'contention/optimistic-locking', [
          snippet([
            { title: 'PostgreSQL docs: UPDATE (2026)', url: 'https://www.postgresql.org/docs/current/sql-update.html' },
            { title: 'RFC 9110 (2026)', url: 'https://www.rfc-editor.org/rfc/rfc9110' },
          ]),
        ]);
        const line = elements.find((e) => e.attrs.get('class') === 'snippet-sources');
        assert.ok(line, 'a sources line');
        assert.ok(line.text.startsWith('Sources'), line.text);
        const list = elements.find((e) => e.attrs.get('class') === 'snippet-source-list')!;
        const label = elements.find((e) => e.attrs.get('id') === list.attrs.get('aria-labelledby'));
        assert.equal(label?.text, 'Sources', 'the list is named by its label');
        const links = elements.filter((e) => e.tag === 'a' && e.attrs.get('data-external') === 'true');
        assert.deepEqual(
          links.map((a) => a.attrs.get('href')),
          ['https://www.postgresql.org/docs/current/sql-update.html', 'https://www.rfc-editor.org/rfc/rfc9110'],
        );
        assert.deepEqual(links.map((a) => a.text), ['PostgreSQL docs: UPDATE (2026) (opens in the browser)', 'RFC 9110 (2026) (opens in the browser)']);
        // Under the description, before the code: read before one inserts it.
        const at = (needle: string): number => html.indexOf(needle);
        assert.ok(at('snippet-description') < at('snippet-sources') && at('snippet-sources') < at('<pre'), 'description, sources, code');
        assert.deepEqual(auditCardMarkup(elements, (n) => catalog.byId.has(n)), []);
      });

      it("carries snippet.yaml's sources from the library to the card (a real snippet on its real card)", () => {
        const content = loadCatalog(join(root, 'content')).catalog;
        const library = loadSnippets(join(root, 'content/snippets')).snippets;
        const withSources = library.find((s) => (s.sources?.length ?? 0) > 0 && s.implements.some((id) => content.byId.has(id)));
        assert.ok(withSources, 'some shipped snippet lists sources');
        const node = content.byId.get(withSources.implements.find((id) => content.byId.has(id))!)!;
        const { html } = renderCard(node, content, { labels: testLabels, snippets: createSnippetLibrary(library.map(toSnippetView)) });
        const hrefs = elementsOfFragment(html).filter((e) => e.tag === 'a' && e.attrs.get('data-external') === 'true').map((a) => a.attrs.get('href'));
        for (const source of withSources.sources!) assert.ok(hrefs.includes(source.url), `${withSources.id}: ${source.url}`);
      });

      it('shows no line for a snippet without sources', () => {
        for (const sources of [undefined, []]) {
          const { elements } = render(catalog, 'contention/optimistic-locking', [snippet(sources)]);
          assert.ok(!elements.some((e) => e.attrs.get('class') === 'snippet-sources'), JSON.stringify(sources));
        }
      });

      it('shows a source the card could not open (not a web URL, or longer than a message may carry) as its title, with no link', () => {
        const long = `https://example.com/${'a'.repeat(2100)}`;
        const { elements } = render(catalog, 'contention/optimistic-locking', [
          snippet([
            { title: 'Local file', url: 'file:///etc/passwd' },
            { title: 'Too long', url: long },
          ]),
        ]);
        const line = elements.find((e) => e.attrs.get('class') === 'snippet-sources');
        assert.ok(line?.text.includes('Local file') && line.text.includes('Too long'));
        assert.ok(!elements.some((e) => e.tag === 'a' && e.attrs.get('data-external') === 'true'));
      });
    });

    it('a solution names snippets the library lacks instead of hiding them', () => {
      const withSnippet = buildCatalog([
        {
          file: 'p.md',
          text: `---\nid: p\nkind: pattern\ntitle: P\nsummary: s\norder: 1\nkeywords: [k]\n---\n\n## Overview\nx\n\n## Problem\nx\n\n## Comparison\nx\n\n## When to reach for it\nx\n\n## Solution: s\n\`\`\`yaml\ntitle: S\nsummary: s\nbestFor: b\nkeywords: [k]\npros: [a, b]\ncons: [c, d]\nsnippets: [absent-one]\n\`\`\`\n### How it works\nx\n### When to use\nx\n`,
        },
      ]).catalog;
      const { elements } = render(withSnippet, 'p/s');
      assert.ok(elements.some((e) => e.text === 'Snippet absent-one is unavailable'));
    });

    it('a deep-dive card shows the question, the answer and the short interview answer', () => {
      const { elements } = render(catalog, 'contention/deadlocks');
      assert.equal(elements.find((e) => e.attrs.get('class') === 'card-lead')?.text, 'How do you prevent deadlocks?');
      const h2 = texts(elements, 'h2');
      assert.deepEqual(h2.slice(0, 2), ['Answer', 'Short answer for an interview']);
      assert.ok(elements.some((e) => e.attrs.get('class') === 'callout' && e.text.includes('We lock rows in id order')));
      assert.ok(h2.includes('Pressing for'));
    });

    it('the breadcrumb links every ancestor and marks the current card', () => {
      const { elements } = render(catalog, 'contention/deadlocks');
      const crumb = elements.find((e) => e.tag === 'nav' && e.attrs.get('aria-label') === 'Breadcrumb');
      assert.ok(crumb?.text.includes('Dealing with Contention'));
      assert.ok(elements.some((e) => e.attrs.get('aria-current') === 'page' && e.text === 'Preventing deadlocks'));
    });

    it('markdown headings inside a section sit below the section heading', () => {
      const deep = buildCatalog([
        {
          file: 'g.md',
          text: `---\nid: g\nkind: guide\ntitle: G\nsummary: s\n---\n\n## Overview\n# Top\ntext\n#### Deep\ntext\n`,
        },
      ]).catalog;
      const { elements } = render(deep, 'g');
      assert.deepEqual(
        elements.filter((e) => /^h[1-6]$/.test(e.tag)).map((e) => `${e.tag}:${e.text}`),
        ['h1:G', 'h2:Overview', 'h3:Top', 'h6:Deep'],
      );
    });

    it('wide tables and code scroll inside a focusable, labelled region', () => {
      const { elements } = render(catalog, 'contention');
      const region = elements.find((e) => e.attrs.get('class') === 'table-scroll');
      assert.equal(region?.attrs.get('role'), 'region');
      assert.equal(region?.attrs.get('tabindex'), '0');
      assert.equal(region?.attrs.get('aria-label'), 'Table, scrolls sideways');
    });
  });
});
