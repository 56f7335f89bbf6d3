import { strict as assert } from 'assert';
import { expandSnippetBody, parseSnippetBody, tabStopIndices, validateSnippetBody } from '../../../src/core/snippets';

describe('snippet syntax', () => {
  describe('expandSnippetBody', () => {
    it('replaces placeholders by their defaults and mirrors by the same text', () => {
      assert.equal(expandSnippetBody('const ${1:name} = ${2:42}; use($1);$0'), 'const name = 42; use(name);');
    });
    it('expands nested placeholders', () => {
      assert.equal(expandSnippetBody('${1:outer ${2:inner} end} $2'), 'outer inner end inner');
    });
    it('takes the first option of a choice', () => {
      assert.equal(expandSnippetBody('level=${1|info,warn,error|} again=$1'), 'level=info again=info');
    });
    it('unescapes \\$, \\} and \\\\ and keeps other backslashes', () => {
      assert.equal(expandSnippetBody('`\\${x}` \\$1 \\\\ \\n a}b'), '`${x}` $1 \\ \\n a}b');
    });
    it('unescapes } inside a placeholder default', () => {
      assert.equal(expandSnippetBody('${1:{ a: 1 \\}}'), '{ a: 1 }');
    });
    it('handles escapes inside choices', () => {
      assert.equal(expandSnippetBody('${1|a\\,b,c|}'), 'a,b');
    });
    it('drops bare tab stops and $0', () => {
      assert.equal(expandSnippetBody('a$0b${0}c'), 'abc');
    });
  });

  describe('parseSnippetBody', () => {
    it('reports line and column of an unclosed placeholder', () => {
      const { problems } = parseSnippetBody('line one\n  x = ${1:abc\n');
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.line, 2);
      assert.equal(problems[0]!.column, 7);
      assert.match(problems[0]!.message, /never closed/);
    });
    it('reports an unclosed choice', () => {
      assert.match(parseSnippetBody('${1|a,b').problems[0]!.message, /choice/);
    });
    it('reports a stray dollar sign', () => {
      const { problems } = parseSnippetBody('price: $ 5');
      assert.match(problems[0]!.message, /unescaped "\$"/);
    });
    it('parses variables so they can be reported', () => {
      const { nodes } = parseSnippetBody('$TM_FILENAME ${user}');
      assert.deepEqual(
        nodes.filter((n) => n.kind === 'variable').map((n) => (n.kind === 'variable' ? n.name : '')),
        ['TM_FILENAME', 'user'],
      );
    });
    it('lists tab stops in visiting order, $0 last', () => {
      assert.deepEqual(tabStopIndices(parseSnippetBody('$0 ${2:b} ${1:a} ${3|x,y|}').nodes), [1, 2, 3, 0]);
    });
  });

  describe('validateSnippetBody', () => {
    it('accepts a well-formed body', () => {
      assert.deepEqual(validateSnippetBody('const ${1:a} = `\\${x}`; $1;\n$0'), []);
    });
    it('flags an unescaped template literal as a variable', () => {
      const problems = validateSnippetBody('const s = `${name}`;');
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /snippet variable/);
    });
    it('flags a tab stop that never gets a default', () => {
      assert.match(validateSnippetBody('x = $1')[0]!.message, /no default/);
    });
    it('flags two different defaults for one index', () => {
      assert.match(validateSnippetBody('${1:a} ${1:b}')[0]!.message, /two defaults/);
    });
    it('flags an empty default', () => {
      assert.match(validateSnippetBody('${1:}')[0]!.message, /empty default/);
    });
    it('flags transforms', () => {
      assert.match(validateSnippetBody('${1/(.*)/$1/}')[0]!.message, /transform/);
    });
    it('sorts problems by position', () => {
      const problems = validateSnippetBody('a $X\nb ${1:}');
      assert.deepEqual(problems.map((p) => p.line), [1, 2]);
    });
  });
});
