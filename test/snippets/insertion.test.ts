/**
 * Issue 11 item 23: a Go or Java variant inserted into a file that already has code must leave a
 * file that compiles. Every shipped Go variant is fitted (fitSnippetToDocument, what the Insert
 * Snippet command does) into an existing Go file with its own package clause and imports (also one
 * whose import names clash with the variant's), and every Java variant into an existing Java file
 * with a public class, at the top level, inside the class and inside a method; then `go vet` and
 * `javac` must accept every result.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fitSnippetToDocument } from '../../src/core/snippets';
import { variantsOf, workDir } from './library';

function fit(language: 'go' | 'java', code: string, document: string, cursor: number): string {
  const fitted = fitSnippetToDocument(language, code, document, cursor);
  let text = document;
  let at = fitted.insertAt ?? cursor;
  if (fitted.header) {
    text = text.slice(0, fitted.header.offset) + fitted.header.text + text.slice(fitted.header.offset);
    if (fitted.header.offset <= at) at += fitted.header.text.length;
  }
  return text.slice(0, at) + fitted.body + text.slice(at);
}

describe('inserting Go and Java variants into existing files', function () {
  this.timeout(300_000);

  it('every Go variant, inserted below existing code, leaves a package go vet accepts', () => {
    const dir = workDir('insertion-go');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module insertproof\n\ngo 1.19\n');
    const existing = 'package app\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n// Hello was here before the snippet.\nfunc Hello() { fmt.Println(strings.ToUpper("hi")) }\n';
    // A file whose imports bind names the variants' imports also bind (rand, sql, errors) to
    // other packages: imports are compared by name, and a clashing one is aliased.
    const clashing =
      'package app\n\nimport (\n\t"crypto/rand"\n\tsql "strings"\n\terrors "fmt"\n)\n\n// Token was here before the snippet.\nfunc Token() []byte { b := make([]byte, 8); rand.Read(b); return []byte(sql.ToUpper(errors.Sprint(b))) }\n';
    const ids: string[] = [];
    for (const { snippet, variant } of variantsOf('go')) {
      for (const [where, document] of [['', existing], ['clash', clashing]] as const) {
        const pkg = path.join(dir, snippet.id.replace(/-/g, '') + where);
        fs.mkdirSync(pkg);
        const result = fit('go', variant.code, document, document.length);
        assert.equal((result.match(/^package /gm) ?? []).length, 1, `${snippet.id}: one package clause`);
        fs.writeFileSync(path.join(pkg, 'app.go'), result);
      }
      ids.push(snippet.id);
    }
    assert.ok(ids.length > 0);
    const run = spawnSync('go', ['vet', './...'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GO111MODULE: 'on', CGO_ENABLED: '0' },
    });
    assert.equal(run.status, 0, `go vet of the fitted files failed:\n${run.stdout}${run.stderr}`);
  });

  it('every Java variant, inserted beside, inside and in a method of an existing public class, compiles with javac', () => {
    const dir = workDir('insertion-java');
    const existing = 'package app;\n\nimport java.util.List;\n\npublic class App {\n    List<String> names = List.of("a");\n\n    void run() {\n        if (names.isEmpty()) {\n            \n        }\n    }\n}\n';
    const inside = existing.indexOf('\n\n    void run') + 1;
    const inMethod = existing.indexOf('            \n') + 12;
    const files: string[] = [];
    for (const { snippet, variant } of variantsOf('java')) {
      for (const [where, cursor] of [['top', existing.length], ['inside', inside], ['method', inMethod]] as const) {
        const sub = path.join(dir, 'src', `${snippet.id}-${where}`, 'app');
        fs.mkdirSync(sub, { recursive: true });
        const file = path.join(sub, 'App.java');
        fs.writeFileSync(file, fit('java', variant.code, existing, cursor));
        files.push(file);
      }
    }
    assert.ok(files.length > 0);
    // One javac per file: each holds the same class name app.App.
    const failures = files
      .map((file) => ({ file, run: spawnSync('javac', ['-d', path.join(path.dirname(file), '..', 'classes'), '-encoding', 'UTF-8', file], { encoding: 'utf8' }) }))
      .filter(({ run }) => run.status !== 0)
      .map(({ file, run }) => `${path.relative(dir, file)}:\n${run.stdout}${run.stderr}`);
    assert.deepEqual(failures, []);
  });
});
