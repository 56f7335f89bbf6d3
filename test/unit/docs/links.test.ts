/**
 * The project's own documentation links to itself a lot: docs/ pages to each other and to sections
 * ("suggest.md#6-explanation-and-questions"), the README to docs/, content/FORMAT.md to the cards'
 * folders. A page renamed or a heading reworded breaks such a link silently on GitHub. This checks
 * every relative link of the hand-written markdown: its file exists, and an anchor names a heading
 * of the target as GitHub spells it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';

const ROOT = resolve(__dirname, '../../..');
const md = new MarkdownIt({ html: false });

/** The hand-written markdown tracked by git: not the eval documents, the cards (their `sdp:` links are checked by the catalog), or session records. */
function pages(): string[] {
  const tracked = execFileSync('git', ['ls-files', '*.md'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  return tracked.filter((p) => !/^(?:test\/fixtures\/|eval\/corpus\/second-labels\/|eval\/preregistered\/\d|content\/(?!FORMAT\.md$))/.test(p));
}

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, each space a `-`; a repeat gets `-1`, `-2`. */
export function headingAnchors(markdown: string): Set<string> {
  const tokens = md.parse(markdown, {});
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'heading_open') continue;
    const inline = tokens[i + 1]!;
    const text = (inline.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
    const base = text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every link target in a page, with its 1-based line. */
function links(markdown: string): { href: string; line: number }[] {
  const out: { href: string; line: number }[] = [];
  const tokens = md.parse(markdown, {});
  let line = 1;
  for (const token of tokens) {
    // A table cell's inline token has no line of its own: it takes its row's.
    if (token.map) line = token.map[0] + 1;
    if (token.type !== 'inline') continue;
    for (const child of token.children ?? []) {
      const href = child.type === 'link_open' ? child.attrGet('href') : child.type === 'image' ? child.attrGet('src') : null;
      if (href !== null) out.push({ href: String(href), line });
    }
  }
  return out;
}

describe('documentation links', () => {
  it('heading anchors follow GitHub: punctuation dropped, spaces made dashes, repeats numbered', () => {
    assert.deepEqual([...headingAnchors('# 6. Explanation and questions\n## The corpus, the splits and the eval\n## `npm run eval`\n## A\n## A\n')], [
      '6-explanation-and-questions',
      'the-corpus-the-splits-and-the-eval',
      'npm-run-eval',
      'a',
      'a-1',
    ]);
  });

  it('every relative link in the hand-written markdown reaches a file, and its anchor a heading there', () => {
    const broken: string[] = [];
    const checked = pages();
    assert.ok(checked.includes('docs/suggest.md') && checked.includes('README.md'), 'the pages to check were found');
    let count = 0;
    for (const page of checked) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const { href, line } of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // http:, mailto:, sdp:, vscode: are not files here
        count++;
        const [pathPart, anchor] = href.split('#', 2) as [string, string | undefined];
        const target = pathPart === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(pathPart));
        if (!existsSync(target)) {
          broken.push(`${page}:${line}: ${href} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && statSync(target).isFile() && !headingAnchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${page}:${line}: ${href} (no heading "#${anchor}" in ${relative(ROOT, target)})`);
        }
      }
    }
    assert.ok(count > 20, `only ${count} relative links found: the link reader is broken`);
    assert.deepEqual(broken, []);
  });
});
