import assert from 'node:assert/strict';
import { buildCatalog, type BuildOptions, type ContentFile } from '../../../src/core/catalog/buildCatalog';
import { serializeCatalog } from '../../../src/core/catalog/catalogJson';
import type { CatalogProblem } from '../../../src/core/catalog/model';

/**
 * The validator must reject every kind of malformed input with the file and the exact
 * 1-based line to fix. Each case starts from a small valid catalog and breaks one thing.
 */

/** A valid pattern with a solution, a deep dive and an sdp: link. Line numbers on the right. */
const ALPHA = [
  '---', //                                          1
  'id: alpha', //                                    2
  'kind: pattern', //                                3
  'title: Alpha', //                                 4
  'summary: The alpha pattern.', //                  5
  'order: 1', //                                     6
  'keywords: [alpha]', //                            7
  'related: [beta]', //                              8
  "sources: [{title: Alpha docs, url: 'https://example.com/alpha'}]", // 9
  '---', //                                          10
  '## Overview', //                                  11
  '', //                                             12
  'Alpha overview, see [one](sdp:alpha/one).', //    13
  '', //                                             14
  '## Problem', //                                   15
  '', //                                             16
  'Alpha problem.', //                               17
  '', //                                             18
  '## Comparison', //                                19
  '', //                                             20
  '| a | b |', //                                   21
  '| --- | --- |', //                               22
  '| 1 | 2 |', //                                   23
  '', //                                             24
  '## When to reach for it', //                      25
  '', //                                             26
  'When alpha hurts.', //                            27
  '', //                                             28
  '## Solution: one', //                             29
  '', //                                             30
  '```yaml', //                                      31
  'title: One', //                                   32
  'summary: The first solution.', //                 33
  'keywords: [one]', //                              34
  'bestFor: tests', //                               35
  'pros: [fast, simple]', //                         36
  'cons: [fragile, costly]', //                      37
  'avoidWhen: never', //                             38
  '```', //                                          39
  '### How it works', //                             40
  '', //                                             41
  'It works.', //                                    42
  '', //                                             43
  '### When to use', //                              44
  '', //                                             45
  'Always.', //                                      46
  '', //                                             47
  '## Deep dive: why', //                            48
  '', //                                             49
  '```yaml', //                                      50
  'title: Why', //                                   51
  'summary: Why it works.', //                       52
  'question: Why does it work?', //                  53
  'interviewAnswer: We say it works.', //            54
  'answeredBy: [because]', //                        55
  'appliesTo: [alpha/one]', //                       56
  '```', //                                          57
  '', //                                             58
  '### Answer', //                                   59
  '', //                                             60
  'Because.', //                                     61
  '', //                                             62
].join('\n');

/** A valid guide, in its own file. */
const BETA = [
  '---', //                                          1
  'id: beta', //                                     2
  'kind: guide', //                                  3
  'title: Beta', //                                  4
  'summary: The beta guide.', //                     5
  '---', //                                          6
  '', //                                             7
  '## Overview', //                                  8
  '', //                                             9
  'Beta overview.', //                               10
  '',
].join('\n');

const X = 'content/x.md';
const B = 'content/b.md';

/** ALPHA with one exact substring replaced (fails loudly when the substring is not there). */
function alphaWith(find: string, replace: string): string {
  assert.ok(ALPHA.includes(find), `fixture does not contain ${JSON.stringify(find)}`);
  return ALPHA.replace(find, replace);
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `no line contains ${JSON.stringify(needle)}`);
  return index + 1;
}

function build(alpha: string, more: ContentFile[] = [{ file: B, text: BETA }], options?: BuildOptions) {
  return buildCatalog([{ file: X, text: alpha }, ...more], options);
}

function show(problems: readonly CatalogProblem[]): string {
  return problems.length === 0 ? '(no problems)' : problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}

/** Asserts that exactly these problems were reported (file, line, message fragment), in any order. */
function expectOnly(problems: readonly CatalogProblem[], expected: ReadonlyArray<{ file: string; line: number; message: RegExp }>): void {
  const remaining = [...problems];
  for (const want of expected) {
    const index = remaining.findIndex((p) => p.file === want.file && p.line === want.line && want.message.test(p.message));
    assert.ok(index >= 0, `expected ${want.file}:${want.line}: ${want.message}\ngot:\n${show(problems)}`);
    remaining.splice(index, 1);
  }
  assert.deepEqual(remaining, [], `unexpected problems:\n${show(remaining)}`);
}

describe('catalog validator', () => {
  it('accepts the valid fixtures with no problems', () => {
    const { catalog, problems } = build(ALPHA);
    expectOnly(problems, []);
    assert.deepEqual([...catalog.byId.keys()].sort(), ['alpha', 'alpha/one', 'alpha/why', 'beta']);
    assert.equal(catalog.byId.get('alpha/one')?.source.line, 29);
  });

  describe('front matter', () => {
    it('missing front matter: line 1', () => {
      expectOnly(build('# Alpha\n\n## Overview\n\nText.\n').problems, [{ file: X, line: 1, message: /missing front matter/ }]);
    });

    it('an empty file: missing front matter at line 1', () => {
      expectOnly(build('').problems, [{ file: X, line: 1, message: /missing front matter/ }]);
    });

    it('front matter that is never closed: says so at line 1', () => {
      expectOnly(build('---\nid: alpha\nkind: guide\n\n## Overview\n\nText.\n').problems, [
        { file: X, line: 1, message: /front matter is not closed/ },
      ]);
    });

    it('invalid YAML: the line of the error', () => {
      const text = alphaWith('summary: The alpha pattern.', 'summary: The alpha: pattern.');
      expectOnly(build(text).problems, [{ file: X, line: 5, message: /invalid YAML: .*mapping/i }]);
    });

    it('invalid YAML: a duplicate key points at the second one', () => {
      const text = alphaWith('title: Alpha\n', 'title: Alpha\ntitle: Again\n');
      expectOnly(build(text).problems, [{ file: X, line: 5, message: /invalid YAML: Map keys must be unique/ }]);
    });

    it('front matter that is not a mapping', () => {
      expectOnly(build('---\n- alpha\n- beta\n---\n\n## Overview\n\nText.\n').problems, [
        { file: X, line: 2, message: /expected a YAML mapping/ },
      ]);
    });

    it('front matter with no fields at all', () => {
      expectOnly(build('---\n---\n\n## Overview\n\nText.\n').problems, [{ file: X, line: 2, message: /expected a YAML mapping/ }]);
    });

    it('unknown kind: the line of "kind", listing the allowed kinds', () => {
      expectOnly(build(alphaWith('kind: pattern', 'kind: patern')).problems, [
        { file: X, line: 3, message: /"kind" must be one of pattern, combination, group, guide; found "patern"/ },
      ]);
    });

    it('missing kind', () => {
      expectOnly(build(alphaWith('kind: pattern\n', '')).problems, [{ file: X, line: 1, message: /"kind" must be one of .*found null/ }]);
    });

    it('missing id', () => {
      expectOnly(build(alphaWith('id: alpha\n', '')).problems, [{ file: X, line: 1, message: /needs "id: <kebab-case id>"/ }]);
    });

    it('id that is not kebab-case: the line of "id"', () => {
      expectOnly(build(alphaWith('id: alpha', 'id: Alpha_One')).problems, [{ file: X, line: 2, message: /id "Alpha_One" is not kebab-case/ }]);
    });

    it('id with a double dash', () => {
      expectOnly(build(alphaWith('id: alpha', 'id: al--pha')).problems, [{ file: X, line: 2, message: /"al--pha" is not kebab-case/ }]);
    });
  });

  describe('fields', () => {
    it('missing title (front matter)', () => {
      expectOnly(build(alphaWith('title: Alpha\n', '')).problems, [{ file: X, line: 1, message: /pattern "alpha" is missing the field "title"/ }]);
    });

    it('missing summary (child): the child heading line', () => {
      expectOnly(build(alphaWith('summary: The first solution.\n', '')).problems, [
        { file: X, line: 29, message: /solution "alpha\/one" is missing the field "summary"/ },
      ]);
    });

    it('missing pros', () => {
      expectOnly(build(alphaWith('pros: [fast, simple]\n', '')).problems, [{ file: X, line: 29, message: /missing the field "pros"/ }]);
    });

    it('missing order and keywords of a pattern', () => {
      const text = alphaWith('order: 1\nkeywords: [alpha]\n', '');
      expectOnly(build(text).problems, [
        { file: X, line: 1, message: /missing the field "order"/ },
        { file: X, line: 1, message: /missing the field "keywords"/ },
      ]);
    });

    it('deep dive missing question / interviewAnswer', () => {
      const text = alphaWith('question: Why does it work?\ninterviewAnswer: We say it works.\n', '');
      expectOnly(build(text).problems, [
        { file: X, line: 48, message: /deep-dive "alpha\/why" is missing the field "question"/ },
        { file: X, line: 48, message: /missing the field "interviewAnswer"/ },
      ]);
    });

    it('deep dive under a pattern without answeredBy', () => {
      expectOnly(build(alphaWith('answeredBy: [because]\n', '')).problems, [
        { file: X, line: 48, message: /deep dive "alpha\/why" needs "answeredBy"/ },
      ]);
    });

    it('wrong field type: a string where a number goes', () => {
      expectOnly(build(alphaWith('order: 1', 'order: first')).problems, [{ file: X, line: 6, message: /field "order" must be a number/ }]);
    });

    it('wrong field type: a string where a list goes (line of the field in the child block)', () => {
      expectOnly(build(alphaWith('pros: [fast, simple]', 'pros: fast')).problems, [
        { file: X, line: 36, message: /field "pros" must be a list of non-empty strings/ },
      ]);
    });

    it('wrong field type: a list where a string goes', () => {
      expectOnly(build(alphaWith('title: One', 'title: [One]')).problems, [{ file: X, line: 32, message: /field "title" must be a non-empty string/ }]);
    });

    it('wrong field type: a source whose url is a list, not a string (it was read through String() and kept as the list)', () => {
      const line = "sources: [{title: Alpha docs, url: 'https://example.com/alpha'}]";
      expectOnly(build(alphaWith(line, "sources: [{title: Alpha docs, url: ['https://example.com/alpha']}]")).problems, [
        { file: X, line: 9, message: /field "sources" must be a non-empty list of \{ title, url \} entries/ },
      ]);
    });

    it('wrong field type: a list with an empty item', () => {
      expectOnly(build(alphaWith('keywords: [alpha]', 'keywords: [alpha, ""]')).problems, [
        { file: X, line: 7, message: /field "keywords" must be a list of non-empty strings/ },
      ]);
    });

    it('unknown field (typo "pro:"): the line of the typo, listing the allowed fields', () => {
      const { problems } = build(alphaWith('pros: [fast, simple]', 'pro: [fast, simple]'));
      expectOnly(problems, [
        { file: X, line: 36, message: /unknown field "pro" for a solution; allowed: .*\bpros\b/ },
        { file: X, line: 29, message: /missing the field "pros"/ },
      ]);
    });

    it('a field of another kind (parent on a child) is unknown', () => {
      expectOnly(build(alphaWith('bestFor: tests', 'bestFor: tests\nparent: alpha')).problems, [
        { file: X, line: 36, message: /unknown field "parent" for a solution/ },
      ]);
    });

    it('solution with one pro: the line of "pros"', () => {
      expectOnly(build(alphaWith('pros: [fast, simple]', 'pros: [fast]')).problems, [
        { file: X, line: 36, message: /"pros" of solution "alpha\/one" lists 1; give at least 2/ },
      ]);
    });

    it('solution with one con: the line of "cons"', () => {
      expectOnly(build(alphaWith('cons: [fragile, costly]', 'cons: [fragile]')).problems, [
        { file: X, line: 37, message: /"cons" of solution "alpha\/one" lists 1; give at least 2/ },
      ]);
    });

    it('pros written as a block list: the line of the "pros" key', () => {
      const text = alphaWith('pros: [fast, simple]', 'pros:\n  - fast');
      expectOnly(build(text).problems, [{ file: X, line: 36, message: /"pros" .* lists 1/ }]);
    });
  });

  describe('child yaml blocks', () => {
    it('invalid YAML in a child block: the file line of the error, without "missing field" noise', () => {
      const text = alphaWith('bestFor: tests', 'bestFor: tests: more');
      expectOnly(build(text).problems, [{ file: X, line: 35, message: /invalid YAML/ }]);
    });

    it('a child block that is not a mapping', () => {
      const text = alphaWith(
        'title: One\nsummary: The first solution.\nkeywords: [one]\nbestFor: tests\npros: [fast, simple]\ncons: [fragile, costly]\navoidWhen: never',
        '- One\n- The first solution.',
      );
      expectOnly(build(text).problems, [{ file: X, line: 32, message: /expected a YAML mapping/ }]);
    });

    it('one YAML mistake gives one problem, not a cascade', () => {
      const text = alphaWith('title: One\nsummary: The first solution.', '- One\nsummary: The first solution.');
      expectOnly(build(text).problems, [{ file: X, line: 33, message: /invalid YAML/ }]);
    });

    it('child heading without a yaml block', () => {
      const text = alphaWith('## Deep dive: why\n\n```yaml', '## Deep dive: why\n\nSome text.\n\n```yaml');
      expectOnly(build(text).problems, [{ file: X, line: 48, message: /"## Deep dive: why" must be followed by a ```yaml block/ }]);
    });

    it('unknown child kind ("## Solutoin: x"): the heading line, listing the kinds', () => {
      const { problems } = build(alphaWith('## Solution: one', '## Solutoin: one'));
      const unknown = problems.filter((p) => /unknown child kind/.test(p.message));
      expectOnly(unknown, [{ file: X, line: 29, message: /unknown child kind "Solutoin" in "## Solutoin: one": use one of Solution, Deep dive/ }]);
    });

    it('child id that is not kebab-case: the heading line', () => {
      const { problems } = build(alphaWith('## Solution: one', '## Solution: One_Thing'));
      const bad = problems.filter((p) => /kebab/.test(p.message));
      expectOnly(bad, [{ file: X, line: 29, message: /id "One_Thing" is not kebab-case/ }]);
    });

    it('child heading with no id after the colon', () => {
      const { problems } = build(alphaWith('## Solution: one', '## Solution:'));
      const bad = problems.filter((p) => p.line === 29);
      expectOnly(bad, [{ file: X, line: 29, message: /"## Solution:" needs an id after the colon/ }]);
    });
  });

  describe('sections', () => {
    it('missing required section of a pattern', () => {
      expectOnly(build(alphaWith('## Problem\n\nAlpha problem.\n\n', '')).problems, [
        { file: X, line: 1, message: /pattern "alpha" is missing the section "Problem" \(a "## Problem" heading\)/ },
      ]);
    });

    it('missing required section of a child', () => {
      expectOnly(build(alphaWith('### When to use\n\nAlways.\n\n', '')).problems, [
        { file: X, line: 29, message: /solution "alpha\/one" is missing the section "When to use" \(a "### When to use" heading\)/ },
      ]);
    });

    it('empty section: the heading line', () => {
      expectOnly(build(alphaWith('Alpha problem.', '')).problems, [{ file: X, line: 15, message: /section "Problem" of "alpha" is empty/ }]);
    });

    it('empty child section: the heading line', () => {
      expectOnly(build(alphaWith('Always.', '')).problems, [{ file: X, line: 44, message: /section "When to use" of "alpha\/one" is empty/ }]);
    });

    it('text before the first ## heading: its first line', () => {
      const text = alphaWith('---\n## Overview', '---\nStray text.\n\n## Overview');
      expectOnly(build(text).problems, [{ file: X, line: 11, message: /text before the first "## " heading/ }]);
    });
  });

  describe('ids and links', () => {
    it('duplicate id across two files: reports the second with "also defined at first:line"', () => {
      const { problems, catalog } = build(ALPHA, [
        { file: B, text: BETA },
        { file: 'content/y.md', text: BETA },
      ]);
      expectOnly(problems, [{ file: 'content/y.md', line: 1, message: /duplicate id "beta": also defined at content\/b\.md:1/ }]);
      assert.equal(catalog.byId.get('beta')?.source.file, B);
    });

    it('duplicate child id within a file: the second heading, naming the first', () => {
      const text = alphaWith('## Deep dive: why', '## Solution: one\n\n```yaml\ntitle: Again\nsummary: Again.\n```\n\n## Deep dive: why');
      const { problems } = build(text);
      const dup = problems.filter((p) => /duplicate/.test(p.message));
      expectOnly(dup, [{ file: X, line: 48, message: /duplicate id "alpha\/one": also defined at content\/x\.md:29/ }]);
    });

    it('related id that does not exist: the "related" line, with "did you mean" when close', () => {
      expectOnly(build(alphaWith('related: [beta]', 'related: [betta]')).problems, [
        { file: X, line: 8, message: /related id "betta" in "alpha" does not exist \(did you mean "beta"\?\)/ },
      ]);
    });

    it('related id that does not exist and is close to nothing: no suggestion', () => {
      const { problems } = build(alphaWith('related: [beta]', 'related: [zzzzzzzzzzzzzzzz]'));
      expectOnly(problems, [{ file: X, line: 8, message: /related id "zzzzzzzzzzzzzzzz" in "alpha" does not exist$/ }]);
    });

    it('related id in a child block: the line of its "related" key', () => {
      const text = alphaWith('bestFor: tests', 'bestFor: tests\nrelated:\n  - beta\n  - alpha/onne');
      expectOnly(build(text).problems, [{ file: X, line: 36, message: /related id "alpha\/onne" .*did you mean "alpha\/one"/ }]);
    });

    it('sdp: link to a missing node: the line of the link', () => {
      const text = alphaWith('[one](sdp:alpha/one)', '[one](sdp:alpha/onee)');
      expectOnly(build(text).problems, [
        { file: X, line: 13, message: /link "sdp:alpha\/onee" points to no catalog node \(did you mean "alpha\/one"\?\)/ },
      ]);
    });

    it('sdp: link to a missing node deep inside a child section: the line of the link', () => {
      const text = alphaWith('It works.', 'It works.\n\nStill works.\n\nSee [x](sdp:nope) here.');
      expectOnly(build(text).problems, [{ file: X, line: lineOf(text, 'sdp:nope'), message: /link "sdp:nope" points to no catalog node/ }]);
      assert.equal(lineOf(text, 'sdp:nope'), 46);
    });

    it('sdp: link to a missing node in a pro: the line of the "pros" key', () => {
      const text = alphaWith('pros: [fast, simple]', 'pros: [fast, "simple, see [x](sdp:alpha/nope)"]');
      expectOnly(build(text).problems, [{ file: X, line: 36, message: /link "sdp:alpha\/nope" points to no catalog node/ }]);
    });

    it('appliesTo pointing at a non-solution', () => {
      expectOnly(build(alphaWith('appliesTo: [alpha/one]', 'appliesTo: [alpha]')).problems, [
        { file: X, line: 56, message: /appliesTo id "alpha" in "alpha\/why" is a pattern; expected solution/ },
      ]);
    });

    it('appliesTo pointing at nothing', () => {
      expectOnly(build(alphaWith('appliesTo: [alpha/one]', 'appliesTo: [alpha/two]')).problems, [
        { file: X, line: 56, message: /appliesTo id "alpha\/two" in "alpha\/why" does not exist/ },
      ]);
    });

    it('patterns listing a non-pattern', () => {
      const beta = BETA.replace('summary: The beta guide.', 'summary: The beta guide.\npatterns: [alpha, beta]');
      expectOnly(build(ALPHA, [{ file: B, text: beta }]).problems, [
        { file: B, line: 6, message: /patterns id "beta" in "beta" is a guide; expected pattern/ },
      ]);
    });

    it('parent that does not exist: the node stays, as a root', () => {
      const { problems, catalog } = build(ALPHA, [{ file: B, text: BETA.replace('kind: guide', 'kind: guide\nparent: nowhere') }]);
      expectOnly(problems, [{ file: B, line: 1, message: /parent "nowhere" does not exist/ }]);
      assert.ok(catalog.roots.some((r) => r.id === 'beta'));
    });

    it('a parent in another file attaches the node under it', () => {
      const { problems, catalog } = build(ALPHA, [{ file: B, text: BETA.replace('id: beta', 'id: alpha/beta').replace('kind: guide', 'kind: guide\nparent: alpha') }]);
      expectOnly(problems, [{ file: X, line: 8, message: /related id "beta"/ }]);
      assert.equal(catalog.byId.get('alpha')?.children[0]?.id, 'alpha/beta');
    });

    it('snippet id not in the snippetIds option: the line of "snippets"', () => {
      const text = alphaWith('bestFor: tests', 'bestFor: tests\nsnippets: [s1, s2]');
      expectOnly(build(text, [{ file: B, text: BETA }], { snippetIds: new Set(['s1']) }).problems, [
        { file: X, line: 36, message: /snippet "s2" in "alpha\/one" does not exist under content\/snippets\// },
      ]);
    });

    it('snippet ids are not checked when no snippetIds option is given', () => {
      const text = alphaWith('bestFor: tests', 'bestFor: tests\nsnippets: [s1, s2]');
      expectOnly(build(text).problems, []);
    });
  });

  describe('a file that cannot be read', () => {
    // BETA with its front matter broken: its id is missing from the catalog. Its file sorts after ALPHA's.
    const Z = 'content/z.md';
    const brokenBeta = BETA.replace('title: Beta', 'title: [Beta');

    it('comes first, and the references to its ids elsewhere are one note on it, not a problem each', () => {
      // ALPHA names beta in `related` and in a link; it also has a problem of its own (an unknown field).
      const alpha = alphaWith('Alpha overview, see', 'Alpha overview, see [b](sdp:beta) and').replace('order: 1', 'order: 1\ncolour: red');
      const { problems, unreadable } = build(alpha, [{ file: Z, text: brokenBeta }]);
      assert.deepEqual(unreadable, [Z]);
      assert.equal(problems[0]?.file, Z, show(problems));
      assert.match(problems[0]!.message, /invalid YAML/);
      expectOnly(problems, [
        { file: Z, line: 5, message: /invalid YAML/ },
        { file: Z, line: 5, message: /2 reference\(s\) elsewhere to "beta" or its children are not checked until this file can be read/ },
        { file: X, line: 7, message: /unknown field "colour"/ },
      ]);
    });

    it('a reference to an id no unreadable file names is still reported', () => {
      const alpha = alphaWith('related: [beta]', 'related: [beta, gamma]');
      expectOnly(build(alpha, [{ file: Z, text: brokenBeta }]).problems, [
        { file: Z, line: 5, message: /invalid YAML/ },
        { file: Z, line: 5, message: /1 reference\(s\) elsewhere to "beta"/ },
        { file: X, line: 8, message: /related id "gamma" in "alpha" does not exist/ },
      ]);
    });

    // A broken file with no `id:` line at all: its id cannot be read.
    const noIdLine = '---\ntitle: [Notes\nkind: guide\n---\n\n## Overview\n\nText.\n';

    it('a file with no readable id does not take every missing id: a mistyped reference elsewhere is still reported', () => {
      const alpha = alphaWith('related: [beta]', 'related: [beta, gamma]');
      expectOnly(build(alpha, [{ file: 'content/notes.md', text: noIdLine }, { file: B, text: BETA }]).problems, [
        { file: 'content/notes.md', line: 3, message: /invalid YAML/ },
        { file: X, line: 8, message: /related id "gamma" in "alpha" does not exist/ },
      ]);
    });

    it('references to a broken file whose id is read are counted on it, not on a broken file with no id listed before it', () => {
      expectOnly(build(ALPHA, [{ file: 'content/a.md', text: noIdLine }, { file: Z, text: brokenBeta }]).problems, [
        { file: 'content/a.md', line: 3, message: /invalid YAML/ },
        { file: Z, line: 5, message: /invalid YAML/ },
        { file: Z, line: 5, message: /1 reference\(s\) elsewhere to "beta" or its children/ },
      ]);
    });

    it('a file with no readable id takes the missing ids that go by its file name or one of its children\'s ids', () => {
      // beta.md lost its id line; alpha names beta, and a child beta/extra declared under it.
      const beta = noIdLine.replace('## Overview', '## Section: extra\n\n```yaml\ntitle: Extra\n```\n\n## Overview');
      const alpha = alphaWith('related: [beta]', 'related: [beta, beta/extra, other/extra, gamma]');
      expectOnly(build(alpha, [{ file: 'content/beta.md', text: beta }]).problems, [
        { file: 'content/beta.md', line: 3, message: /invalid YAML/ },
        { file: 'content/beta.md', line: 3, message: /3 reference\(s\) elsewhere to ids this file may define are not checked until this file can be read/ },
        { file: X, line: 8, message: /related id "gamma" in "alpha" does not exist/ },
      ]);
    });
  });

  describe('robustness', () => {
    it('CRLF line endings parse identically to LF', () => {
      const lf = build(ALPHA);
      const crlf = build(ALPHA.replace(/\n/g, '\r\n'), [{ file: B, text: BETA.replace(/\n/g, '\r\n') }]);
      expectOnly(crlf.problems, []);
      assert.equal(serializeCatalog(crlf.catalog), serializeCatalog(lf.catalog));
      assert.ok(!serializeCatalog(crlf.catalog).includes('\\r'));
    });

    it('CRLF line endings report the same lines as LF', () => {
      const broken = alphaWith('cons: [fragile, costly]', 'cons: [fragile]');
      const lf = build(broken).problems;
      const crlf = build(broken.replace(/\n/g, '\r\n')).problems;
      assert.deepEqual(crlf, lf);
      expectOnly(crlf, [{ file: X, line: 37, message: /"cons"/ }]);
    });

    it('one bad file does not hide the rest', () => {
      const files: ContentFile[] = [
        { file: 'content/a.md', text: '---\nid: [broken\n---\n' },
        { file: X, text: ALPHA },
        { file: 'content/c.md', text: 'no front matter at all' },
        { file: B, text: BETA },
      ];
      const { problems, catalog } = buildCatalog(files);
      assert.deepEqual(
        problems.map((p) => p.file),
        ['content/a.md', 'content/c.md'],
        show(problems),
      );
      assert.deepEqual([...catalog.byId.keys()].sort(), ['alpha', 'alpha/one', 'alpha/why', 'beta']);
    });

    it('a node with a problem is still included, with its other fields', () => {
      const { problems, catalog } = build(alphaWith('cons: [fragile, costly]', 'cons: [fragile]'));
      assert.equal(problems.length, 1);
      const one = catalog.byId.get('alpha/one');
      assert.deepEqual(one?.pros, ['fast', 'simple']);
      assert.deepEqual(one?.cons, ['fragile']);
    });

    it('problems are sorted by file, then line', () => {
      const text = alphaWith('order: 1', 'order: first').replace('cons: [fragile, costly]', 'cons: [fragile]');
      const { problems } = build(text, [{ file: 'content/a.md', text: 'nothing' }, { file: B, text: BETA }]);
      assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}`),
        ['content/a.md:1', 'content/x.md:6', 'content/x.md:37'],
      );
    });
  });
});
