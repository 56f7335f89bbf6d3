/** The lean block state (leanBlockState.ts) gives the tokens of markdown-it's stock one. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt, { type MarkdownIt as Parser, type Token } from 'markdown-it';
import { installLeanBlockState } from '../../../src/core/suggest/leanBlockState';

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

  it('keeps the stock state when markdown-it\'s tokens have fields the lean ones would not (another version)', () => {
    const md = new MarkdownIt('commonmark');
    const Stock = md.block.State;
    // A state whose tokens carry one more field than markdown-it 15's, as a later version might.
    const NewerToken = class extends (new Stock('', md, {}, []).Token) {
      extra = 1;
    };
    class NewerState extends Stock {
      override Token = NewerToken;
    }
    md.block.State = NewerState;
    installLeanBlockState(md);
    assert.equal(md.block.State, NewerState, 'left as it was');
    const current = new MarkdownIt('commonmark');
    installLeanBlockState(current);
    assert.notEqual(current.block.State, Stock, 'the version it was written for gets the lean state');
  });
});
