import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplates } from '../../../src/build/loadTemplates';
import { parseTemplate, readTemplate, templateProblemPlace, toPlainText, toSnippet, unreadableTemplate, type TemplateProblem } from '../../../src/core/templates/designDocTemplates';

const repoRoot = join(__dirname, '..', '..', '..');

/** Expands VS Code snippet syntax the way the editor inserts it: tab stops show their placeholder, mirrors copy it. */
function expandSnippet(snippet: string): string {
  const values = new Map<string, string>();
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1]!)) { out += snippet[++i]; continue; }
    if (c === '$') {
      const m = /^\$(?:\{(\d+):((?:\\.|[^\\}])*)\}|\{(\d+)\}|(\d+))/.exec(snippet.slice(i));
      assert.ok(m, `unescaped $ at ${i}: ${snippet.slice(i, i + 20)}`);
      if (m[1] !== undefined) { const v = m[2]!.replace(/\\(.)/g, '$1'); values.set(m[1], v); out += v; }
      else out += values.get(m[3] ?? m[4]!) ?? '';
      i += m[0].length - 1;
      continue;
    }
    assert.notEqual(c, '}', `unescaped } at ${i}`);
    out += c;
  }
  return out;
}

describe('design doc templates', () => {
  it('placeholders become numbered tab stops; the same one twice is one stop; $, } and \\ stay literal', () => {
    const snippet = toSnippet('# {{Title}}\n\nCost: $5 {per} {{Option}} vs {{Title}} \\ {{Option}}\n');
    assert.equal(snippet, '# ${1:Title}\n\nCost: \\$5 {per\\} ${2:Option} vs ${1} \\\\ ${2}\n$0');
    assert.equal(expandSnippet(snippet), '# Title\n\nCost: $5 {per} Option vs Title \\ Option\n');
  });
  it('front matter gives title and description; without it, the first heading or the file name', () => {
    const problems: TemplateProblem[] = [];
    assert.deepEqual(parseTemplate('a/b.md', '---\ntitle: T\ndescription: D\n---\n# {{X}}\n', problems), { id: 'b', title: 'T', description: 'D', body: '# {{X}}\n' });
    assert.equal(parseTemplate('team-rfc.md', '# {{Service}} RFC\n\nText', problems)!.title, 'Service RFC');
    assert.equal(parseTemplate('plain.md', 'Just {{text}}', problems)!.title, 'plain');
    assert.deepEqual(problems, []);
  });
  it('front matter keys as YAML writes them (decision-makers, last_updated, v2) are no problem; the first block is the template\'s own, a second one is the new document\'s', () => {
    const problems: TemplateProblem[] = [];
    const source = '---\ntitle: Team ADR\ndecision-makers: {{Who}}\nlast_updated: 2026-01-01\nreview.cycle: q1\nv2: yes\n---\n---\nstatus: {{proposed}}\ndecision-makers: {{Who decides}}\n---\n# {{Decision}}\n';
    const template = parseTemplate('.sdp/templates/adr.md', source, problems);
    assert.deepEqual(problems, []);
    assert.equal(template!.title, 'Team ADR');
    assert.equal(template!.body, '---\nstatus: {{proposed}}\ndecision-makers: {{Who decides}}\n---\n# {{Decision}}\n');
    const bad: TemplateProblem[] = [];
    parseTemplate('x.md', '---\n-leading: dash\nno key here\n: empty\n---\nBody {{a}}\n', bad);
    assert.deepEqual(bad.map((p) => p.line), [2, 3, 4]);
  });
  it('a broken template is reported with file and line, not thrown', () => {
    const problems: TemplateProblem[] = [];
    parseTemplate('.sdp/templates/x.md', '---\ntitle T\n---\nBody {{a}}\n', problems);
    assert.deepEqual(problems, [{ file: '.sdp/templates/x.md', line: 2, kind: 'front-matter-line', text: 'title T', message: 'front matter line "title T" is not "key: value"' }]);
    assert.equal(parseTemplate('empty.md', '---\ntitle: E\n---\n\n', problems), undefined);
    assert.match(problems[1]!.message, /no text after its front matter/);
  });
  it('an empty body is placed at the front matter\'s closing line, after which the text is missing; an empty file, at no line', () => {
    const problems: TemplateProblem[] = [];
    parseTemplate('a.md', '---\ntitle: A\n---\n', problems);
    parseTemplate('b.md', '\uFEFF---\r\ntitle: B\r\n\r\ndescription: D\r\n---', problems);
    parseTemplate('c.md', '', problems);
    parseTemplate('d.md', ' \n\t\n', problems);
    assert.deepEqual(problems.map((p) => [templateProblemPlace(p), p.kind, p.message]), [
      ['a.md:3', 'empty-body', 'the template has no text after its front matter'],
      ['b.md:5', 'empty-body', 'the template has no text after its front matter'],
      ['c.md', 'empty-file', 'the template file has no text'],
      ['d.md', 'empty-file', 'the template file has no text'],
    ]);
    assert.ok(problems.slice(2).every((p) => !('line' in p)), 'no line at all, not line 1');
  });
  it('whether a template can be used is the parser\'s answer: readTemplate carries the template only when parseTemplate gives one; an unreadable file has none', () => {
    const usable = readTemplate('t/ok.md', '---\ntitle: T\nowner ops\n---\n# {{X}}\n');
    assert.equal(usable.template?.title, 'T');
    assert.deepEqual(usable.problems.map((p) => p.kind), ['front-matter-line'], 'a problem that leaves it usable');
    const empty = readTemplate('t/empty.md', '---\ntitle: E\n---\n');
    assert.equal(empty.template, undefined);
    assert.equal('template' in empty, false);
    assert.deepEqual(empty.problems.map((p) => p.kind), ['empty-body']);
    const unreadable = unreadableTemplate('t/x.md', "Unable to read file 'x' (Error: EACCES)");
    assert.equal(unreadable.template, undefined);
    assert.deepEqual(unreadable.problems, [{ file: 't/x.md', kind: 'unreadable', text: "Unable to read file 'x' (Error: EACCES)", message: "the file could not be read: Unable to read file 'x' (Error: EACCES)" }]);
    assert.equal(unreadableTemplate('t/x.md', 'EACCES', true).problems[0]!.kind, 'no-read-permission');
  });
  it('a template with no placeholder is a build problem about the whole file: no line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdp-templates-'));
    try {
      writeFileSync(join(dir, 'plain.md'), '# Plain\n\nNo slots here.\n');
      assert.deepEqual(loadTemplates(dir, dir).problems, [{ file: 'plain.md', kind: 'no-placeholder', message: 'the template has no {{placeholder}}: give the writer at least one tab stop' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the built-in templates: an RFC/KEP-shaped design doc, a MADR record and an interview answer, each expanding to its plain text', () => {
    const { templates, problems } = loadTemplates(join(repoRoot, 'content', 'templates'), repoRoot);
    assert.deepEqual(problems, []);
    assert.deepEqual(templates.map((t) => t.id), ['architecture-decision-record', 'engineering-design-doc', 'interview-answer']);
    const byId = new Map(templates.map((t) => [t.id, t]));
    const headings = (id: string): string[] => [...byId.get(id)!.body.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!);
    for (const h of ['Summary', 'Motivation', 'Goals', 'Non-goals', 'Requirements', 'Scale and performance', 'Proposal', 'Alternatives considered', 'Risks', 'Failure modes', 'Operations']) {
      assert.ok(headings('engineering-design-doc').includes(h), `design doc has ${h}`);
    }
    for (const h of ['Context and Problem Statement', 'Decision Drivers', 'Considered Options', 'Decision Outcome', 'Consequences', 'Pros and Cons of the Options']) {
      assert.ok(headings('architecture-decision-record').includes(h), `ADR has ${h}`);
    }
    assert.match(byId.get('architecture-decision-record')!.body, /^---\nstatus: \{\{proposed\}\}\n/, 'MADR keeps its own front matter');
    assert.deepEqual(headings('interview-answer').filter((h) => /^\d\./.test(h)).map((h) => h.replace(/ \(.*$/, '')),
      ['1. Requirements', '2. Estimates', '3. Core entities and API', '4. High-level design', '5. Deep dives', '6. Wrap-up']);
    for (const t of templates) {
      assert.ok(t.body.includes('{{'), `${t.id} has placeholders`);
      assert.equal(expandSnippet(toSnippet(t.body)), toPlainText(t.body), `${t.id} expands to its plain text`);
    }
  });
  it('no built-in template repeats a placeholder (one tab stop would fill both) unless it is meant to be shared', () => {
    // An option's name is typed once and shown in the list, the outcome and its own heading.
    const shared = new Set(['architecture-decision-record:Option 1', 'architecture-decision-record:Option 2', 'architecture-decision-record:Option 3']);
    const { templates } = loadTemplates(join(repoRoot, 'content', 'templates'), repoRoot);
    const repeated: string[] = [];
    for (const t of templates) {
      const counts = new Map<string, number>();
      for (const m of t.body.matchAll(/\{\{([^}]*)\}\}/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
      for (const [name, count] of counts) if (count > 1 && !shared.has(`${t.id}:${name}`)) repeated.push(`${t.id}: {{${name}}} ×${count}`);
    }
    assert.deepEqual(repeated, []);
    for (const key of shared) assert.ok(templates.some((t) => key.startsWith(`${t.id}:`) && t.body.split(`{{${key.split(':')[1]}}}`).length > 2), `${key} is still shared`);
  });
});
