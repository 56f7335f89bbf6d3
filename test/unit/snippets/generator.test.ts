import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateSnippetFiles, loadSnippets, writeSnippetContributions, type Snippet } from '../../../src/core/snippets';

const snippet: Snippet = {
  id: 'demo',
  title: 'Demo snippet',
  description: 'Does a thing.',
  prefix: 'sdp-demo',
  implements: ['contention/optimistic-locking'],
  tags: [],
  source: { file: 'demo/snippet.yaml', line: 1 },
  variants: [
    { language: 'typescript', body: 'const ${1:a} = `\\${b}`;\n$0\n', code: '', source: { file: 'x', line: 1 } },
    { language: 'sql', body: 'SELECT 1;\n', code: '', source: { file: 'y', line: 1 } },
  ],
};

describe('snippet generator', () => {
  it('produces one .code-snippets object per language with the body kept in snippet syntax', () => {
    const files = generateSnippetFiles([snippet]);
    assert.deepEqual([...files.keys()], ['typescript', 'sql']);
    const entry = files.get('typescript')!['Demo snippet (TypeScript)']!;
    assert.deepEqual(entry.prefix, ['sdp-demo']);
    assert.deepEqual(entry.body, ['const ${1:a} = `\\${b}`;', '$0']);
    assert.equal(entry.scope, 'typescript,typescriptreact');
    assert.equal(entry.description, 'Does a thing.', 'no internal catalog ids in the description');
  });

  it('adds a body-only entry for Go and Java variants, which are whole files', () => {
    const go: Snippet = {
      ...snippet,
      variants: [{ language: 'go', body: 'package demo\n\nimport (\n\t"errors"\n)\n\nvar ${1:Err} = errors.New("x")\n', code: '', source: { file: 'z', line: 1 } }],
    };
    const entries = generateSnippetFiles([go]).get('go')!;
    assert.deepEqual(entries['Demo snippet (Go)']!.prefix, ['sdp-demo']);
    const bodyOnly = entries['Demo snippet (Go, into an existing file)']!;
    assert.deepEqual(bodyOnly.prefix, ['sdp-demo-body']);
    assert.deepEqual(bodyOnly.body, ['// Imports: "errors"', 'var ${1:Err} = errors.New("x")']);
  });

  it('writes the files and returns contributes.snippets entries', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-gen-'));
    const contributions = writeSnippetContributions([snippet], out);
    assert.deepEqual(contributions, [
      { language: 'typescript', path: path.join(out, 'typescript.code-snippets') },
      { language: 'typescriptreact', path: path.join(out, 'typescript.code-snippets') },
      { language: 'sql', path: path.join(out, 'sql.code-snippets') },
    ]);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'sql.code-snippets'), 'utf8'));
    fs.rmSync(out, { recursive: true, force: true });
    assert.deepEqual(json['Demo snippet (SQL (PostgreSQL))'].body, ['SELECT 1;']);
  });

  it('writes, for the whole library, files that read as VS Code snippet files: a JSON object of snippets, each with a prefix and a body', () => {
    // The build and check:content read these files back no more: what they checked is what this
    // generator writes, given snippets the loader passed (a snippet with a problem stops the build).
    const library = loadSnippets(path.resolve(__dirname, '..', '..', '..', 'content', 'snippets'));
    assert.deepEqual(library.problems, []);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sdp-gen-'));
    try {
      const files = [...new Set(writeSnippetContributions(library.snippets, out).map((c) => c.path))];
      assert.ok(files.length >= 5, `${files.length} files`);
      const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
      for (const file of files) {
        const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        assert.ok(json !== null && typeof json === 'object' && !Array.isArray(json), `${file}: a JSON object of snippets`);
        assert.ok(Object.keys(json).length > 0, `${file}: no snippet`);
        for (const [key, snippet] of Object.entries(json)) {
          assert.ok(snippet !== null && typeof snippet === 'object' && !Array.isArray(snippet), `${key}: not an object`);
          const { prefix, body } = snippet as { prefix?: unknown; body?: unknown };
          assert.ok(Array.isArray(prefix) && prefix.length > 0 && prefix.every(isText), `${key}: no prefix (a non-empty array of non-empty strings)`);
          assert.ok(Array.isArray(body) && body.length > 0 && body.every((line) => typeof line === 'string'), `${key}: no body (an array of strings)`);
        }
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
