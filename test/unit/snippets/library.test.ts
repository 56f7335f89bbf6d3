import { strict as assert } from 'assert';
import * as path from 'path';
import { generateSnippetFiles, loadSnippets } from '../../../src/core/snippets';

const dir = path.resolve(__dirname, '..', '..', '..', 'content', 'snippets');
const { snippets, problems } = loadSnippets(dir);

describe('the snippet library', () => {
  it('has no problems', () => {
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
  });

  it('holds at least 30 snippets, ten of them in at least three languages', () => {
    assert.ok(snippets.length >= 30, `${snippets.length} snippets`);
    assert.ok(snippets.filter((s) => s.variants.length >= 3).length >= 10);
  });

  it('uses unique sdp- prefixes', () => {
    const prefixes = snippets.map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    assert.ok(prefixes.every((p) => p.startsWith('sdp-')));
  });

  for (const snippet of snippets) {
    for (const variant of snippet.variants) {
      it(`${snippet.id} (${variant.language}) expands with its defaults and no leftover snippet syntax`, () => {
        assert.ok(!variant.code.includes('${1:'), 'leftover placeholder');
        assert.ok(!/\$\{\d/.test(variant.code), 'leftover tab stop');
        assert.ok(variant.code.trim().length > 0);
      });
    }
  }

  it('makes the first tab stop of every variant a name to rename (a function, class or table), not a key prefix', () => {
    for (const snippet of snippets) {
      for (const variant of snippet.variants) {
        const first = /\$\{1:([^}]*)\}/.exec(variant.body)?.[1];
        if (first !== undefined) assert.match(first, /^[A-Za-z_][A-Za-z0-9_]*$/, `${snippet.id} (${variant.language}): first tab stop "${first}"`);
      }
    }
  });

  it('generates a .code-snippets entry for every variant, and a body-only one for each Go and Java variant', () => {
    const files = generateSnippetFiles(snippets);
    const entries = [...files.values()].reduce((n, f) => n + Object.keys(f).length, 0);
    const wholeFiles = snippets.reduce((n, s) => n + s.variants.filter((v) => v.language === 'go' || v.language === 'java').length, 0);
    assert.equal(entries, snippets.reduce((n, s) => n + s.variants.length, 0) + wholeFiles);
    for (const [language, file] of files) {
      for (const [name, entry] of Object.entries(file)) {
        const ids = snippets.flatMap((s) => s.implements);
        assert.ok(!ids.some((id) => entry.description.includes(id)), `${name}: catalog id in the description`);
        if (name.endsWith('into an existing file)')) {
          assert.ok(!entry.body.some((l) => /^(package|import)\b/.test(l)), `${name}: package or import left`);
          if (language === 'java') assert.ok(!entry.body.some((l) => /^public /.test(l)), `${name}: public top-level type left`);
        }
      }
    }
  });
});
