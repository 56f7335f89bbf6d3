import { strict as assert } from 'node:assert';
import { rows } from '../../../content/snippets/placement-languages.json';
import { placeSnippet } from '../../../src/core/snippets/placement';
import { DECORATOR_OPENERS, OPENING_LINES, parsePlacementLanguages, placementLanguage } from '../../../src/core/snippets/placementLanguages';

/** Where a block asked for with the cursor at `line`, `character` goes: `above N` (before line N's text) or `after N`. */
function placedIn(languageId: string | undefined, doc: readonly string[], line: number, character = 0): string {
  const p = placeSnippet({ start: { line, character }, end: { line, character } }, (i) => doc[i] ?? '', { languageId, lineCount: doc.length });
  return `${p.beforeLine ? 'above' : 'after'} ${p.at.line}`;
}

interface Case {
  readonly what: string;
  readonly doc: readonly string[];
  readonly cursor: number;
  readonly expected: string;
}

/**
 * At least one case for every row of content/snippets/placement-languages.json (a test below checks
 * that none is missing). Cases marked (misread) failed when every rule applied to every language;
 * cases marked (gap) failed before the rule they name was read.
 */
const CASES: Readonly<Record<string, readonly Case[]>> = {
  unknown: [
    { what: 'every rule still applies: an @name line above is a decorator', doc: ['@end', '@implementation Store'], cursor: 1, expected: 'above 0' },
    { what: 'a #![...] first line and a #[...] attribute', doc: ['#![allow(dead_code)]', '#[derive(Debug)]', 'struct S;'], cursor: 2, expected: 'above 1' },
    { what: 'a Python encoding declaration stays first', doc: ['# -*- coding: latin-1 -*-', 'x = 1'], cursor: 0, expected: 'after 0' },
    { what: 'a from __future__ import stays first', doc: ["'''Orders.'''", 'from __future__ import annotations', 'x = 1'], cursor: 0, expected: 'after 1' },
    { what: 'a docstring that also reads as a directive does not cut the from __future__ import off', doc: ['"Orders."', 'from __future__ import annotations', 'x = 1'], cursor: 0, expected: 'after 1' },
    { what: "a /*! comment before 'use strict' does not end the opening lines early", doc: ['/*! licence */', "'use strict';", 'main();'], cursor: 0, expected: 'after 1' },
    { what: "a # where #[ opens attributes is no comment inside one (Rust's raw string r#\"...\"#)", doc: ['use std::fmt;', '#[doc = r#"see (note"#]', 'struct S;'], cursor: 2, expected: 'above 1' },
    { what: '(gap) a //go: directive and a //go:build line', doc: ['//go:build linux', '', '//go:embed static', 'var site embed.FS'], cursor: 3, expected: 'above 2' },
    { what: '(gap) the <?php tag and declare(strict_types=1) stay first', doc: ['<?php', 'declare(strict_types=1);', 'class Store {}'], cursor: 0, expected: 'after 1' },
  ],
  python: [
    { what: 'a decorator goes with its function', doc: ['@app.get("/")', 'def index():'], cursor: 1, expected: 'above 0' },
    { what: '(misread) // at a line start is floor division in a continued expression, not a comment', doc: ['scaled = (weights', '@transform', '// 2)', 'def handler():'], cursor: 3, expected: 'above 3' },
    { what: 'the encoding declaration after #! stays first', doc: ['#!/usr/bin/env python3', '# coding=utf-8', 'import os'], cursor: 1, expected: 'after 1' },
    { what: 'a # comment among decorators', doc: ['@retry', '# three tries', 'def fetch():'], cursor: 2, expected: 'above 0' },
    { what: '(gap) the comment right above the decorators goes with them', doc: ['import os', '# Serves the index.', '@app.get("/")', 'def index():'], cursor: 3, expected: 'above 1' },
    { what: 'a comment at another indentation (the end of a body above) is not the declaration\'s', doc: ['    # end of the body', '@app.get("/")', 'def index():'], cursor: 2, expected: 'above 1' },
    { what: '(misread) from __future__ imports stay first: code above them is a SyntaxError', doc: ['from __future__ import annotations', 'import os'], cursor: 0, expected: 'after 0' },
    {
      what: '(misread) the docstring, comments and a bracketed from __future__ import stay first with it',
      doc: ['"""Orders.', '', 'Kept in Redis.', '"""', '# licence', 'from __future__ import (annotations,', '    division)', '', 'import os'],
      cursor: 0,
      expected: 'after 6',
    },
    { what: 'a docstring alone is no line a block must stay under', doc: ['"""Orders."""', 'import os'], cursor: 0, expected: 'above 0' },
    { what: 'a from __future__ import after code is none of the opening lines', doc: ['import os', 'from __future__ import annotations'], cursor: 0, expected: 'above 0' },
    { what: '(gap) PEP 614: a decorator may be any expression (@buttons[0].clicked.connect)', doc: ['x = 1', '@buttons[0].clicked.connect', 'def on_click():'], cursor: 2, expected: 'above 1' },
    { what: '(gap) PEP 614: @(lambda f: f) and a subscripted call, with a comment after it', doc: ['x = 1', '@(lambda f: f)', '@handlers["save"](retries=3)  # three tries', 'def save():'], cursor: 3, expected: 'above 1' },
    { what: "(gap) an escaped quote in a decorator expression's string ('it\\'s') does not end it", doc: ['x = 1', "@a if 'it\\'s' else b", 'def f(): pass'], cursor: 2, expected: 'above 1' },
    { what: 'a decorator call over several lines goes with its function', doc: ['x = 1', '@app.route(', '    "/orders",', '    methods=["GET"],', ')', 'def orders():'], cursor: 5, expected: 'above 1' },
    { what: '@ b) ends an expression from a line above (@ is matrix multiplication there): no decorator', doc: ['y = (a', '@ b)', 'def f():'], cursor: 2, expected: 'above 2' },
    {
      what: '(gap) a decorator call over several lines with brackets in its # comments goes with its function',
      doc: ['x = 1', '@pytest.mark.parametrize(', '    "raw",  # the input (unparsed', '    [1, 2],  # two cases', ')', 'def test_parse(raw):'],
      cursor: 5,
      expected: 'above 1',
    },
  ],
  typescript: [
    { what: 'a decorator with a // comment under it', doc: ['@Component({ selector: "shelf" })', '// the shelf', 'export class Shelf {}'], cursor: 2, expected: 'above 0' },
    {
      what: '(gap) the doc comment right above a decorated class goes with it',
      doc: ['import { Component } from "@angular/core";', '/**', ' * The shelf.', ' */', '@Component({ selector: "shelf" })', 'export class Shelf {}'],
      cursor: 5,
      expected: 'above 1',
    },
    { what: 'a doc comment above an undecorated declaration stays above the block, as before', doc: ['/** The shelf. */', 'export class Shelf {}'], cursor: 1, expected: 'above 1' },
    { what: 'a comment a blank line above the decorators is not the declaration\'s', doc: ['// Handlers.', '', '@Get()', 'list() {}'], cursor: 3, expected: 'above 2' },
    { what: 'a block comment that ends a line of code is not a doc comment', doc: ['run(); /* then */', '@sealed', 'class A {}'], cursor: 2, expected: 'above 1' },
    { what: 'a #! line stays first', doc: ['#!/usr/bin/env node', 'main();'], cursor: 0, expected: 'after 0' },
    { what: '(gap) // @ts-expect-error stays right above its line', doc: ['import { f } from "./f";', '// @ts-expect-error wrong on purpose', 'f(1);'], cursor: 2, expected: 'above 1' },
    { what: '//@ts-ignore and // eslint-disable-next-line above a decorator go with it', doc: ['let x = 1;', '//@ts-ignore', '// eslint-disable-next-line no-unused-vars', '@Injectable()', 'class A {}'], cursor: 4, expected: 'above 1' },
    { what: '(gap) // prettier-ignore stays right above its line', doc: ['let x = 1;', '    // prettier-ignore', '    const m = [1,0,', '               0,1];'], cursor: 2, expected: 'above 1' },
    { what: '// @ts-ignored is a @ts-ignore to tsc (no word boundary), so it stays right above its line', doc: ['let x = 1;', '// @ts-ignored below', 'f(1);'], cursor: 2, expected: 'above 1' },
    { what: 'tsc reads //<tab>@ts-ignore and /// @ts-expect-error', doc: ['let x = 1;', '//\t@ts-ignore', '/// @ts-expect-error', 'f(1);'], cursor: 3, expected: 'above 1' },
    { what: 'tsc reads /* @ts-ignore */ on a line of its own', doc: ['let x = 1;', '/* @ts-ignore */', 'f(1);'], cursor: 2, expected: 'above 1' },
    { what: 'ESLint reads //eslint-disable-next-line and //   eslint-disable-next-line', doc: ['let x = 1;', '//eslint-disable-next-line no-unused-vars', '//   eslint-disable-next-line eqeqeq', 'f(1);'], cursor: 3, expected: 'above 1' },
    { what: 'ESLint reads /* eslint-disable-next-line */', doc: ['let x = 1;', '/* eslint-disable-next-line no-unused-vars */', 'f(1);'], cursor: 2, expected: 'above 1' },
    { what: '// eslint-disable-next-lines is no directive', doc: ['let x = 1;', '// eslint-disable-next-lines', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: 'a /* @ts-ignore */ with code after it on its line decorates nothing', doc: ['let x = 1;', '/* @ts-ignore */ g();', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: '(gap) tsc reads /** @ts-ignore */ and /** @ts-expect-error */ (its match skips the leading * and /)', doc: ['let x = 1;', '/** @ts-ignore */', '/** @ts-expect-error */', 'f(1);'], cursor: 3, expected: 'above 1' },
    { what: 'ESLint reads no /** eslint-disable-next-line */ (its comment text opens with *)', doc: ['let x = 1;', '/** eslint-disable-next-line no-unused-vars */', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: '(misread) // eslint-disable-next-line, see below is no directive: ESLint wants white space or the end after the name', doc: ['let x = 1;', '// eslint-disable-next-line, see below', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: 'ESLint reads /* eslint-disable-next-line*/ (the comment ends right after the name)', doc: ['let x = 1;', '/* eslint-disable-next-line*/', 'f(1);'], cursor: 2, expected: 'above 1' },
    { what: '(misread) // prettier-ignore: the table below is no ignore: Prettier wants the whole comment to be prettier-ignore', doc: ['let x = 1;', '// prettier-ignore: the table below', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: '(misread) /* prettier-ignore because */ is no ignore', doc: ['let x = 1;', '/* prettier-ignore because */', 'f(1);'], cursor: 2, expected: 'above 2' },
    { what: 'Prettier reads /* prettier-ignore */ and //prettier-ignore with trailing spaces', doc: ['let x = 1;', '/* prettier-ignore */', '//prettier-ignore  ', 'f(1);'], cursor: 3, expected: 'above 1' },
    {
      what: '(gap) ESLint (8.6 and later) reads a /* eslint-disable-next-line */ over several lines, for the line under its close',
      doc: ['let x = 1;', '/* eslint-disable-next-line no-console --', ' * the log is the point', ' */', 'console.log(x);'],
      cursor: 4,
      expected: 'above 1',
    },
    { what: 'a /* @ts-ignore that closes on a later line is not read: tsc looks for it on the comment\'s last line', doc: ['let x = 1;', '/* @ts-ignore', ' */', 'f(1);'], cursor: 3, expected: 'above 3' },
    { what: 'such a comment between a decorator and its class is a plain comment: it goes with them', doc: ['let x = 1;', '@Dec()', '/* @ts-ignore', ' */', 'class A {}'], cursor: 4, expected: 'above 1' },
    { what: '(gap) a decorator call over several lines with a bracket in a // comment goes with its class', doc: ['let x = 1;', '@Component({', "  selector: 'app', // the root (see main.ts", '})', 'export class App {}'], cursor: 4, expected: 'above 1' },
    { what: '(gap) @Component() then a block comment right above the class go with it', doc: ['let x = 1;', '@Component()', '/* the shelf */', 'export class Shelf {}'], cursor: 3, expected: 'above 1' },
    { what: '(gap) a block comment over several lines between two decorators', doc: ['let x = 1;', '@Injectable()', '/*', ' * one per app', ' */', '@Sealed()', 'class A {}'], cursor: 6, expected: 'above 1' },
    { what: 'a block comment that never closes ends the decorators', doc: ['let x = 1;', '@Injectable()', '/* open', 'class A {}'], cursor: 3, expected: 'above 3' },
  ],
  typescriptreact: [
    { what: 'a decorator', doc: ['@observer', 'class View {}'], cursor: 1, expected: 'above 0' },
    { what: "(misread) 'use client' stays first, with the comment above it: below code it does nothing", doc: ['// Orders view', "'use client';", '', "import { useState } from 'react';"], cursor: 0, expected: 'after 1' },
    { what: 'a string after code is no directive', doc: ["import x from 'y';", "'use client';"], cursor: 0, expected: 'above 0' },
    { what: 'with no ; a directive ends at the line break, and one with an escape is still a directive', doc: ["'use\\x20strict'", '"use client"', '', "import { useState } from 'react';"], cursor: 0, expected: 'after 1' },
    { what: "a string the next line continues ('use client' then .length) is no directive", doc: ["'use client'", '.length;', "import x from 'y';"], cursor: 0, expected: 'above 0' },
  ],
  javascript: [
    { what: "(misread) a #! line and 'use strict' under a block comment stay first", doc: ['#!/usr/bin/env node', '/* licence', ' */', '"use strict"; // strict mode', 'main();'], cursor: 0, expected: 'after 3' },
    { what: "'use strict' with no ; then (function () {})() is a call on the string, no directive", doc: ["'use strict'", '(function () {})();'], cursor: 0, expected: 'above 0' },
    { what: 'a decorator', doc: ['@sealed', 'class Account {}'], cursor: 1, expected: 'above 0' },
    { what: "(gap) 'use strict'; main(); ends the prologue inside its line: the line stays whole above the block", doc: ["'use strict'; main();", 'more();'], cursor: 0, expected: 'after 0' },
    { what: '(gap) two directives on one line stay first', doc: ["'use strict'; 'use client';", 'main();'], cursor: 0, expected: 'after 0' },
    { what: '(gap) a directive after a block comment on the same line stays first', doc: ['// c', '/* b */ "use strict";', 'foo();'], cursor: 0, expected: 'after 1' },
    { what: '(gap) and after a block comment that closes on its line', doc: ['/* licence', ' */ "use strict";', 'foo();'], cursor: 0, expected: 'after 1' },
    { what: 'code after a block comment on its line ends the prologue before it', doc: ['/* b */ foo();', "'use strict';"], cursor: 1, expected: 'above 1' },
    { what: "'use strict', 40,000 spaces and x is no directive (read in linear time)", doc: ["'use strict'" + ' '.repeat(40000) + 'x', 'main();'], cursor: 0, expected: 'above 0' },
    { what: "'use strict', 40,000 spaces and ; is one", doc: ["'use strict'" + ' '.repeat(40000) + ';', 'main();'], cursor: 0, expected: 'after 0' },
    { what: "a string under 'use strict'; main(); is no directive: code came before it", doc: ["'use strict'; main();", "'use client';", 'more();'], cursor: 1, expected: 'above 1' },
  ],
  javascriptreact: [{ what: 'a decorator', doc: ['@inject', 'class Form {}'], cursor: 1, expected: 'above 0' }],
  java: [
    { what: 'annotations go with their method', doc: ['    @Override', '    @Deprecated', '    public String toString() {'], cursor: 2, expected: 'above 0' },
    { what: '@interface declares an annotation, it is none', doc: ['@interface Cached {}', 'class Store {}'], cursor: 1, expected: 'above 1' },
    { what: '(gap) a Javadoc comment above the annotations goes with them', doc: ['class Store {', '    /** Reads one. */', '    @Override', '    public Item get() {'], cursor: 3, expected: 'above 1' },
  ],
  kotlin: [
    { what: 'an annotation', doc: ['@Test', 'fun evicts() {}'], cursor: 1, expected: 'above 0' },
    { what: '(gap) an @file: annotation stays first: it must come before the package directive', doc: ['@file:JvmName("Orders")', '', 'package shop'], cursor: 0, expected: 'after 0' },
    {
      what: '(gap) a licence comment and @file: annotations over several lines stay first together',
      doc: ['/* Licence. */', '@file:Suppress(', '    "unused",', ')', '@file:JvmName("Orders")', 'package shop'],
      cursor: 0,
      expected: 'after 4',
    },
    { what: 'a block comment after them is not kept first', doc: ['@file:JvmName("Orders")', '/** The orders. */', 'package shop'], cursor: 1, expected: 'above 1' },
    { what: '(gap) use-site annotations (@get:, @field:) go with their property', doc: ['class A {', '    @get:JvmName("isOpen")', '    @field:Json(name = "open")', '    val open: Boolean = true', '}'], cursor: 3, expected: 'above 1' },
    { what: 'a bracket of use-site annotations (@get:[...]) goes with its property', doc: ['class A {', '    @get:[JvmName("x") Deprecated("y")]', '    val open: Boolean = true', '}'], cursor: 2, expected: 'above 1' },
    { what: 'a bare bracket of annotations (@[...]) goes with its property, with an annotation above it', doc: ['class A {', '    @Volatile', '    @[Inject Named("x")]', '    lateinit var store: Store', '}'], cursor: 3, expected: 'above 1' },
    { what: 'a bracket that holds an annotation and the property on one line decorates nothing below it', doc: ['class A {', '    @[Inject] lateinit var store: Store', '    val open = true', '}'], cursor: 2, expected: 'above 2' },
    {
      what: 'a long file after the @file: annotations is not read to find where their brackets close',
      doc: ['@file:JvmName("Orders")', '@file:Suppress(', '    "unused",', ')', 'package shop', ...Array.from({ length: 50000 }, (_, i) => `val x${i} = "${'y'.repeat(100)}"`)],
      cursor: 0,
      expected: 'after 3',
    },
    { what: '(gap) @get:Rule goes with its property', doc: ['class T {', '    @get:Rule', '    val tmp = TemporaryFolder()', '}'], cursor: 2, expected: 'above 1' },
    { what: 'an @file: annotation is no annotation of the declaration under it', doc: ['package shop', '@file:JvmName("X")', 'fun f() {}'], cursor: 2, expected: 'above 2' },
    { what: 'a bracketed @file:[...] annotation stays first', doc: ['@file:[JvmName("Orders") Suppress("unused")]', '', 'package shop'], cursor: 0, expected: 'after 0' },
    { what: 'a bracketed @file:[...] over lines stays first, and is no annotation of a declaration below the package', doc: ['@file:[', '    JvmName("Orders")', ']', 'package shop', '@file:[JvmName("X")]', 'fun f() {}'], cursor: 1, expected: 'after 2' },
  ],
  swift: [{ what: 'an attribute', doc: ['@MainActor', 'final class Store {}'], cursor: 1, expected: 'above 0' }],
  go: [
    { what: '(gap) a //go:noinline directive goes with its func', doc: ['//go:noinline', 'func hot() {}'], cursor: 1, expected: 'above 0' },
    { what: '(gap) the doc comment above a //go: directive goes with it', doc: ['import _ "embed"', '', '// Site holds the pages.', '//go:embed static', 'var site embed.FS'], cursor: 4, expected: 'above 2' },
    { what: '(gap) //go:embed lines go with their variable', doc: ['import _ "embed"', '', '//go:embed static/*.html', '//go:embed static/app.css', 'var site embed.FS'], cursor: 4, expected: 'above 2' },
    { what: 'a package comment is no opening line: a cursor on the first line puts the block above it', doc: ['// Package cache keeps orders.', 'package cache'], cursor: 0, expected: 'above 0' },
    { what: '(gap) //go:build at the top stays first', doc: ['//go:build linux', '', 'package cache'], cursor: 0, expected: 'after 0' },
    {
      what: '(gap) a licence comment, //go:build and // +build stay first together; the package comment does not',
      doc: ['// Copyright 2026 Orders.', '', '//go:build linux && amd64', '// +build linux,amd64', '', '// Package cache keeps orders.', 'package cache'],
      cursor: 0,
      expected: 'after 3',
    },
    { what: '//go:build right above package is not taken for a directive of it: the block stays under the constraint', doc: ['//go:build linux', 'package cache'], cursor: 1, expected: 'above 1' },
    { what: '(gap) //go:build after a block comment is still a build constraint (go/build reads it up to the package clause)', doc: ['/* licence */', '//go:build linux', '', 'package main'], cursor: 0, expected: 'after 1' },
    { what: '// +build after a block comment is none: only the leading run of // lines holds one', doc: ['/* Orders. */', '// +build linux', '', 'package cache'], cursor: 0, expected: 'above 0' },
    { what: '(gap) a blank line between //go:embed and its var: the block goes above the directive, not between them', doc: ['package p', '', 'import _ "embed"', '', '//go:embed s/x', '', 'var site string'], cursor: 6, expected: 'above 4' },
    { what: '(gap) //go:embed, a blank line and a // comment before its var go together, with the doc comment above', doc: ['package p', '', '// Site is the page.', '//go:embed s/x', '', '// (read at build time)', 'var site string'], cursor: 6, expected: 'above 2' },
    { what: 'a blank line under a declaration that is no //go:embed still ends the run', doc: ['//go:embed s/x', 'var a string', '', '// B.', 'var b string'], cursor: 4, expected: 'above 4' },
    { what: '(gap) //nolint goes with the declaration under it', doc: ['package p', '', '//nolint:errcheck', 'func f() {}'], cursor: 3, expected: 'above 2' },
    { what: '(gap) golangci-lint v2 reads // nolint:errcheck and /// nolint (it drops the leading / and spaces)', doc: ['package p', '', '// nolint:errcheck', '/// nolint', 'func f() {}'], cursor: 4, expected: 'above 2' },
    { what: '//nolint:foo,bar (the documented form, several linters) goes with its func', doc: ['package p', '', '//nolint:errcheck,unused // legacy', 'func f() {}'], cursor: 3, expected: 'above 2' },
    { what: '(gap) cgo\'s //export goes with its func', doc: ['package main', '', '//export Add', 'func Add(a, b C.int) C.int { return a + b }'], cursor: 3, expected: 'above 2' },
    { what: '//exported is no //export line', doc: ['package p', '//exported below', 'func F() {}'], cursor: 2, expected: 'above 2' },
  ],
  rust: [
    { what: 'an outer attribute goes with its item', doc: ['#[derive(Debug)]', 'struct Order;'], cursor: 1, expected: 'above 0' },
    { what: '(gap) /// doc comments above the attributes go with them', doc: ['use std::fmt;', '/// An order.', '/// Kept a day.', '#[derive(Debug)]', 'struct Order;'], cursor: 4, expected: 'above 1' },
    { what: "the file's //! doc stays first, though it sits right above an attribute", doc: ['//! Orders.', '#[derive(Debug)]', 'struct Order;'], cursor: 2, expected: 'above 1' },
    { what: 'inner attributes and //! stay first, past a licence block comment', doc: ['/* licence */', '#![allow(dead_code)]', '//! Orders.', 'use std::io;'], cursor: 0, expected: 'after 2' },
  ],
  c: [
    { what: 'a template <...> line is no decorator in C (C has no templates)', doc: ['int x;', 'template < 3;', 'int g(void);'], cursor: 2, expected: 'above 2' },
    { what: '(misread) a # line is a preprocessor directive: a coding= in one is no encoding declaration', doc: ['#define coding=utf8', 'int x;'], cursor: 0, expected: 'above 0' },
    { what: '(gap) a C23 [[attribute]] line goes with its declaration', doc: ['[[deprecated("use g")]]', 'int f(void);'], cursor: 1, expected: 'above 0' },
  ],
  cpp: [
    { what: '(gap) [[attribute]] lines go with their declaration', doc: ['    [[nodiscard]]', '    [[deprecated("use size()")]]', '    int count() const;'], cursor: 2, expected: 'above 0' },
    { what: 'a lambda called at the start of a line opens with one [, no attribute', doc: ['[&] { flush(); }', '();', 'next();'], cursor: 2, expected: 'above 2' },
    { what: '//! is a Doxygen comment, not an inner doc comment that must stay first: a cursor above it puts the block there', doc: ['//! \\file cache.hpp', '#pragma once'], cursor: 0, expected: 'above 0' },
    { what: '(gap) a template head goes with its function', doc: ['int x;', 'template <typename T>', 'T twice(T a) { return a + a; }'], cursor: 2, expected: 'above 1' },
    {
      what: '(gap) a template head over two lines, with >> and (N > 4), and an attribute under it',
      doc: ['int x;', 'template <typename T,', '          typename = std::enable_if_t<(sizeof(T) > 4)>>', '[[nodiscard]]', 'T twice(T a);'],
      cursor: 4,
      expected: 'above 1',
    },
    { what: 'a template declared on its own line decorates nothing below it', doc: ['template <class T> T f(T);', 'int g();'], cursor: 1, expected: 'above 1' },
    { what: "a template head whose default is the character '>' (a literal, skipped whole) goes with its declaration", doc: ['int x;', "template <char Close = '>'>", 'struct Tag;'], cursor: 2, expected: 'above 1' },
    {
      what: '(gap) a template head over lines with comments on its parameters, brackets and > in them, goes with its declaration',
      doc: ['int x;', 'template <typename Key,    // the key (hashed', '          typename Less, /* a < b, as std::less<Key> */', '          int N>       // N > 0', 'class Table;'],
      cursor: 4,
      expected: 'above 1',
    },
    { what: "(gap) a digit separator (1'000, C++14) in a template head opens no character literal", doc: ['int x;', "template <int N = 1'000, char C = u8'>'>", 'struct Buf;'], cursor: 2, expected: 'above 1' },
    { what: "(gap) an escaped quote in a template head's literal ('\\'', \"a\\\">\") does not end it", doc: ['int x;', "template <char Q = '\\'', const char* S = \"a\\\">\">", 'struct Quote;'], cursor: 2, expected: 'above 1' },
    { what: '(gap) a C++20 requires-clause on its own line under the head goes with it', doc: ['int x;', 'template <typename T>', '  requires std::integral<T>', 'T twice(T a);'], cursor: 3, expected: 'above 1' },
    {
      what: '(gap) a requires-clause over lines, with &&, ||, !, brackets, a requires-expression and Trait<T>::value',
      doc: ['int x;', 'template <typename K, typename V>', 'requires Hashable<K> && (sizeof(V) > 4) ||', '         requires (K k) { { k + k } -> std::same_as<K>; } and !std::is_void_v<V>', '         || Trait<K>::value', 'class Map;'],
      cursor: 5,
      expected: 'above 1',
    },
    { what: 'a requires-clause that does not read as one (sizeof unbracketed) leaves the head none, as before', doc: ['int x;', 'template <typename T>', 'requires sizeof(T) > 4', 'T f(T);'], cursor: 3, expected: 'above 3' },
    { what: 'a requires-clause with the declaration after it on its line decorates nothing below it', doc: ['int x;', 'template <typename T> requires C<T> void f(T);', 'int g();'], cursor: 2, expected: 'above 2' },
    { what: 'a // comment that runs past the end of what is read leaves the head open: no decorator', doc: ['int x;', 'template <typename T, // more below', 'int g();'], cursor: 2, expected: 'above 2' },
  ],
  'objective-c': [
    { what: '(misread) @end closes an @interface, it decorates nothing', doc: ['@interface Store : NSObject', '@end', '@implementation Store'], cursor: 2, expected: 'above 2' },
    { what: '(misread) # if is a preprocessor directive, not a comment under @end', doc: ['@end', '# if TARGET_OS_IOS', '@implementation Store (iOS)'], cursor: 2, expected: 'above 2' },
  ],
  'objective-cpp': [
    { what: '(misread) @end decorates nothing', doc: ['@end', '@implementation Store'], cursor: 1, expected: 'above 1' },
    { what: '[[ opens a nested message send here, not an attribute', doc: ['[[Store shared]', '    reload]', ';', 'next();'], cursor: 3, expected: 'above 3' },
  ],
  csharp: [
    { what: 'a #! line stays first (.NET 10 file-based apps)', doc: ['#!/usr/bin/env dotnet', 'Console.WriteLine("hi");'], cursor: 0, expected: 'after 0' },
    { what: 'a #region directive is no comment and no attribute', doc: ['#region Cache', 'class Cache {}'], cursor: 1, expected: 'above 1' },
    { what: '(gap) #:sdk and #:package lines stay first', doc: ['#:sdk Microsoft.NET.Sdk.Web', '#:package Serilog@3.1.1', '', 'var app = WebApplication.Create();'], cursor: 0, expected: 'after 1' },
    { what: '(gap) #! and the #: lines under it stay first', doc: ['#!/usr/bin/env dotnet', '// A tool.', '#:package Spectre.Console@*', 'using Spectre.Console;'], cursor: 1, expected: 'after 2' },
    { what: '(gap) [Attribute] lines go with their declaration', doc: ['    [HttpGet("{id}")]', '    // the item', '    [ProducesResponseType(200)]', '    public Item Get(int id) => null;'], cursor: 3, expected: 'above 0' },
    { what: '(gap) an XML doc comment above the attributes goes with them', doc: ['    /// <summary>Gets one.</summary>', '    [HttpGet]', '    public Item Get() => null;'], cursor: 2, expected: 'above 0' },
    { what: 'a collection expression that ends a statement is no attribute', doc: ['int[] ids =', '[a, b];', 'Run(ids);'], cursor: 2, expected: 'above 2' },
    { what: '(gap) an [assembly: ...] line is no attribute of the class under it (a type above it is error CS1730)', doc: ['using System;', '[assembly: CLSCompliant(true)]', 'public class A {}'], cursor: 2, expected: 'above 2' },
    { what: '(gap) nor is [module: ...]; the [Serializable] under it still goes with its class', doc: ['[ module : CLSCompliant(true)]', '[Serializable]', 'public class A {}'], cursor: 2, expected: 'above 1' },
  ],
  php: [
    { what: 'an attribute with a # comment under it', doc: ['    #[Route("/orders")]', '    # the list', '    public function index() {}'], cursor: 2, expected: 'above 0' },
    { what: '(gap) a #! line and the <?php tag under it stay first', doc: ['#!/usr/bin/env php', '<?php', 'echo 1;'], cursor: 0, expected: 'after 1' },
    { what: '(gap) the <?php tag stays first: above it a block is text the page prints', doc: ['<?php', '', 'echo 1;'], cursor: 0, expected: 'after 0' },
    { what: '(gap) namespace App; stays with the tag: code above it is a fatal error', doc: ['<?php', '', 'namespace App;', '', 'class A {}'], cursor: 0, expected: 'after 2' },
    { what: 'a braced namespace holds code of its own: the block may go above it', doc: ['<?php', 'namespace App {', '    class A {}', '}'], cursor: 1, expected: 'above 1' },
    { what: 'only the first namespace statement stays first', doc: ['<?php', 'namespace App\\Http;', 'namespace App\\Jobs;', 'class A {}'], cursor: 2, expected: 'above 2' },
    {
      what: '(gap) declare(strict_types=1) stays first, with the file docblock above it',
      doc: ['<?php', '/**', ' * Orders.', ' */', 'declare(strict_types=1);', '', 'use Foo;'],
      cursor: 1,
      expected: 'after 4',
    },
    { what: '<?php and declare on one line', doc: ['<?php declare(strict_types=1);', 'use Foo;'], cursor: 1, expected: 'above 1' },
    { what: '(gap) declare, a docblock and namespace App; stay first together', doc: ['<?php declare(strict_types=1);', '/** Orders. */', 'namespace App;', 'use Foo;'], cursor: 1, expected: 'after 2' },
    { what: 'a declare block (ticks) is no opening line: the block may go above it', doc: ['<?php', 'declare(ticks=1) {', '    tick();', '}'], cursor: 1, expected: 'above 1' },
    { what: 'a template that opens with HTML has no opening line', doc: ['<ul>', '<?php foreach ($items as $item): ?>'], cursor: 0, expected: 'above 0' },
  ],
  ruby: [
    { what: '(misread) @logger.info(...) is a statement on an instance variable, not a decorator', doc: ['    @logger.info("loaded")', '    load_all'], cursor: 1, expected: 'above 1' },
    { what: 'a magic encoding comment stays first', doc: ['# encoding: utf-8', 'class Store; end'], cursor: 0, expected: 'after 0' },
    { what: '(gap) # frozen_string_literal: true stays first', doc: ['# frozen_string_literal: true', '', 'class Store; end'], cursor: 0, expected: 'after 0' },
    {
      what: '(gap) #!, the encoding, a comment and the magic comments under it stay first together',
      doc: ['#!/usr/bin/env ruby', '# encoding: utf-8', '# Orders.', '# frozen_string_literal: true', '# warn_indent: true', 'require "json"'],
      cursor: 2,
      expected: 'after 4',
    },
    { what: '(gap) an Emacs-style line of variables', doc: ['# -*- mode: ruby; frozen_string_literal: true -*-', 'x = 1'], cursor: 0, expected: 'after 0' },
    { what: 'a magic comment after code is a comment: Ruby ignores it there', doc: ['require "json"', '# frozen_string_literal: true', 'x = 1'], cursor: 1, expected: 'above 1' },
    { what: '(misread) prose that names frozen_string_literal: is no magic comment', doc: ['# this is not frozen_string_literal: see', 'x = 1'], cursor: 0, expected: 'above 0' },
    { what: 'an Emacs line with the variable after another one', doc: ['# -*- coding: utf-8; frozen_string_literal: true -*-', 'x = 1'], cursor: 0, expected: 'after 0' },
  ],
  shellscript: [
    { what: 'a #! line stays first', doc: ['#!/bin/sh', 'set -e'], cursor: 0, expected: 'after 0' },
    { what: '(misread) a coding: comment is no shell encoding declaration', doc: ['#!/bin/bash', '# -*- coding: utf-8 -*-', 'echo hi'], cursor: 1, expected: 'above 1' },
  ],
  sql: [
    { what: '(misread) a line of @name is a T-SQL variable ending a statement, not a decorator', doc: ['SELECT COUNT(*) FROM orders WHERE id =', '@id', 'INSERT INTO audit VALUES (1);'], cursor: 2, expected: 'above 2' },
    { what: 'a -- comment line is text the block goes below', doc: ['-- seed', 'INSERT INTO t VALUES (1);'], cursor: 1, expected: 'above 1' },
  ],
  markdown: [
    { what: 'a listing asked for in the front matter goes after it', doc: ['---', 'title: Cache', '---', '# Cache'], cursor: 1, expected: 'after 2' },
    { what: 'a #! first line is text', doc: ['#!', 'text'], cursor: 0, expected: 'after 0' },
  ],
};

describe('snippet placement by language (content/snippets/placement-languages.json)', () => {
  for (const [languageId, cases] of Object.entries(CASES)) {
    describe(languageId, () => {
      for (const c of cases) {
        it(c.what, () => assert.equal(placedIn(languageId, c.doc, c.cursor), c.expected, c.doc.join('\n')));
      }
    });
  }

  it('every row of the file has a case here', () => {
    assert.deepEqual(rows.flatMap((row) => row.languages).filter((id) => !(id in CASES)), []);
  });

  it('a row\'s patterns are built once, not once per decorator line looked at', () => {
    // Counts the RegExp objects built (regex literals are not) while placing above 1 and above 300 decorator lines.
    const built = (lines: number): number => {
      const doc = ['let x = 1;', ...Array.from({ length: lines }, (_, i) => `@Dec${i}()`), '/* why */', 'class A {}'];
      const original = globalThis.RegExp;
      let count = 0;
      globalThis.RegExp = new Proxy(original, { construct: (target, args) => (count++, Reflect.construct(target, args)), apply: (target, self, args) => (count++, Reflect.apply(target, self, args)) });
      try {
        assert.equal(placedIn('typescript', doc, lines + 2), 'above 1');
      } finally {
        globalThis.RegExp = original;
      }
      return count;
    };
    built(1);
    assert.equal(built(300), built(1));
  });

  it('a language not listed, or none, reads as "unknown"', () => {
    assert.equal(placementLanguage('haskell'), placementLanguage('unknown'));
    assert.equal(placementLanguage(undefined), placementLanguage('unknown'));
    assert.equal(placedIn('haskell', ['@end', '@implementation Store'], 1), 'above 0');
  });

  it('markdown (its language id) keeps its two-line prefix', () => {
    const p = placeSnippet({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, (i) => ['# Title'][i] ?? '', { languageId: 'markdown', lineCount: 1 });
    assert.deepEqual(p, { at: { line: 0, character: 7 }, prefix: '\n\n' });
  });

  it('a broken file stops with the file, the language and the field to fix', () => {
    const row = { decorators: [], lineComments: [], blockComments: [], openingLines: [] };
    const base = [{ ...row, languages: ['unknown'] }, { ...row, languages: ['markdown'] }];
    const parse = (...more: unknown[]) => () => parsePlacementLanguages([...base, ...more]);
    assert.doesNotThrow(parse());
    assert.throws(() => parsePlacementLanguages(base.slice(0, 1)), /"markdown" row is missing/);
    assert.throws(parse({ ...row, languages: ['go'], decorators: ['!'] }), /row 3: "decorators" holds "!"; allowed: @, @expression, #\[/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['/ /'] }), /row 3: "lineComments"/);
    assert.throws(parse({ ...row, languages: ['go'], blockComments: [['/*']] }), /row 3: "blockComments"/);
    assert.throws(parse({ ...row, languages: ['go'], openingLines: ['bom'] }), /"openingLines" holds "bom"/);
    assert.throws(parse({ languages: ['go'], decorators: [] }), /"lineComments" must be an array/);
    assert.throws(parse({ ...row, languages: [] }), /names no VS Code language id/);
    assert.throws(parse({ ...row, languages: ['unknown'] }), /language "unknown" has a row already/);
    assert.throws(() => parsePlacementLanguages({}), /"rows" must be an array/);
    assert.throws(parse({ ...row, languages: ['mdx'], openingLines: ['frontMatter', 'shebang'] }), /row 3: "openingLines" holds "frontMatter" with other kinds/);
    const nolint = { markers: ['//'], text: 'nolint', space: false, block: false, runOn: false };
    assert.doesNotThrow(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [nolint, { ...nolint, markers: ['//', '///'], text: '@ts-ignore' }] }));
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, markers: ['#'] }] }), /row 3: "nextLineComments" holds .*"markers" must list/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, markers: [] }] }), /"markers" must list/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, text: '' }] }), /"text" must be/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, text: ' nolint' }] }), /"text" must be/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, runOn: 'no' }] }), /"runOn" must be true or false/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: [{ ...nolint, block: true }] }), /"block" is true but the row has no "blockComments"/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: ['//nolint'] }), /"nextLineComments" holds "\/\/nolint"; expected \{ markers/);
    assert.throws(parse({ ...row, languages: ['go'], lineComments: ['//'], nextLineComments: nolint }), /"nextLineComments" must be an array/);
    const blockRow = { ...row, languages: ['go'], lineComments: ['//'], blockComments: [['/*', '*/']] };
    assert.doesNotThrow(parse({ ...blockRow, nextLineComments: [{ ...nolint, block: true, blockStars: true }, { ...nolint, end: 'space' }, { ...nolint, end: 'whole' }, { ...nolint, blockStars: false }] }));
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, block: true, blockStars: 'yes' }] }), /"blockStars" must be true or false/);
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, blockStars: true }] }), /"blockStars" is true but "block" is not/);
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, end: 'word' }] }), /"end" must be one of space, whole/);
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, runOn: true, end: 'space' }] }), /"end" is given but "runOn" is not false/);
    assert.doesNotThrow(parse({ ...blockRow, nextLineComments: [{ ...nolint, block: true, multiLine: true }, { ...nolint, multiLine: false }] }));
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, block: true, multiLine: 'yes' }] }), /"multiLine" must be true or false/);
    assert.throws(parse({ ...blockRow, nextLineComments: [{ ...nolint, multiLine: true }] }), /"multiLine" is true but "block" is not/);
  });

  it('the unknown row reads every opening-line kind but front matter, every decorator opener but [, [[ and Python\'s @expression, and every next-line comment', () => {
    const unknown = rows.find((row) => row.languages.includes('unknown'))!;
    assert.deepEqual([...OPENING_LINES].filter((kind) => !(unknown.openingLines as readonly string[]).includes(kind)), ['frontMatter']);
    assert.deepEqual([...DECORATOR_OPENERS].filter((d) => !(unknown.decorators as readonly string[]).includes(d)), ['@expression', '[', '[[']);
    const all = rows.flatMap((row) => ('nextLineComments' in row ? (row.nextLineComments as readonly object[]) : [])).map((c) => JSON.stringify(c));
    const known = ((unknown as { nextLineComments?: readonly object[] }).nextLineComments ?? []).map((c) => JSON.stringify(c));
    assert.deepEqual(all.filter((c) => !known.includes(c)), []);
  });
});
