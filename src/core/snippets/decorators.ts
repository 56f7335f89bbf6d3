/**
 * The decorators (or attributes, or annotations) right above a declaration, read from the text
 * alone: a snippet block put above a decorated declaration goes above them (placement.ts). Which
 * openers a language has is its row of content/snippets/placement-languages.json (placementLanguages.ts).
 */

import { closingBracket, MAX_LINES, stringEnd } from './lineScan';
import type { NextLineComment, PlacementLanguage } from './placementLanguages';

/**
 * The first line of the decorators right above `line` (TypeScript's `@name(...)`, Python's `@` and
 * any expression, Java's and Kotlin's annotations, Rust's outer attributes `#[...]`, C#'s `[Name]`,
 * C's and C++'s `[[name]]`, C++'s `template <...>`, Go's `//go:` directives, and the row's
 * `nextLineComments`, `// @ts-expect-error`, `//nolint`), each at `indent` and on lines of their
 * own, with comments among them, or `line` when there are none. A block
 * put above a decorated declaration goes above them: between them and the declaration it would
 * take them over. A line that holds a decorator and what it decorates (Java's
 * `@Inject private Store store;`) decorates nothing below it.
 */
export function decoratorsStart(lineText: (line: number) => string, line: number, indent: number, language: PlacementLanguage): number {
  if (language.decorators.length === 0 && language.nextLineComments.length === 0) return line;
  const patterns = compiled(language);
  const { opener } = patterns;
  // The lines that could open a run of decorators reaching `line`, nearest first; the top is the
  // farthest whose run holds decorators and comments only.
  const candidates: number[] = [];
  for (let k = line - 1; k >= 0 && k >= line - MAX_LINES; k--) {
    const text = lineText(k);
    // Decorators sit right above what they decorate; a blank line ends the run looked at, except
    // above Go's `//go:embed`, which may stand blank lines and `//` comments away from its `var`.
    if (text.trim() === '') {
      const embed = language.decorators.includes('//go:') ? embedAbove(lineText, k, indent, line - MAX_LINES) : undefined;
      if (embed === undefined) break;
      k = embed + 1;
      continue;
    }
    if (indentOf(text) !== indent || !opener.test(text.trimStart())) continue;
    // After a line that ends in `\`, `@name` continues that line's expression (Python's `@` is
    // also matrix multiplication): it decorates nothing.
    if (k > 0 && lineText(k - 1).trimEnd().endsWith('\\')) continue;
    candidates.push(k);
  }
  if (candidates.length === 0) return line;
  // Every candidate's run is a suffix of the farthest one's text, built once: each run is read from
  // its first line's offset in it, the farthest first, and the first that reads whole is the top.
  // What the runs find is kept for the runs after them (Reading). Building and reading each run
  // afresh cost about a second for 1,000 stacked decorators.
  const farthest = candidates[candidates.length - 1]!;
  const lines: string[] = [];
  const offsets: number[] = [];
  let length = 0;
  for (let i = farthest; i < line; i++) {
    offsets.push(length);
    const text = lineText(i);
    lines.push(text);
    length += text.length + 1;
  }
  const reading = new Reading(lines.join('\n'), language, patterns);
  for (let c = candidates.length - 1; c >= 0; c--) {
    const k = candidates[c]!;
    if (onlyDecorators(reading, offsets[k - farthest]!)) return commentsStart(lineText, k, indent, language);
  }
  return line;
}

/**
 * The text that every run of one decoratorsStart call is read in, and what the runs found in it,
 * kept for the runs after them. A reading from a place goes the same way whichever run reached it,
 * so the answer found there is taken instead of reading again: what a run reads from a place past
 * its first item (`memo`; only failures are kept, since a run that reads whole ends the search),
 * where each bracket and each template head closes or that it does not, and where each block
 * comment closes. However many lines could open the run, each character is then read about once;
 * a bracket, a template head or a block comment left open on each of many stacked lines was read to
 * the end of the text again for each of them.
 */
class Reading {
  /** The answer of a run read from a place past its first item, by place (onlyDecorators). */
  readonly memo = new Map<number, boolean>();
  /** Where the template head opening at each `<` read closes, or undefined when it does not (templateHeadEnd). */
  readonly heads = new Map<number, number | undefined>();
  /**
   * Where a head reading that went on at a place after a block comment closes the head it was in,
   * or undefined when it does not: a head whose own `<` lies inside a comment (`template < /*` on
   * each of many lines) goes on after that comment as the reading that skipped it did.
   */
  readonly afterComments = new Map<number, number | undefined>();
  /** closingBracket's `ends` for this text. */
  private readonly brackets = new Map<number, number | undefined>();
  /** Where each block comment's close stands in the text, in order, found on first asking. */
  private readonly places = new Map<string, number[]>();

  constructor(
    readonly text: string,
    readonly language: PlacementLanguage,
    readonly patterns: Patterns,
  ) {}

  /** The index of the bracket that closes the one at `open` (closingBracket, with the row's bracket comments). */
  bracketEnd(open: number): number | undefined {
    return closingBracket(this.text, open, this.patterns.bracketComments, this.brackets);
  }

  /** `text.indexOf(close, from)`, the text searched for each `close` once. */
  indexOf(close: string, from: number): number {
    let places = this.places.get(close);
    if (places === undefined) {
      places = [];
      for (let at = this.text.indexOf(close); at !== -1; at = this.text.indexOf(close, at + 1)) places.push(at);
      this.places.set(close, places);
    }
    let lo = 0;
    let hi = places.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (places[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < places.length ? places[lo]! : -1;
  }
}

/**
 * The `//go:embed` line at `indent` that the blank line `blank` separates from the lines under it,
 * with only blank lines and `//` comments between; undefined when the first other line above is
 * anything else. Go allows exactly those between the directive and its variable (pkg.go.dev/embed).
 */
function embedAbove(lineText: (line: number) => string, blank: number, indent: number, floor: number): number | undefined {
  for (let j = blank - 1; j >= 0 && j >= floor; j--) {
    const text = lineText(j);
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('//go:')) return indentOf(text) === indent && /^\/\/go:embed(?:[ \t]|$)/.test(trimmed) ? j : undefined;
    if (!trimmed.startsWith('//')) return undefined;
  }
  return undefined;
}

/** A row's patterns, built once per row (a row is parsed once: placementLanguages.ts), not once per line looked at. */
interface Patterns {
  /** What a decorator line or a next-line comment opens with (after its indentation). */
  readonly opener: RegExp;
  /** Kotlin's use-site target before an annotation's name, when the row has `@target:`. */
  readonly target: RegExp | undefined;
  /** The row's next-line comments that may be block comments closing on their line, and those that may close on a later line (`multiLine`). */
  readonly blockOneLine: RegExp | undefined;
  readonly blockMultiLine: RegExp | undefined;
  /**
   * The line comment markers a bracket's contents may hold (`"x",  # the input (raw)` in a decorator
   * call over several lines): the row's, but not `#` where `#[` opens an attribute (PHP, Rust).
   */
  readonly bracketComments: readonly string[];
}

const PATTERNS = new WeakMap<PlacementLanguage, Patterns>();

function compiled(language: PlacementLanguage): Patterns {
  let patterns = PATTERNS.get(language);
  if (patterns !== undefined) return patterns;
  const alternatives = (comments: readonly NextLineComment[]) => (comments.length === 0 ? undefined : new RegExp(`^(?:${comments.map((comment) => nextLineCommentPattern(comment, language)).join('|')})`));
  const block = language.nextLineComments.filter((comment) => comment.block);
  patterns = {
    opener: new RegExp(`^(?:${[...language.decorators.map((d) => DECORATOR_OPENS[d]), ...language.nextLineComments.map((comment) => nextLineCommentPattern(comment, language))].join('|')})`),
    target: language.decorators.includes('@target:') ? new RegExp(`^@${KOTLIN_TARGETS}[ \\t]*:[ \\t]*(?=[A-Za-z_[])`) : undefined,
    blockOneLine: alternatives(block.filter((comment) => comment.multiLine !== true)),
    blockMultiLine: alternatives(block.filter((comment) => comment.multiLine === true)),
    bracketComments: language.lineComments.filter((marker) => !(marker === '#' && language.decorators.includes('#['))),
  };
  PATTERNS.set(language, patterns);
  return patterns;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How a line opens with one of the row's next-line comments, as its tool reads it: a marker
 * (`//`, `///`; with `block`, the row's `/*` too, and with `blockStars` `/**`), white space when
 * `space` allows it, the text, and unless `runOn` what `end` asks after it: white space or the
 * comment's end ("space"), only the comment's end ("whole"), or by default no letter, digit or `-`
 * (`// eslint-disable-next-line` is not `// eslint-disable-next-lines`).
 */
function nextLineCommentPattern(comment: NextLineComment, language: PlacementLanguage): string {
  // The longest first, so that `///` is tried before `//`; a block opener may take more `*` and `/` (`/**`).
  const openers = [
    ...[...comment.markers].sort((a, b) => b.length - a.length).map(escape),
    ...(comment.block ? language.blockComments.map(([open]) => escape(open) + (comment.blockStars === true ? '[*/]*' : '')) : []),
  ];
  const closes = language.blockComments.map(([, close]) => escape(close)).join('|');
  const closing = closes === '' ? '' : `|${closes}`;
  const end = comment.runOn ? ''
    : comment.end === 'space' ? `(?=\\s${closing}|$)`
    : comment.end === 'whole' ? (closes === '' ? '[ \\t]*$' : `[ \\t]*(?:(?:${closes})[ \\t]*)?$`)
    : '(?![\\w-])';
  return `(?:${openers.join('|')})${comment.space ? '[ \\t]*' : ''}${escape(comment.text)}${end}`;
}

/**
 * The first line of the comments right above the decorators on `line` (a doc comment: `/** ... *\/`,
 * `///`, Go's and Python's plain comment lines), at `indent` with no blank line between, or `line`
 * when there are none. They describe the declaration the decorators belong to: a block put between
 * them would take them over. Above an undecorated declaration the block still goes right above the
 * cursor's line, under its comments: there the writer pointed at that line, not at a decorator.
 */
function commentsStart(lineText: (line: number) => string, line: number, indent: number, language: PlacementLanguage): number {
  let top = line;
  for (let k = line - 1; k >= 0 && k >= line - MAX_LINES; k--) {
    const text = lineText(k);
    const trimmed = text.trim();
    if (trimmed === '') break;
    if (indentOf(text) === indent && language.lineComments.some((marker) => trimmed.startsWith(marker))) {
      top = k;
      continue;
    }
    const pair = language.blockComments.find(([, close]) => trimmed.endsWith(close));
    const opens = pair === undefined ? undefined : blockCommentOpening(lineText, k, pair, indent, Math.max(0, line - MAX_LINES));
    if (opens === undefined) break;
    top = opens;
    k = opens;
  }
  return top;
}

/**
 * The line that opens, at `indent`, the block comment whose close ends line `close`; undefined when
 * that close ends something else (a comment after code on its line, `run(); /* then *\/`).
 */
function blockCommentOpening(lineText: (line: number) => string, close: number, [open, end]: readonly [string, string], indent: number, floor: number): number | undefined {
  for (let j = close; j >= floor; j--) {
    const text = lineText(j);
    if (!text.trimStart().startsWith(open)) continue;
    if (indentOf(text) !== indent) return undefined;
    // The comment that opens here must close first at the end of line `close`.
    const lines: string[] = [];
    for (let i = j; i <= close; i++) lines.push(lineText(i));
    const joined = lines.join('\n').trimEnd();
    const first = joined.indexOf(end, indentOf(text) + open.length);
    return first === joined.length - end.length ? j : undefined;
  }
  return undefined;
}

/**
 * C#'s attribute targets that apply to the whole assembly or module (`[assembly: CLSCompliant(true)]`):
 * they decorate no declaration, and must come before every type (error CS1730), so a block goes under them.
 */
const WHOLE_TARGET = '(?:assembly|module)[ \\t]*:';

/** Kotlin's annotation use-site targets (`@get:JvmName("x")`, `@field:Json`, `@get:[A B]`); `@file:` annotates the file, not the declaration under it. */
const KOTLIN_TARGETS = '(?:property|field|get|set|receiver|param|setparam|delegate|all)';

/**
 * How each opener starts a decorator line: `@` and a name (not Java's `@interface`, which declares
 * one); Python's `@` and any expression (PEP 614: `@buttons[0].clicked.connect`, `@(lambda f: f)`);
 * a bracketed attribute `#[` (Rust, PHP); C#'s `[Name` (a collection expression such as
 * `[1, 2]` does not open with a name, nor does `[assembly: ...]`); C's and C++'s `[[`, which opens
 * nothing but an attribute there; Go's directive comments (`//go:embed`, `//go:noinline`), which
 * apply to the declaration under them; Kotlin's `@get:Name` (an annotation with a use-site target)
 * and `@get:[A B("x")]`, and Kotlin's bare `@[A B("x")]`, several annotations in one bracket;
 * C++'s template head, `template <typename T>`, which belongs to the declaration under it.
 */
const DECORATOR_OPENS: Readonly<Record<PlacementLanguage['decorators'][number], string>> = {
  '@': '@(?!interface\\b)[A-Za-z_$]',
  '@expression': '@[ \\t]*[^\\s#]',
  '#[': '#\\[',
  '[': `\\[[ \\t]*(?!${WHOLE_TARGET})[A-Za-z_@]`,
  '[[': '\\[\\[',
  '//go:': '//go:[a-z]',
  '@target:': `@${KOTLIN_TARGETS}[ \\t]*:[ \\t]*[A-Za-z_[]`,
  '@[': '@\\[',
  'template<': 'template[ \\t]*<',
};

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * Whether the reading's text from `from` holds the language's decorators and comments only: `@a.b`, `@a.b(...)`,
 * Python's `@` and an expression, `@get:a.b(...)`, `@get:[...]`, `@[...]`, `#[...]`, `[...]` (not
 * `[assembly: ...]`), `[[...]]`, `template <...>`, `//go:name ...`, `// ...`, `# ...`, and block
 * comments (`@Dec()` then `/* why *\/` above a class). Reading never looks before the item it is
 * at, and only the first item is read differently, so the answer from any later place is the same
 * for every `from` that reaches it: `reading.memo` keeps it by place, for the next call.
 */
function onlyDecorators(reading: Reading, from: number): boolean {
  const passed: number[] = [];
  const answer = readDecorators(reading, from, passed);
  for (const place of passed) reading.memo.set(place, answer);
  return answer;
}

function readDecorators(reading: Reading, from: number, passed: number[]): boolean {
  const { text, language, patterns, memo } = reading;
  const { target, blockOneLine, blockMultiLine } = patterns;
  const bareList = language.decorators.includes('@[');
  const expression = language.decorators.includes('@expression');
  const at = language.decorators.includes('@') || target !== undefined || bareList;
  const attribute = language.decorators.includes('#[');
  const bracketed = language.decorators.includes('[') ? '[' : language.decorators.includes('[[') ? '[[' : undefined;
  const directive = language.decorators.includes('//go:');
  const template = language.decorators.includes('template<');
  const start = skipSpace(text, from);
  let i = start;
  while (i < text.length) {
    if (i !== start) {
      const known = memo.get(i);
      if (known !== undefined) return known;
      passed.push(i);
    }
    const pair = language.blockComments.find(([open]) => text.startsWith(open, i));
    if (pair !== undefined) {
      // `/* @ts-ignore */` must close on its line; ESLint's `/* eslint-disable-next-line x --`
      // may close on a later one, and applies to the line after its close. Any other block comment
      // (`/* the shelf */` between `@Component()` and its class) may stand among decorators too,
      // and so may `/* @ts-ignore` closing on a later line, which tsc does not read: a plain
      // comment, which opens no run of decorators of its own.
      const close = reading.indexOf(pair[1], i + pair[0].length);
      if (close === -1) return false;
      if (i === start && close > lineEndOf(text, i)) {
        const line = text.slice(i, lineEndOf(text, i));
        if (blockOneLine?.test(line) === true && blockMultiLine?.test(line) !== true) return false;
      }
      i = close + pair[1].length;
    } else if (bracketed === '[' && WHOLE_TARGET_LINE.test(text.slice(i, i + 40))) {
      return false;
    } else if (bracketed !== undefined && text.startsWith(bracketed, i)) {
      const end = reading.bracketEnd(i);
      if (end === undefined) return false;
      i = end + 1;
    } else if (attribute && text.startsWith('#[', i)) {
      const end = reading.bracketEnd(i + 1);
      if (end === undefined) return false;
      i = end + 1;
    } else if (template && TEMPLATE.test(text.slice(i, i + 40))) {
      const end = templateHeadEnd(reading, text.indexOf('<', i));
      if (end === undefined) return false;
      // A declaration after it on its line (`template <class T> T f(T);`) is read next, and is none.
      // A C++20 requires-clause after it (on its own line, as clang-format puts it by default) belongs
      // to the same declaration: read whole, or the head is none.
      const clause = skipSpace(text, end + 1);
      if (REQUIRES.test(text.slice(clause, clause + 9))) {
        const clauseEnd = requiresClauseEnd(reading, clause + 'requires'.length);
        if (clauseEnd === undefined) return false;
        i = clauseEnd;
      } else {
        i = end + 1;
      }
    } else if (expression && text[i] === '@') {
      const end = expressionEnd(reading, i + 1);
      if (end === undefined) return false;
      i = end;
    } else if (at && text[i] === '@') {
      // Kotlin's use-site target (`@get:`) comes before the annotation's name.
      const site = target?.exec(text.slice(i, i + 40))?.[0].length ?? 0;
      // Kotlin's several annotations in one bracket: `@get:[A B("x")]`, `@[A B("x")]`.
      if (text[i + (site === 0 ? 1 : site)] === '[' && (site > 0 || bareList)) {
        const end = reading.bracketEnd(i + (site === 0 ? 1 : site));
        if (end === undefined) return false;
        i = skipSpace(text, end + 1);
        continue;
      }
      // Matched where it stands: a copy of the text from there on cost the rest of the text per annotation.
      ANNOTATION_NAME.lastIndex = i + (site === 0 ? 1 : site);
      const name = ANNOTATION_NAME.exec(text);
      if (!name || name[0] === 'interface') return false;
      i = ANNOTATION_NAME.lastIndex;
      if (text[i] === '(') {
        const end = reading.bracketEnd(i);
        if (end === undefined) return false;
        i = end + 1;
      }
    } else if (language.lineComments.some((marker) => text.startsWith(marker, i)) || (directive && text.startsWith('//go:', i))) {
      i = lineEndOf(text, i);
    } else {
      return false;
    }
    i = skipSpace(text, i);
  }
  return true;
}

/** An annotation's name after its `@` (and use-site target), matched at `lastIndex` (sticky). */
const ANNOTATION_NAME = /[A-Za-z_$][\w$.]*/y;

/** The index of the line break that ends the line holding `i`, or the text's length. Asked only where an item needs it: asked for every item, it cost the rest of the line per item on a line of many. */
function lineEndOf(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

const WHOLE_TARGET_LINE = new RegExp(`^\\[[ \\t]*${WHOLE_TARGET}`);
const TEMPLATE = /^template[ \t]*</;
/** What stands before a `'` that separates digits (`1'000`, `0xFF'FF`): a number's characters, the number opening with a digit (`u8'x'` opens a character literal). */
const DIGIT_SEPARATOR_BEFORE = /(?<![\w.])\d[\w.']*$/;

/**
 * The index of the `>` that closes the template parameter list opening at `open` (a `<`); undefined
 * when the text ends first. Brackets and strings inside (`(N > 0)`, a default `= "x>"`) are skipped
 * whole, and each `>` of `>>` closes one level (C++11 reads `std::vector<std::vector<T>>` so).
 * Comments are skipped too (`typename T,  // T (the value)` on a head over several lines), and so
 * is a digit separator (`1'000`, C++14), which opens no character literal.
 *
 * A reading from a `<` inside goes as the reading that passed it did from there on, and so does one
 * that goes on at the same place after a block comment: each answer passed is kept in `reading`
 * (`heads`, `afterComments`), as closingBracket keeps brackets', and taken instead of reading again.
 */
function templateHeadEnd(reading: Reading, open: number): number | undefined {
  const { text, heads, afterComments } = reading;
  const comments = reading.patterns.bracketComments;
  if (heads.has(open)) return heads.get(open);
  const stack: number[] = []; // the `<` still open, innermost last
  const wentOn: number[][] = []; // for each, the places after a block comment where the reading went on inside it
  let closed: number | undefined;
  /** The innermost head open closes at `end`; whether that was the first, which ends the reading. */
  const close = (end: number): boolean => {
    heads.set(stack.pop()!, end);
    for (const place of wentOn.pop()!) afterComments.set(place, end);
    if (stack.length > 0) return false;
    closed = end;
    return true;
  };
  for (let j = open; j < text.length; j++) {
    const c = text[j]!;
    if (comments.some((marker) => text.startsWith(marker, j))) {
      const end = text.indexOf('\n', j);
      if (end === -1) break;
      j = end;
    } else if (text.startsWith('/*', j)) {
      const end = reading.indexOf('*/', j + 2);
      if (end === -1) break;
      const next = end + 2;
      if (afterComments.has(next)) {
        const known = afterComments.get(next);
        if (known === undefined || close(known)) break;
        j = known;
      } else {
        wentOn[wentOn.length - 1]!.push(next);
        j = end + 1;
      }
    } else if (c === "'" && DIGIT_SEPARATOR_BEFORE.test(text.slice(Math.max(open, j - 40), j))) {
      continue;
    } else if (c === '<') {
      if (j !== open && heads.has(j)) {
        const end = heads.get(j);
        if (end === undefined) break; // it never closes, so neither does any head around it
        j = end;
      } else {
        stack.push(j);
        wentOn.push([]);
      }
    } else if (c === '>') {
      if (close(j)) break;
    } else if ('([{'.includes(c) || c === '"' || c === "'") {
      const end = c === '"' || c === "'" ? stringEnd(text, j) : reading.bracketEnd(j);
      if (end === undefined) break;
      j = end;
    } else if (')]}'.includes(c)) {
      break;
    }
  }
  // The heads still open when the reading stopped close nowhere, and neither do readings that went on inside them.
  for (const left of stack) heads.set(left, undefined);
  for (const places of wentOn) for (const place of places) afterComments.set(place, undefined);
  return closed;
}

const REQUIRES = /^requires(?![\w$])/;
const CONSTRAINT_NAME = /^(?:::)?[A-Za-z_]\w*(?:[ \t]*::[ \t]*(?:template[ \t]+)?[A-Za-z_]\w*)*/;

/**
 * The end of a C++20 requires-clause whose constraint starts at `from` (after `requires`): primary
 * constraints, each a bracketed expression, a name with its template arguments
 * (`std::integral<T>`, `Hashable<K>::value`) or a requires-expression (`requires (T a) { a + a; }`),
 * joined by `&&` and `||` (or `and`, `or`), over lines too. Undefined when one does not read so:
 * the head is then read as none, as before.
 */
function requiresClauseEnd(reading: Reading, from: number): number | undefined {
  const { text } = reading;
  let i = from;
  for (;;) {
    i = skipSpace(text, i);
    if (text.startsWith('!', i)) i = skipSpace(text, i + 1);
    if (text[i] === '(') {
      const end = reading.bracketEnd(i);
      if (end === undefined) return undefined;
      i = end + 1;
    } else if (REQUIRES.test(text.slice(i, i + 9))) {
      i = skipSpace(text, i + 'requires'.length);
      if (text[i] === '(') {
        const end = reading.bracketEnd(i);
        if (end === undefined) return undefined;
        i = skipSpace(text, end + 1);
      }
      if (text[i] !== '{') return undefined;
      const end = reading.bracketEnd(i);
      if (end === undefined) return undefined;
      i = end + 1;
    } else {
      const name = CONSTRAINT_NAME.exec(text.slice(i, i + 200));
      if (name === null) return undefined;
      i += name[0].length;
      const angle = skipSpace(text, i);
      if (text[angle] === '<') {
        const end = templateHeadEnd(reading, angle);
        if (end === undefined) return undefined;
        i = end + 1;
        // `Trait<T>::value`
        const member = /^[ \t]*::[ \t]*[A-Za-z_]\w*/.exec(text.slice(i, i + 200));
        if (member !== null) i += member[0].length;
      }
    }
    const next = skipSpace(text, i);
    const join = /^(?:&&|\|\||(?:and|or)(?![\w$]))/.exec(text.slice(next, next + 4));
    if (join === null) return i;
    i = next + join[0].length;
  }
}

/**
 * The end of Python's decorator expression that starts at `from` (after the `@`): its line's end,
 * or a later one when a bracket opened on it closes there or the line ends in `\`; a line comment
 * (one of the row's markers: Python's `#`) may end it. Undefined when a bracket closes
 * what it did not open (`@ b)` continues an expression from a line above: `@` is matrix
 * multiplication there) or the expression is empty.
 */
function expressionEnd(reading: Reading, from: number): number | undefined {
  const { text } = reading;
  const comments = reading.patterns.bracketComments;
  let j = from;
  let read = false;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\n') break;
    if (comments.some((marker) => text.startsWith(marker, j))) {
      const end = text.indexOf('\n', j);
      j = end === -1 ? text.length : end;
      break;
    }
    if (c === '\\' && text[j + 1] === '\n') {
      j += 2;
      continue;
    }
    if ('([{'.includes(c)) {
      const end = reading.bracketEnd(j);
      if (end === undefined) return undefined;
      j = end + 1;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(text, j);
      if (end === undefined) return undefined;
      j = end + 1;
    } else if (')]}'.includes(c)) {
      return undefined;
    } else {
      j++;
    }
    if (c.trim() !== '') read = true;
  }
  return read ? j : undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
