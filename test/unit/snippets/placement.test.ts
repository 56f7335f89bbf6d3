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
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, line, { languageId: 'markdown' }), { at: at(0, 8), prefix: '\n\n' });
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
    assert.deepEqual(placeSnippet({ start: at(2, 0), end: at(4, 6) }, line, { languageId: 'markdown' }), { at: at(4, 6), prefix: '\n\n' });
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, line, { languageId: 'markdown' }), { at: at(1, 0), prefix: '' });
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

  it('a block put above a decorated declaration goes above its decorators, not between them and what they decorate', () => {
    const python = [
      'import functools', // 0
      '@app.route(', // 1
      '    "/items/(id)",', // 2
      '    methods=["GET"],', // 3
      ')', // 4
      '@login_required', // 5
      'def item(id):', // 6
      '    return id', // 7
    ];
    const pythonLine = (i: number): string => python[i] ?? '';
    const empty = (lines: (i: number) => string, s: Spot) => placeSnippet({ start: s, end: s }, lines);
    const aboveDecorators = { at: at(1, 0), prefix: '\n', beforeLine: true };
    assert.deepEqual(empty(pythonLine, at(6, 0)), aboveDecorators);
    // On the second decorator too: above it the block would split the two.
    assert.deepEqual(empty(pythonLine, at(5, 0)), aboveDecorators);
    // The first decorator is where the block goes already.
    assert.deepEqual(empty(pythonLine, at(1, 0)), aboveDecorators);

    const ts = [
      'export class Shelf {', // 0
      '  @Input() title = "";', // 1
      '  @HostListener("window:resize", ["$event"])', // 2
      '  // Keeps the layout in step.', // 3
      '  onResize(event: Event) {}', // 4
      '}', // 5
      '@Component({', // 6
      "  selector: 'app-shelf',", // 7
      '})', // 8
      'export class ShelfComponent {}', // 9
    ];
    const tsLine = (i: number): string => ts[i] ?? '';
    // A decorator on the line of what it decorates (a property) decorates nothing below it.
    assert.deepEqual(empty(tsLine, at(4, 2)), { at: at(2, 2), prefix: '\n', beforeLine: true });
    assert.deepEqual(empty(tsLine, at(9, 0)), { at: at(6, 0), prefix: '\n', beforeLine: true });

    const java = [
      'public class Store {', // 0
      '    @Inject private Cache cache;', // 1
      '', // 2
      '    @Override', // 3
      '    @Transactional(readOnly = true)', // 4
      '    public Item get(long id) {', // 5
      '        return null;', // 6
      '    }', // 7
      '    public void put() {}', // 8
      '}', // 9
      '@interface Audited {}', // 10
      'class Other {}', // 11
    ];
    const javaLine = (i: number): string => java[i] ?? '';
    assert.deepEqual(empty(javaLine, at(5, 4)), { at: at(3, 4), prefix: '', beforeLine: true });
    // No decorator above: the block goes above the line, as before.
    assert.deepEqual(empty(javaLine, at(8, 0)), { at: at(8, 4), prefix: '\n', beforeLine: true });
    // `@interface` declares an annotation type; it decorates nothing.
    assert.deepEqual(empty(javaLine, at(11, 0)), { at: at(11, 0), prefix: '\n', beforeLine: true });

    const rust = ['use std::fmt;', '#[derive(Debug, Clone)]', '#[serde(rename_all = "camelCase")]', 'pub struct Item {}'];
    assert.deepEqual(empty((i) => rust[i] ?? '', at(3, 0)), { at: at(1, 0), prefix: '\n', beforeLine: true });
  });

  it("an apostrophe in a comment inside a decorator's arguments is not taken for a string that hides the closing bracket", () => {
    const ts = ['@Component({', "  // the shelf's selector", "  selector: 'app-shelf',", '})', 'export class Shelf {}'];
    assert.deepEqual(placeSnippet({ start: at(4, 0), end: at(4, 0) }, (i) => ts[i] ?? ''), { at: at(0, 0), prefix: '', beforeLine: true });
    const python = ['import flask', '@app.route(', '    "/items",  # don\'t cache', ')', 'def items():', '    return []'];
    assert.deepEqual(placeSnippet({ start: at(4, 0), end: at(4, 0) }, (i) => python[i] ?? ''), { at: at(1, 0), prefix: '\n', beforeLine: true });
  });

  it("a line of `@name` that continues the line above (Python's matrix product after a `\\`) is no decorator: the block stays above the cursor's line", () => {
    const python = ['def area(x, y):', '    z = x \\', '    @y', '    return z'];
    assert.deepEqual(placeSnippet({ start: at(3, 4), end: at(3, 4) }, (i) => python[i] ?? ''), { at: at(3, 4), prefix: '\n', beforeLine: true });
  });

  it('a Python encoding declaration stays on the first line, or on the second after a #! line, where Python reads it', () => {
    const declared = ['# -*- coding: latin-1 -*-', 'import os'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => declared[i] ?? '', { lineCount: 2 }), { at: at(0, 25), prefix: '\n' });
    const script = ['#!/usr/bin/env python3', '# vim: set fileencoding=latin-1 :', 'import os'];
    for (const spot of [at(0, 0), at(1, 0)]) {
      assert.deepEqual(placeSnippet({ start: spot, end: spot }, (i) => script[i] ?? '', { lineCount: 3 }), { at: at(1, 33), prefix: '\n' });
    }
    // On a later line it declares nothing, and is a comment like any other.
    const late = ['import os', '# coding: latin-1', 'x = 1'];
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, (i) => late[i] ?? '', { lineCount: 3 }), { at: at(1, 0), prefix: '\n', beforeLine: true });
  });

  it("Rust's inner attributes at the top of a file stay first, as a #! line does: the block goes after the last of them", () => {
    const rust = [
      '//! A store of items.', // 0
      '#![allow(dead_code)]', // 1
      '', // 2
      '#![cfg_attr(', // 3
      '    docsrs,', // 4
      '    feature(doc_cfg)', // 5
      ')]', // 6
      'use std::fmt;', // 7
    ];
    const rustLine = (i: number): string => rust[i] ?? '';
    const options = { lineCount: rust.length };
    const afterAttributes = { at: at(6, 2), prefix: '\n' };
    for (const spot of [at(0, 0), at(1, 0), at(2, 0), at(3, 0), at(5, 4)]) {
      assert.deepEqual(placeSnippet({ start: spot, end: spot }, rustLine, options), afterAttributes, `cursor at ${spot.line}:${spot.character}`);
    }
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(4, 3) }, rustLine, options), afterAttributes);
    // Past them, placement is as in any code.
    assert.deepEqual(placeSnippet({ start: at(7, 0), end: at(7, 0) }, rustLine, options), { at: at(7, 0), prefix: '\n', beforeLine: true });
    // A first line of one inner attribute is not taken for a #! line: the one below it stays first too.
    const two = ['#![deny(unsafe_code)]', '#![allow(dead_code)]', 'fn main() {}'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => two[i] ?? '', { lineCount: 3 }), { at: at(1, 20), prefix: '\n' });
  });

  it("a block comment before Rust's inner attributes goes with them, and /*! ... */ is an inner doc comment that stays first too", () => {
    const licensed = ['/*', ' * Licensed under MIT.', ' */', '#![allow(dead_code)]', 'use std::fmt;'];
    for (const spot of [at(0, 0), at(1, 1), at(3, 0)]) {
      assert.deepEqual(placeSnippet({ start: spot, end: spot }, (i) => licensed[i] ?? '', { lineCount: 5 }), { at: at(3, 20), prefix: '\n' }, `cursor at ${spot.line}`);
    }
    const documented = ['/*! A store of items. */', 'use std::fmt;'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => documented[i] ?? '', { lineCount: 2 }), { at: at(0, 24), prefix: '\n' });
    // A block comment with no inner attribute or doc comment after it is a comment like any other.
    const plain = ['/* Notes. */', 'fn main() {}'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => plain[i] ?? '', { lineCount: 2 }), { at: at(0, 0), prefix: '', beforeLine: true });
  });

  it("markdown front matter stays whole: a listing asked for anywhere in it goes after its closing ---", () => {
    const md = ['---', 'title: Design', 'tags: [cache]', '---', '# Design', '', 'Text.'];
    const mdLine = (i: number): string => md[i] ?? '';
    const options = { languageId: 'markdown', lineCount: md.length };
    const after = { at: at(3, 3), prefix: '\n\n' };
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(1, 3), end: at(1, 3) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(3, 0), end: at(3, 0) }, mdLine, options), after);
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(2, 4) }, mdLine, options), after);
    // Past it, placement is as in any markdown.
    assert.deepEqual(placeSnippet({ start: at(4, 0), end: at(4, 0) }, mdLine, options), { at: at(4, 8), prefix: '\n\n' });
    // A --- that nothing closes is a rule, not front matter; so is one below the first line.
    const rule = ['---', 'Text.'];
    assert.deepEqual(placeSnippet({ start: at(0, 0), end: at(0, 0) }, (i) => rule[i] ?? '', { languageId: 'markdown', lineCount: 2 }), { at: at(0, 3), prefix: '\n\n' });
    const ruled = ['Text.', '---', 'More.', '---'];
    assert.deepEqual(placeSnippet({ start: at(1, 0), end: at(1, 0) }, (i) => ruled[i] ?? '', { languageId: 'markdown', lineCount: 4 }), { at: at(1, 3), prefix: '\n\n' });
  });

  it('a thousand stacked decorators are read line by line once, not once per line that could open the run', () => {
    // Each line that could open the run used to rebuild and re-read the text down to the cursor:
    // 1,000 stacked decorators asked for about half a million lines (and took about a second).
    // The count of lines asked for stands in for the work, with no clock.
    for (const [languageId, decorator, declaration] of [['typescript', '@Dec()', 'class A {}'], ['python', '@dec(1, 2)', 'def f(): pass'], ['cpp', 'template <typename T>', 'T f();'], ['csharp', '[Obsolete]', 'class A {}']] as const) {
      for (const broken of [false, true]) {
        // Broken: a line of code under the decorators, so that no run reaches the cursor.
        const code = [...Array<string>(1000).fill(decorator), ...(broken ? ['x = 1;'] : []), declaration];
        let asked = 0;
        const cursor = at(code.length - 1, 0);
        const placed = placeSnippet({ start: cursor, end: cursor }, (i) => (asked++, code[i] ?? ''), { languageId, lineCount: code.length });
        assert.deepEqual(placed, broken ? { at: cursor, prefix: '\n', beforeLine: true } : { at: at(0, 0), prefix: '', beforeLine: true }, `${languageId}${broken ? ', broken' : ''}`);
        assert.ok(asked < 10 * code.length, `${languageId}${broken ? ', broken' : ''}: ${asked} lines asked for ${code.length} lines`);
      }
    }
  });

  it('a bracket left open on each of a thousand stacked decorators is read to the end once, not once per line that could open the run', () => {
    // Each candidate's first item read its open bracket to the end of the text again: about 3
    // million characters for 1,000 lines. closingBracket tests each character it reads against its
    // opening brackets ('([{'.includes), so counting those calls counts the characters read, with no clock.
    const includes = String.prototype.includes;
    let read = 0;
    String.prototype.includes = function (this: string, ...args: Parameters<string['includes']>) {
      if (String(this) === '([{') read++;
      return includes.apply(this, args);
    };
    try {
      for (const [languageId, decorator, declaration] of [['typescript', '@Dec(a, ', 'class A {}'], ['python', '@dec(1, ', 'def f(): pass'], ['csharp', '[Obsolete(', 'class A {}'], ['rust', '#[cfg(all(', 'fn f() {}']] as const) {
        const code = [...Array<string>(1000).fill(decorator), declaration];
        const length = code.join('\n').length;
        read = 0;
        const cursor = at(code.length - 1, 0);
        const placed = placeSnippet({ start: cursor, end: cursor }, (i) => code[i] ?? '', { languageId, lineCount: code.length });
        assert.deepEqual(placed, { at: cursor, prefix: '\n', beforeLine: true }, languageId);
        assert.ok(read > 0, `${languageId}: the count no longer sees the characters read`);
        assert.ok(read < 5 * length, `${languageId}: ${read} characters read for a text of ${length}`);
      }
    } finally {
      String.prototype.includes = includes;
    }
  });

  it('a template head or a block comment left open on each of a thousand stacked lines is read to the end once, not once per line that could open the run', () => {
    // A C++ `template <` that never closes, a `/*` that never does (in a head, or opening a run as
    // TypeScript's `/* eslint-disable-next-line`), and a comment closing far below the heads it holds
    // were each read to the end again for every line that could open the run. The characters read
    // are counted, with no clock: the head reader tests each one against the opening brackets
    // ('([{'.includes), and a search for a comment's close counts what it passes.
    const { includes, indexOf } = String.prototype;
    let read = 0;
    String.prototype.includes = function (this: string, ...args: Parameters<string['includes']>) {
      if (String(this) === '([{') read++;
      return includes.apply(this, args);
    };
    String.prototype.indexOf = function (this: string, search: string, from?: number) {
      const found = indexOf.call(this, search, from);
      if (search === '*/') read += (found === -1 ? this.length : found) - Math.min(this.length, Math.max(0, from ?? 0));
      return found;
    };
    const heads = (n: number) => Array<string>(n).fill('template < /*');
    try {
      for (const [name, languageId, code] of [
        ['a head left open', 'cpp', [...Array<string>(1000).fill('template <typename T,'), 'T f();']],
        ['a comment left open in a head', 'cpp', [...heads(1000), 'T f();']],
        ['a comment left open opening a run', 'typescript', [...Array<string>(1000).fill('/* eslint-disable-next-line no-console'), 'class A {}']],
        // Within the thousand lines looked at: 400 heads in one comment, and 500 lines after it.
        ['heads in a comment that closes far above the declaration', 'cpp', [...heads(400), '*/ typename T,', ...Array<string>(500).fill('  typename U,'), 'T f();']],
      ] as const) {
        const length = code.join('\n').length;
        read = 0;
        const cursor = at(code.length - 1, 0);
        const placed = placeSnippet({ start: cursor, end: cursor }, (i) => code[i] ?? '', { languageId, lineCount: code.length });
        assert.deepEqual(placed, { at: cursor, prefix: '\n', beforeLine: true }, name);
        assert.ok(read > 0, `${name}: the count no longer sees the characters read`);
        assert.ok(read < 5 * length, `${name}: ${read} characters read for a text of ${length}`);
      }
    } finally {
      String.prototype.includes = includes;
      String.prototype.indexOf = indexOf;
    }
  });

  it('decorators stacked on many lines, or many on one line, are read with each character about once: an annotation\'s name is read where it stands, and an item looks for its line\'s end only when it needs it', () => {
    // An `@name` was matched against a copy of the text from there to the end, and every item
    // searched for its line's end: both once per item over the rest of the text or the line.
    // Counted with no clock: what slice copies (a Kotlin use-site target is looked for in 40
    // characters) and what a search for a line's end passes, in texts longer than 1,000 characters.
    const { slice, indexOf } = String.prototype;
    let read = 0;
    String.prototype.slice = function (this: string, ...args: Parameters<string['slice']>) {
      const part = slice.apply(this, args);
      if (this.length > 1000) read += part.length;
      return part;
    };
    String.prototype.indexOf = function (this: string, search: string, from?: number) {
      const found = indexOf.call(this, search, from);
      if (search === '\n' && this.length > 1000) read += (found === -1 ? this.length : found) - Math.min(this.length, Math.max(0, from ?? 0));
      return found;
    };
    try {
      for (const [name, languageId, code] of [
        ['a thousand decorator lines', 'typescript', [...Array<string>(1000).fill("@a.b.c(1, 'x')"), 'class A {}']],
        ['twenty thousand decorators on one line', 'typescript', [Array<string>(20000).fill('@a').join(' '), 'class A {}']],
        ['twenty thousand attributes on one line', 'cpp', [Array<string>(20000).fill('[[a]]').join(' '), 'struct A {};']],
        ['twenty thousand annotations with a use-site target on one line', 'kotlin', [Array<string>(20000).fill('@field:Transient').join(' '), 'class A']],
      ] as const) {
        const length = code.join('\n').length;
        read = 0;
        const cursor = at(code.length - 1, 0);
        const placed = placeSnippet({ start: cursor, end: cursor }, (i) => code[i] ?? '', { languageId, lineCount: code.length });
        assert.deepEqual(placed, { at: at(0, 0), prefix: '', beforeLine: true }, name);
        assert.ok(read < 5 * length, `${name}: ${read} characters read for a text of ${length}`);
      }
    } finally {
      String.prototype.slice = slice;
      String.prototype.indexOf = indexOf;
    }
  });
});
