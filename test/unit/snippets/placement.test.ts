import { strict as assert } from 'node:assert';
import { placeSnippet, type Spot } from '../../../src/core/snippets/placement';

const doc = ['# Design', '', '## Goals', '- fast', '- safe', '    ', 'export function name() {}'];
const line = (i: number): string => doc[i] ?? '';
const at = (line: number, character: number): Spot => ({ line, character });
const place = (start: Spot, end: Spot = start) => placeSnippet({ start, end }, line);

describe('placeSnippet: a snippet inserted from a card, the tree or the palette never replaces text', () => {
  it('an empty line, or one of spaces only, takes the block at the cursor', () => {
    assert.deepEqual(place(at(1, 0)), { at: at(1, 0), prefix: '' });
    assert.deepEqual(place(at(5, 4)), { at: at(5, 4), prefix: '' });
  });

  it('a cursor inside a line of text puts the block on a new line after it, not in the middle of the line', () => {
    assert.deepEqual(place(at(3, 3)), { at: at(3, 6), prefix: '\n' });
    assert.deepEqual(place(at(3, 1)), { at: at(3, 6), prefix: '\n' });
  });

  it('a cursor at the start of a line of text, or in its indentation, puts the block before that text, which keeps what encloses it', () => {
    // After the line, a function inserted at the start of `def handler():` would land in its body.
    assert.deepEqual(place(at(3, 0)), { at: at(3, 0), prefix: '\n', beforeLine: true });
    const code = ['class Store:', '    def get(self):', '        return 1'];
    const codeLine = (i: number): string => code[i] ?? '';
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, codeLine), { at: at(1, 4), prefix: '\n', beforeLine: true });
    assert.deepEqual(placeSnippet({ start: at(1, 4), end: at(1, 4) }, codeLine), { at: at(1, 4), prefix: '\n', beforeLine: true });
    assert.deepEqual(placeSnippet({ start: at(1, 5), end: at(1, 5) }, codeLine), { at: at(1, 18), prefix: '\n' });
    // Markdown keeps "after": a document opens with the cursor at the start of its title.
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, line, { markdown: true }), { at: at(0, 8), prefix: '\n\n' });
    // A selection that starts there is still a selection: the block goes after it.
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 7) }, codeLine), { at: at(1, 18), prefix: '\n' });
  });

  it('a cursor at the start of a line that closes a block puts the block after that line, not inside the block it closes', () => {
    // Above `}` a Go func would be declared in main's body (it does not compile), a Java class would nest.
    const code = ['func main() {', '\tgo serve()', '}', 'class A {', '    void f() {', '    }', '    });', ']'];
    const codeLine = (i: number): string => code[i] ?? '';
    const empty = (s: Spot) => placeSnippet({ start: s, end: s }, codeLine);
    assert.deepEqual(empty(at(2, 0)), { at: at(2, 1), prefix: '\n' });
    assert.deepEqual(empty(at(5, 0)), { at: at(5, 5), prefix: '\n' });
    assert.deepEqual(empty(at(5, 4)), { at: at(5, 5), prefix: '\n' });
    assert.deepEqual(empty(at(6, 4)), { at: at(6, 7), prefix: '\n' });
    assert.deepEqual(empty(at(7, 0)), { at: at(7, 1), prefix: '\n' });
    // A line that opens one still takes the block above it.
    assert.deepEqual(empty(at(4, 4)), { at: at(4, 4), prefix: '\n', beforeLine: true });
  });

  it('selected lines stay: the block goes after the last line selected', () => {
    // "## Goals" and its two bullets, selected to the end of the last bullet.
    assert.deepEqual(place(at(2, 0), at(4, 6)), { at: at(4, 6), prefix: '\n' });
    // The same lines selected whole (the selection ends at the start of the next line).
    assert.deepEqual(place(at(2, 0), at(5, 0)), { at: at(4, 6), prefix: '\n' });
  });

  it("a selected placeholder of a snippet inserted before (a word in a line) is kept, and the block goes after its line", () => {
    assert.deepEqual(place(at(6, 16), at(6, 20)), { at: at(6, 25), prefix: '\n' });
  });

  it('in markdown the fenced listing gets a blank line between it and the text above', () => {
    assert.deepEqual(placeSnippet({ start: at(2, 0), end: at(4, 6) }, line, { markdown: true }), { at: at(4, 6), prefix: '\n\n' });
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, line, { markdown: true }), { at: at(1, 0), prefix: '' });
  });

  it('a selection of spaces only on a blank line is still a selection: the block goes after it', () => {
    assert.deepEqual(place(at(5, 0), at(5, 4)), { at: at(5, 4), prefix: '\n' });
  });
  it('a block put above a line of text gets a blank line before it when the line above has text, none at the top or under a blank line', () => {
    const code = ['import os', 'def handler():', '    return 1', '', 'def other():'];
    const codeLine = (i: number): string => code[i] ?? '';
    const empty = (s: Spot) => placeSnippet({ start: s, end: s }, codeLine);
    assert.deepEqual(empty(at(1, 0)), { at: at(1, 0), prefix: '\n', beforeLine: true });
    assert.deepEqual(empty(at(0, 0)), { at: at(0, 0), prefix: '', beforeLine: true });
    assert.deepEqual(empty(at(4, 0)), { at: at(4, 0), prefix: '', beforeLine: true });
  });

  it("a script's #! line stays first: a cursor at its start puts the block after it, not above it", () => {
    const script = ['#!/usr/bin/env python3', 'import os'];
    const scriptLine = (i: number): string => script[i] ?? '';
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, scriptLine), { at: at(0, 22), prefix: '\n' });
    // A line starting with #! further down is an ordinary line (a comment): the block goes above it.
    const later = ['x = 1', '#! not a shebang'];
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, (i) => later[i] ?? ''), { at: at(1, 0), prefix: '\n', beforeLine: true });
  });

  it("markdown front matter stays whole: a listing asked for anywhere in it goes after its closing ---", () => {
    const md = ['---', 'title: Design', 'tags: [cache]', '---', '# Design', '', 'Text.'];
    const mdLine = (i: number): string => md[i] ?? '';
    const options = { markdown: true, lineCount: md.length };
    const after = { at: at(3, 3), prefix: '\n\n' };
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(1, 3), end: at(1, 3) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(3, 0), end: at(3, 0) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(2, 4) }, mdLine, options), after);
    // Past it, placement is as in any markdown.
    assert.deepEqual(placeSnippet({ start: at(4, 0), end: at(4, 0) }, mdLine, options), { at: at(4, 8), prefix: '\n\n' });
    // A --- that nothing closes is a rule, not front matter; so is one below the first line.
    const rule = ['---', 'Text.'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => rule[i] ?? '', { markdown: true, lineCount: 2 }), { at: at(0, 3), prefix: '\n\n' });
    const ruled = ['Text.', '---', 'More.', '---'];
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, (i) => ruled[i] ?? '', { markdown: true, lineCount: 4 }), { at: at(1, 3), prefix: '\n\n' });
  });
});
