import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateSnippetFiles, writeSnippetContributions, type Snippet } from '../../../src/core/snippets';

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
});
