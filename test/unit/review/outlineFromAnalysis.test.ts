/**
 * The outline taken from the engine's analysis (suggestWithOutline, outlineOf) is the one
 * `readOutline` gives the analysed text, on every document: each markdown file of the repository's
 * fixtures, docs, examples and content, and hostile ones (comments, setext headings, front matter,
 * review comments, lone carriage returns), with each line break style, whole and cut short.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_OUTLINE, outlineOf, readOutline } from '../../../src/core/review/outline';
import { isDocumentOutline } from '../../../src/core/review/outlineCheck';
import { outlineOfReading, suggestWithOutline } from '../../../src/core/review/suggestWithOutline';
import { createSuggestEngine, type SuggestOptions } from '../../../src/core/suggest';
import { readStructure } from '../../../src/core/suggest/structure';
import { fixtureCatalog } from '../suggest/fixtures';

const ROOT = join(__dirname, '..', '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

/** Documents built to trip the outline: each line break style is added below. */
const HOSTILE: Record<string, string> = {
  'empty': '',
  'one line break': '\n',
  'spaces only': '   \n\t\n',
  'a heading inside a comment': '# Title\n<!-- guidance\n## Hidden\n-->\n## Real\ntext\n',
  'a comment in every section': Array.from({ length: 20 }, (_, i) => `## Part ${i}\n<!-- say what part ${i} covers -->\nText of part ${i}.\n`).join('\n'),
  'a comment left open': '# Title\n<!-- never closed\n## Still a heading\ntext\n',
  'an inline comment in a heading': '# Title\n\n## Goals <!-- note -->\nSome goals.\n\n## Non-goals<!-- x -->\n',
  'a comment whose blanking would underline the text above': 'Requirements\n- <!-- list the requirements -->\n\nOther\n> - <!-- quoted -->\n',
  'a comment indented under text': 'A paragraph\n    <!-- inline, four columns -->\n---\n',
  'setext headings': 'Title\n=====\n\nSubtitle\n--------\ntext\n\nMulti\nline\n---\n',
  'a setext heading after a comment': '<!-- note -->\nHeading\n===\n',
  'front matter': '---\ntitle: "Seat booking"\nowner: me\n---\n# Heading\n\n## Alternatives\n',
  'front matter holding a comment': '---\ntitle: x <!-- not a comment\n---\n# Heading\n-->\n## After\n',
  'front matter left open': '---\ntitle: x\n# Heading\n',
  'headings in code': '# Title\n\n```\n# not a heading\n<!-- nor a comment -->\n```\n\n    # indented code\n\n## Real\n',
  'a fence left open': '# Title\n```\n# inside\n',
  'levels up and down': '# a\n### b\n## c\n#### d\n##### e\n# f\n###### g\n## h\n',
  'a title at level two': 'Some intro text that is long enough to be no title.\n\n## Design\n\n### Alternatives considered\n\n## Appendix B: data\n',
  'a heading in a quote and a list': '# T\n> ## quoted heading\n- ## listed heading\n',
  'closing hashes': '# Title #\n## Alternatives ##\n###   Non-Goals:   ###\n',
  'an sdp-ignore comment': '# Seat booking\n<!-- sdp-ignore: contention -->\n\n## Alternatives\nA queue.\n',
  'an sdp-ignore comment in code': '# Seat booking\n```\n<!-- sdp-ignore: contention -->\n```\n## Alternatives\n',
  'an sdp-todo marker under an ATX heading': '# Seat booking\n\n## Alternatives\n\n### Distributed locks\n\n<!-- sdp-todo: contention/distributed-locks\nQuestion: how?\n-->\n\n### Other\n## Body\n',
  'an sdp-todo marker under a setext heading': '# Seat booking\n\nAlternatives\n---\n\n<!-- sdp-todo: contention/x\n-->\ntext\n## Next\n',
  'an sdp-ignore comment indented under text': 'Text\n    <!-- sdp-ignore: contention -->\n---\n',
  'lone carriage returns already': '# A\r## B\r\n## C\rtext\r',
};

/** The document with each of the three line break styles (a lone `\r` ends a line too). */
function withLineBreaks(text: string): string[] {
  const lf = text.replace(/\r\n?/g, '\n');
  return [...new Set([text, lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')])];
}

/** Where to cut a document: a few places, and inside up to `pairs` of its `\r\n` pairs. */
function cuts(text: string, pairs: number): number[] {
  const at = new Set([1, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1]);
  for (let i = text.indexOf('\r\n'), n = 0; i !== -1 && n < pairs; i = text.indexOf('\r\n', i + 2), n++) at.add(i + 1);
  return [...at].filter((k) => k > 0 && k < text.length);
}

/** How many checks took each way: the outline off the engine's structure or an own parse, and whether anything was suggested. */
interface Paths { structure: number; ownParse: number; suggested: number; nothingSuggested: number }
const newPaths = (): Paths => ({ structure: 0, ownParse: 0, suggested: 0, nothingSuggested: 0 });

describe('the outline taken from the analysis', function () {
  this.timeout(120_000);
  const engine = createSuggestEngine(fixtureCatalog());

  /**
   * The outline of one analysis: read off it (`outlineOfReading`), it is `readOutline` of the text
   * analysed; `suggestWithOutline` gives it when the engine suggested something, else the empty one.
   */
  function expectOutline(text: string, options: SuggestOptions | undefined, analysed: string, paths: Paths, label: string): void {
    const reading = engine.read(text, options);
    const expected = readOutline(analysed);
    assert.deepStrictEqual(outlineOfReading(reading), expected, label);
    assert.ok(isDocumentOutline(expected), `${label}: the check accepts it`);
    const { result, outline } = suggestWithOutline(engine, text, options);
    assert.deepStrictEqual(result, reading.result, `${label}: the engine's result`);
    assert.deepStrictEqual(outline, result.suggestions.length > 0 ? expected : EMPTY_OUTLINE, `${label}: suggestWithOutline`);
    paths[result.suggestions.length > 0 ? 'suggested' : 'nothingSuggested']++;
  }

  /** Checks one document, whole and cut short as the editor and the command line cut it. */
  function check(name: string, text: string, paths: Paths, pairs: number): void {
    const whole = engine.read(text);
    paths[whole.reviewCommentsBlanked ? 'ownParse' : 'structure']++;
    expectOutline(text, undefined, text, paths, `${name}: whole`);
    for (const k of cuts(text, pairs)) {
      const part = text.slice(0, k);
      // The command line: the engine cuts the text (its line breaks made whole first).
      expectOutline(text, { maxChars: k }, part, paths, `${name}: the engine cut it at ${k}`);
      // The editor: the analyser cuts the document's text and the engine reads all of it.
      expectOutline(part, { maxChars: Math.max(part.length, 1) }, part, paths, `${name}: cut at ${k} before the engine`);
    }
  }

  it('hostile documents, with each line break style, whole and cut short', () => {
    const paths = newPaths();
    for (const [name, text] of Object.entries(HOSTILE)) for (const variant of withLineBreaks(text)) check(name, variant, paths, 8);
    // Both ways of reading it are exercised: off the engine's structure, and the own parse a document with review comments needs.
    assert.ok(paths.structure > 60 && paths.ownParse >= 8, JSON.stringify(paths));
    assert.ok(paths.nothingSuggested > 100, JSON.stringify(paths));
  });

  it('a marker\'s heading is why a document with review comments needs its own parse: the engine read it without its words', () => {
    const text = HOSTILE['an sdp-todo marker under an ATX heading']!;
    const reading = engine.read(text);
    assert.equal(reading.reviewCommentsBlanked, true);
    assert.notDeepStrictEqual(outlineOf(reading.structure), readOutline(text));
    assert.deepStrictEqual(outlineOfReading(reading).headings.map((h) => [h.text, h.role]),
      [['Seat booking', 'body'], ['Alternatives', 'alternatives'], ['Distributed locks', 'alternatives'], ['Other', 'alternatives'], ['Body', 'body']]);
  });

  it('every markdown file of the repository (fixtures, docs, examples, content), with each line break style', () => {
    const files = ['test/fixtures', 'docs', 'examples', 'content'].flatMap((d) => markdownFiles(join(ROOT, d)));
    assert.ok(files.length > 350, `${files.length} files`);
    const paths = newPaths();
    for (const file of files) for (const variant of withLineBreaks(readFileSync(file, 'utf8'))) check(file, variant, paths, 2);
    assert.ok(paths.structure > 1000 && paths.suggested > 1000 && paths.nothingSuggested > 100, JSON.stringify(paths));
  });

  it('outlineOf maps a structure as readOutline does, and the empty outline is the empty text\'s', () => {
    const text = HOSTILE['levels up and down']!;
    assert.deepStrictEqual(outlineOf(readStructure(text)), readOutline(text));
    assert.deepStrictEqual(EMPTY_OUTLINE, readOutline(''));
  });
});

describe('isDocumentOutline (what the host checks in a worker\'s answer)', () => {
  it('accepts every outline readOutline gives, also after a structured clone (as a worker posts it)', () => {
    for (const text of Object.values(HOSTILE)) {
      const outline = readOutline(text);
      assert.ok(isDocumentOutline(outline), text);
      assert.ok(isDocumentOutline(structuredClone(outline)), text);
    }
  });

  it('refuses what is not one', () => {
    const good = readOutline('# Title\n\n## Part\n');
    const heading = good.headings[1]!;
    for (const bad of [undefined, null, 42, 'outline', {}, { ...good, headings: 'none' }, { ...good, lineCount: -1 }, { ...good, bodyStart: 1.5 },
      { ...good, title: {} }, { ...good, headings: [{ ...heading, level: '2' }] }, { ...good, headings: [{ ...heading, isTitle: 1 }] },
      { ...good, headings: [{ ...heading, text: undefined }] }, { ...good, headings: [null] }]) {
      assert.equal(isDocumentOutline(bad), false, JSON.stringify(bad));
    }
  });
});
