import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadSnippets } from '../../../src/core/snippets';

const created: string[] = [];

function fixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-snippets-'));
  created.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const META = [
  'id: demo',
  'title: Demo snippet',
  'description: Does a thing.',
  'prefix: sdp-demo',
  'implements: [contention/optimistic-locking]',
  'tags: [demo]',
  '',
].join('\n');

describe('loadSnippets', () => {
  after(() => created.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('loads a snippet with its variants in language order', () => {
    const dir = fixture({
      'demo/snippet.yaml': META,
      'demo/sql.sql': 'SELECT ${1:1};\n',
      'demo/typescript.ts': 'export const ${1:x} = 1;\n',
    });
    const { snippets, problems } = loadSnippets(dir);
    assert.deepEqual(problems, []);
    assert.equal(snippets.length, 1);
    const s = snippets[0]!;
    assert.equal(s.prefix, 'sdp-demo');
    assert.deepEqual(s.implements, ['contention/optimistic-locking']);
    assert.deepEqual(s.variants.map((v) => v.language), ['typescript', 'sql']);
    assert.equal(s.variants[0]!.code, 'export const x = 1;\n');
  });

  it('reports body problems as file:line', () => {
    const dir = fixture({ 'demo/snippet.yaml': META, 'demo/python.py': 'a = 1\nb = f"${name}"\n' });
    const { snippets, problems } = loadSnippets(dir);
    assert.equal(snippets.length, 0, 'a snippet with problems is left out');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file, path.join(dir, 'demo', 'python.py'));
    assert.equal(problems[0]!.line, 2);
  });

  it('reports metadata problems with the line of the field', () => {
    const dir = fixture({
      'demo/snippet.yaml': META.replace('prefix: sdp-demo', 'prefix: demo').replace('id: demo', 'id: other') + 'colour: red\n',
      'demo/go.go': 'package x\n',
    });
    const messages = loadSnippets(dir).problems.map((p) => `${p.line}: ${p.message}`);
    assert.ok(messages.some((m) => m.startsWith('1: id "other" must equal its folder name')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('4: prefix "demo" must start with "sdp-"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('7: unknown field "colour"')), messages.join('\n'));
  });

  it('reads optional sources and reports a malformed list at its line', () => {
    const sources = 'sources:\n  - title: "Standard Webhooks specification (2026)"\n    url: https://www.standardwebhooks.com/\n';
    const good = loadSnippets(fixture({ 'demo/snippet.yaml': META + sources, 'demo/go.go': 'package x\n' }));
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.snippets[0]!.sources, [{ title: 'Standard Webhooks specification (2026)', url: 'https://www.standardwebhooks.com/' }]);
    assert.equal(loadSnippets(fixture({ 'demo/snippet.yaml': META, 'demo/go.go': 'package x\n' })).snippets[0]!.sources, undefined);
    for (const bad of ['sources: []\n', 'sources:\n  - title: x\n    url: http://example.com/\n', 'sources:\n  - url: https://example.com/\n', 'sources:\n  - title: x\n    url: https://example.com/\n    year: 2026\n']) {
      const { snippets, problems } = loadSnippets(fixture({ 'demo/snippet.yaml': META + bad, 'demo/go.go': 'package x\n' }));
      assert.equal(snippets.length, 0, bad);
      assert.deepEqual(problems.map((p) => p.line), [7], bad);
      assert.match(problems[0]!.message, /"sources" must be/);
    }
  });

  it('checks implements against known ids when given', () => {
    const dir = fixture({ 'demo/snippet.yaml': META, 'demo/go.go': 'package x\n' });
    const { problems } = loadSnippets(dir, { knownIds: new Set(['contention/pessimistic-locking']) });
    assert.match(problems[0]!.message, /not a catalog id/);
  });

  it('reports unexpected files, missing variants, duplicate prefixes and bad YAML', () => {
    const dir = fixture({
      'demo/snippet.yaml': META,
      'demo/ruby.rb': 'puts 1\n',
      'demo/go.go': 'package x\n',
      'twin/snippet.yaml': META.replace('id: demo', 'id: twin').replace('title: Demo snippet', 'title: Twin'),
      'twin/go.go': 'package x\n',
      'bad/snippet.yaml': 'id: [unclosed\n',
      'empty/snippet.yaml': META.replace(/demo/g, 'empty'),
    });
    const messages = loadSnippets(dir).problems.map((p) => p.message);
    assert.ok(messages.some((m) => m.startsWith('unexpected file')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('already used by snippet "demo"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('invalid YAML')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('snippet has no variant')), messages.join('\n'));
  });
});
