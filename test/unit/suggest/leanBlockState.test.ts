/** The lean block state (leanBlockState.ts) gives the tokens of markdown-it's stock one. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt, { type MarkdownIt as Parser, type Token } from 'markdown-it';
import { engineBlockStateForTests } from '../../../src/core/suggest/blockParse';
import { installLeanBlockState, sameValue } from '../../../src/core/suggest/leanBlockState';

/** A parser set up as the engine's (blockParse.ts), with the stock state or the lean one. */
function engineParser(lean: boolean): Parser {
  const md = new MarkdownIt('commonmark', { html: false });
  md.enable('table');
  md.core.ruler.disable(['inline', 'text_join'], true);
  if (lean) installLeanBlockState(md);
  return md;
}

/** Every own field of a token in order, its prototype, and its children the same way. */
function describe_(t: Token): unknown {
  return {
    proto: Object.getPrototypeOf(t) as unknown,
    fields: Object.keys(t).map((k) => [k, k === 'children' && t.children ? t.children.map(describe_) : (t as unknown as Record<string, unknown>)[k]]),
  };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []);
}

const SAMPLES = [
  '# Title\n\nA paragraph\nover two lines.\n\n## Goals\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n7) seventh\n',
  '| a | b |\n| :- | -: |\n| 1 | 2 |\n\n> quoted\n> > deeper\n\n```js\ncode\n```\n\n    indented code\n\n***\n\nSetext\n======\n',
  '[ref]: https://example.com "title"\n\n<div>html off</div>\n\n- [link](x)\n\n  loose item\n\n~~~\nunclosed fence\n',
  `${Array.from({ length: 14 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n')}\n\n# after\n`,
];

describe('suggest: the lean block state', () => {
  const stock = engineParser(false);
  const lean = engineParser(true);
  const texts = [...SAMPLES, ...markdownFiles(join(__dirname, '..', '..', 'fixtures', 'eval')).map((f) => readFileSync(f, 'utf8'))];

  it('makes the tokens of the stock state: same fields in the same order, same prototype', () => {
    assert.ok(texts.length > SAMPLES.length, 'the evaluation documents are read too');
    assert.notEqual(lean.block.State, stock.block.State, 'the lean state was installed: this compares two different states');
    assert.equal((engineBlockStateForTests() as { name: string }).name, 'LeanBlockState', 'the engine\'s own parser uses it');
    for (const text of texts) assert.deepEqual(lean.parse(text, {}).map(describe_), stock.parse(text, {}).map(describe_));
  });

  it('leaves inline parsing and other parsers alone', () => {
    const full = new MarkdownIt('commonmark');
    const leanFull = new MarkdownIt('commonmark');
    installLeanBlockState(leanFull);
    for (const text of SAMPLES) assert.deepEqual(leanFull.parse(text, {}).map(describe_), full.parse(text, {}).map(describe_));
    assert.notEqual(full.block.State, leanFull.block.State);
    assert.equal(leanFull.render('# *a*'), full.render('# *a*'));
  });

  it('keeps the stock state when markdown-it\'s push makes other tokens than the lean one would (another version)', () => {
    /** A parser whose block state's push also does `change` to each token it makes, as a later markdown-it might. */
    const newer = (change: (token: Token, state: object) => void) => {
      const md = new MarkdownIt('commonmark');
      class NewerState extends md.block.State {
        override push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
          const token = super.push(type, tag, nesting);
          change(token, this);
          return token;
        }
      }
      md.block.State = NewerState;
      installLeanBlockState(md);
      return { installed: md.block.State, NewerState };
    };
    const extraField = newer((t) => Object.assign(t, { extra: 1 }));
    assert.equal(extraField.installed, extraField.NewerState, 'tokens with one more field: left as it was');
    const otherValue = newer((t) => { t.meta = { version: 16 }; });
    assert.equal(otherValue.installed, otherValue.NewerState, 'a field set to another value: left as it was');
    const circular = newer((t) => { t.meta = { self: t }; });
    assert.equal(circular.installed, circular.NewerState, 'a circular value: left as it was, no throw');
    // A probe that throws (a push that fails once) keeps the stock state, and the install does not throw.
    let calls = 0;
    const throwing = newer(() => { if (++calls === 1) throw new Error('not this time'); });
    assert.equal(throwing.installed, throwing.NewerState, 'a probe that throws: left as it was');
    const otherPrototype = newer((t) => Object.setPrototypeOf(t, Object.create(Object.getPrototypeOf(t) as object)));
    assert.equal(otherPrototype.installed, otherPrototype.NewerState, 'tokens of another class: left as it was');
    const stateStep = newer((t, state) => Object.assign(state, { lastToken: t }));
    assert.equal(stateStep.installed, stateStep.NewerState, 'a push that also records something on the state: left as it was');
    const same = newer(() => {});
    assert.notEqual(same.installed, same.NewerState, 'a push that makes the same tokens gets the lean state');
    // A later state with no Token field: the engine still loads, with the stock state.
    const noToken = new MarkdownIt('commonmark');
    class NoTokenState extends noToken.block.State {
      constructor(...args: ConstructorParameters<typeof noToken.block.State>) {
        super(...args);
        Reflect.deleteProperty(this, 'Token');
      }
    }
    noToken.block.State = NoTokenState;
    assert.doesNotThrow(() => installLeanBlockState(noToken));
    assert.equal(noToken.block.State, NoTokenState, 'no Token field: left as it was');
    const current = new MarkdownIt('commonmark');
    const Stock = current.block.State;
    installLeanBlockState(current);
    assert.notEqual(current.block.State, Stock, 'the version it was written for gets the lean state');
  });

  it('sameValue: NaN is not null, circular and BigInt values do not throw, plain data compares by content', () => {
    assert.equal(sameValue(Number.NaN, Number.NaN), true);
    assert.equal(sameValue(Number.NaN, null), false);
    assert.equal(sameValue({ v: Number.NaN }, { v: null }), false);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.doesNotThrow(() => sameValue(loop, { self: {} }));
    // Two objects that each point to themselves: without its depth limit the comparison would recurse for ever.
    const loop2: Record<string, unknown> = {};
    loop2.self = loop2;
    assert.doesNotThrow(() => sameValue(loop, loop2));
    assert.equal(sameValue(1n, 1n), true);
    assert.equal(sameValue(1n, 2n), false);
    assert.equal(sameValue([0, 3], [0, 3]), true);
    assert.equal(sameValue({ a: 1 }, { a: 1 }), true);
    assert.equal(sameValue({ a: 1 }, { a: 2 }), false);
    assert.equal(sameValue(new Map(), new Map()), false, 'another kind of object: only itself');
  });
});
