import { strict as assert } from 'assert';
import { bodyOnlyVariant, braceDepthAt, fitSnippetToDocument } from '../../../src/core/snippets';

const GO_BODY = [
  'package webhook',
  '',
  'import (',
  '\t"crypto/hmac"',
  '\t"errors"',
  ')',
  '',
  '// ${1:Verify} checks.',
  'func $1() error { return errors.New("x") }',
  '$0',
  '',
].join('\n');

const JAVA_BODY = [
  'import java.util.List;',
  'import javax.crypto.Mac;',
  '',
  '/** Docs. */',
  'public final class ${1:WebhookVerifier} {',
  '    public static final class Inner {}',
  '}',
  '$0',
  '',
].join('\n');

/** The document after the header edit and the body inserted at the cursor (no tab-stop expansion). */
function apply(document: string, cursor: number, language: 'go' | 'java', body: string): string {
  const fitted = fitSnippetToDocument(language, body, document, cursor);
  let text = document;
  let at = fitted.insertAt ?? cursor;
  if (fitted.header) {
    text = text.slice(0, fitted.header.offset) + fitted.header.text + text.slice(fitted.header.offset);
    if (fitted.header.offset <= at) at += fitted.header.text.length;
  }
  return text.slice(0, at) + fitted.body + text.slice(at);
}

describe('fitting a whole-file variant into an existing file', () => {
  it('leaves an empty document and other languages alone', () => {
    assert.deepEqual(fitSnippetToDocument('go', GO_BODY, '  \n', 0), { body: GO_BODY });
    assert.deepEqual(fitSnippetToDocument('python', 'import os\n', 'x = 1\n', 6), { body: 'import os\n' });
  });

  it('Go: drops the package clause and adds only the missing imports to the import block', () => {
    const document = 'package main\n\nimport (\n\t"errors"\n\t"fmt"\n)\n\nfunc main() { fmt.Println(errors.New("a")) }\n';
    const result = apply(document, document.length, 'go', GO_BODY);
    assert.equal((result.match(/^package /gm) ?? []).length, 1);
    assert.match(result, /import \(\n\t"errors"\n\t"fmt"\n\t"crypto\/hmac"\n\)\n/);
    assert.equal((result.match(/"errors"/g) ?? []).length, 1);
    assert.ok(result.endsWith('func main() { fmt.Println(errors.New("a")) }\n// ${1:Verify} checks.\nfunc $1() error { return errors.New("x") }\n$0\n'));
  });

  it('Go: a file without imports gets an import block after its package clause', () => {
    const document = 'package main\n\nfunc main() {}\n';
    const result = apply(document, document.length, 'go', GO_BODY);
    assert.ok(result.startsWith('package main\n\nimport (\n\t"crypto/hmac"\n\t"errors"\n)\n\nfunc main() {}\n'), result);
  });

  it('Go: single-line imports get the missing ones after the last', () => {
    const document = 'package main\n\nimport "errors"\n\nvar x = errors.New("a")\n';
    const result = apply(document, document.length, 'go', GO_BODY);
    assert.ok(result.startsWith('package main\n\nimport "errors"\nimport "crypto/hmac"\n\nvar x'), result);
  });

  it('Java: imports go after the existing ones; the class loses public beside another public class', () => {
    const document = 'package app;\n\nimport java.util.List;\n\npublic class App {\n}\n';
    const result = apply(document, document.length, 'java', JAVA_BODY);
    assert.ok(result.startsWith('package app;\n\nimport java.util.List;\nimport javax.crypto.Mac;\n\npublic class App {\n}\n'), result);
    assert.equal((result.match(/^import java\.util\.List;/gm) ?? []).length, 1);
    assert.match(result, /^final class \$\{1:WebhookVerifier\} \{$/m);
    assert.match(result, /^ {4}public static final class Inner \{\}$/m, 'members keep their modifiers');
    assert.equal((result.match(/^public /gm) ?? []).length, 1, 'one public top-level type');
  });

  it('Java: inside a class body the variant becomes a public static member class', () => {
    const document = 'package app;\n\npublic class App {\n    // { not a brace\n    String s = "}";\n    \n}\n';
    const cursor = document.indexOf('    \n}') + 4;
    assert.equal(braceDepthAt(document, cursor), 1);
    const result = apply(document, cursor, 'java', JAVA_BODY);
    assert.match(result, /^public static final class \$\{1:WebhookVerifier\} \{$/m);
    assert.match(result, /^package app;\n\nimport java\.util\.List;\nimport javax\.crypto\.Mac;\n\npublic class App \{/);
  });

  it('Java: inside a method the variant goes after the enclosing top-level type, not into the method', () => {
    const document = 'package app;\n\npublic class App {\n    void run() {\n        if (true) {\n            \n        }\n    }\n}\n\nclass Other {}\n';
    const cursor = document.indexOf('            \n') + 12;
    assert.equal(braceDepthAt(document, cursor), 3);
    const fitted = fitSnippetToDocument('java', JAVA_BODY, document, cursor);
    assert.equal(fitted.insertAt, document.indexOf('}\n\nclass Other') + 1, 'just after the closing brace of App');
    const result = apply(document, cursor, 'java', JAVA_BODY);
    assert.ok(result.includes('        if (true) {\n            \n        }\n    }\n}\n\n/** Docs. */\nfinal class ${1:WebhookVerifier} {'), result);
    assert.doesNotMatch(result, /static final class \$\{1/, 'not a member class inside the method');
    assert.ok(result.endsWith('$0\n\n\nclass Other {}\n'), result);
    // Directly in the class body (depth 1) it is still a member class.
    assert.match(apply(document, document.indexOf('    void run'), 'java', JAVA_BODY), /^public static final class \$\{1:WebhookVerifier\}/m);
    // An unclosed class (the file is being typed): the end of the file.
    const open = 'public class App {\n    void run() {\n        \n';
    assert.equal(fitSnippetToDocument('java', JAVA_BODY, open, open.length - 1).insertAt, open.length);
  });

  it('Go: imports are matched by the name they bind; a clashing one is aliased and the body renamed', () => {
    const body = 'package store\n\nimport (\n\t"math/rand"\n\t"time"\n)\n\nfunc Wait() time.Duration { return time.Duration(rand.Int63n(10)) }\n$0\n';
    const document = 'package app\n\nimport (\n\t"crypto/rand"\n)\n\nvar _ = rand.Reader\n';
    const result = apply(document, document.length, 'go', body);
    assert.match(result, /import \(\n\t"crypto\/rand"\n\tmathrand "math\/rand"\n\t"time"\n\)\n/, result);
    assert.ok(result.includes('time.Duration(mathrand.Int63n(10))'), result);
    assert.ok(result.includes('var _ = rand.Reader'), 'the file keeps its own rand');
    // The same package under the same name: nothing added, nothing renamed.
    const same = 'package app\n\nimport "math/rand"\n\nvar _ = rand.Intn\n';
    const fitted = fitSnippetToDocument('go', body, same, same.length);
    assert.equal(fitted.header!.text, 'import "time"\n');
    assert.ok(fitted.body.includes('rand.Int63n') && !fitted.body.includes('mathrand'));
    // An alias in the file frees the name: the import is added as it is.
    const aliased = 'package app\n\nimport (\n\tcrand "crypto/rand"\n)\n\nvar _ = crand.Reader\n';
    assert.match(apply(aliased, aliased.length, 'go', body), /\tcrand "crypto\/rand"\n\t"math\/rand"\n\t"time"\n/);
  });

  it('Java: a file with no package and no imports gets them at the top, public kept when it is the only type', () => {
    const document = '// notes\n';
    const result = apply(document, document.length, 'java', JAVA_BODY);
    assert.ok(result.startsWith('import java.util.List;\nimport javax.crypto.Mac;\n\n// notes\n'), result);
    assert.match(result, /^public final class \$\{1:WebhookVerifier\}/m);
  });

  it('a cursor in the package clause or the imports sends the body to the end of the file', () => {
    const go = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n';
    for (const cursor of [0, go.indexOf('import'), go.indexOf('"fmt"') + 5]) {
      const fitted = fitSnippetToDocument('go', GO_BODY, go, cursor);
      assert.equal(fitted.insertAt, go.length, `cursor ${cursor}`);
      const result = apply(go, cursor, 'go', GO_BODY);
      assert.ok(result.startsWith('package main\n\nimport "fmt"\nimport "crypto/hmac"\nimport "errors"\n\nfunc main()'), result);
      assert.ok(result.endsWith('func main() { fmt.Println() }\n\n// ${1:Verify} checks.\nfunc $1() error { return errors.New("x") }\n$0\n'), result);
    }
    assert.equal(fitSnippetToDocument('go', GO_BODY, go, go.length).insertAt, undefined, 'below the imports the cursor is kept');
    const java = 'package app;\n\nimport java.util.List;\n\npublic class App {\n}\n';
    const fitted = fitSnippetToDocument('java', JAVA_BODY, java, 3);
    assert.equal(fitted.insertAt, java.length);
    assert.match(apply(java, 3, 'java', JAVA_BODY), /\n}\n\n\/\*\* Docs\. \*\/\nfinal class \$\{1:WebhookVerifier\} \{/);
  });

  it('body-only variants list their imports in a comment and carry no package clause or public class', () => {
    const go = bodyOnlyVariant('go', GO_BODY)!;
    assert.ok(go.startsWith('// Imports: "crypto/hmac", "errors"\n// ${1:Verify} checks.'), go);
    assert.doesNotMatch(go, /^package |^import /m);
    const java = bodyOnlyVariant('java', JAVA_BODY)!;
    assert.ok(java.startsWith('// Imports: java.util.List, javax.crypto.Mac\n/** Docs. */\nfinal class ${1:WebhookVerifier} {'), java);
    assert.equal(bodyOnlyVariant('sql', 'SELECT 1;\n'), undefined);
  });
});
