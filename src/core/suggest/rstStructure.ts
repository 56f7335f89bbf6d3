/**
 * Stage 1 for a reStructuredText document: the same `DocumentStructure` that `readStructure`
 * builds from markdown-it's tokens, read from reStructuredText's own block syntax, so nothing
 * after the structure stage knows which format the document was written in.
 *
 * What it reads, in docutils' order of precedence at the start of each block:
 *
 * - explicit markup (`.. `): `code-block`, `code` and `sourcecode` directives are code; any other
 *   directive keeps its argument (unless it is a path) and its body as text of the section, its
 *   options hidden; hyperlink targets and substitution definitions are hidden; footnotes and
 *   citations are text; anything else is a comment, hidden as a `frontMatter` block (weight 0);
 * - grid tables (`+---+` borders) and simple tables (`===  ===` borders): a block per row;
 * - bullet, enumerated and field lists, and definition lists: `list` blocks;
 * - doctest blocks (`>>>`) and the indented literal block after a paragraph ending in `::`: code;
 * - section titles, underlined or over- and underlined, at the top level only: each adornment
 *   style (its character, with or without an overline) takes the next level the first time it is
 *   seen, as docutils numbers them; transitions (a lone line of punctuation) are dropped;
 * - an indented block that is none of these is a quote; everything else is a paragraph.
 *
 * Roles, weights, the title and the sections follow `readStructure`'s rules exactly. Each block's
 * text is its source lines, the same length: adornment lines, role names (`:ref:`), embedded
 * targets (`` `text <target>`_ ``) and addresses blanked to spaces, so offsets map back to lines.
 *
 * It reads the lines front to back; a nested body (a list item, a quote, a directive) is read again
 * inside its own bounds, at most MAX_DEPTH levels deep (deeper text is read as paragraphs), so the
 * work is linear in the text for any input.
 */
import { lineStartsOf } from './lines';
import { SECTIONS, type SectionRole } from './lexicon';
import { blankMatches, headingRole, roleWeight, spaces, type Block, type BlockKind, type DocumentStructure } from './structure';

/** Nesting levels read as structure; deeper bodies are read as plain paragraphs. */
const MAX_DEPTH = 12;
/** Directives whose body is code (Rule R: the three docutils and Sphinx name for a code block). */
const CODE_DIRECTIVES: ReadonlySet<string> = new Set(['code-block', 'code', 'sourcecode']);

/** A line of one repeated punctuation character (docutils' adornment characters), nothing else. */
const ADORNMENT_CHARS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const GRID_BORDER = /^\+(?:[-=]+\+)+\s*$/;
const SIMPLE_TABLE_BORDER = /^=+(?: +=+)+\s*$/;
/** A simple table's own lines that carry no cell text: its borders and column-span underlines. */
const SIMPLE_TABLE_RULE = /^[-=][-= ]*$/;
const BULLET = /^[-*+\u2022\u2023\u2043](?:[ \t]+|$)/;
const ENUMERATOR = /^(?:(?:\d+|#|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+)[.)]|\((?:\d+|#|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+)\))(?:[ \t]+|$)/;
/** `:Field name: body` (a role such as :ref:`x` is followed by a backtick, not a space). */
const FIELD = /^:(?![\s:])(?:[^:`\\\n]|\\.)*:(?:[ \t]+|$)/;
/** A directive: `.. name:: argument`; the name is docutils' (alphanumerics with single inner `-_+:.`). */
const DIRECTIVE = /^\.\.[ \t]+([A-Za-z0-9](?:[-_+:.]?[A-Za-z0-9])*)[ \t]*::(?:[ \t]+|$)/;
const FOOTNOTE = /^\.\.[ \t]+\[[^\]\s]+\](?:[ \t]+|$)/;
/** An argument that names a file or an address (`.. image:: img/flow.png`): no words of the document. */
const PATH_LIKE = /^\S*(?:\/|\.[A-Za-z0-9]{1,5}$)\S*$/;

/** Role markers before a backtick (`:ref:`, `:py:class:`), embedded targets before the closing backtick, addresses. */
const ROLE_MARKER = /:[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)?:(?=`)/g;
const EMBEDDED_TARGET = /<[^<>`\n]+>(?=`)/g;
const URL = /https?:\/\/\S+/g;

type Context = 'list' | 'quote' | undefined;

/** The first line of a region read from a column other than its own indent: the text after a list marker. */
interface FirstLine {
  /** Column of the text. */
  readonly column: number;
  /** Offset of the text in the document. */
  readonly at: number;
}

/** The inline markup of reStructuredText that is not words of the document, blanked (same length). */
export function blankRstMarkup(s: string): string {
  let out = s;
  if (out.includes(':`')) out = blankMatches(out, ROLE_MARKER, '');
  if (out.includes('>`')) out = blankMatches(out, EMBEDDED_TARGET, '');
  if (out.includes('://')) out = blankMatches(out, URL, '');
  return out;
}

export function readRstStructure(text: string): DocumentStructure {
  const reader = new RstReader(text);
  reader.readRegion(0, reader.lineCount, 0, undefined, 0);
  return reader.result();
}

class RstReader {
  readonly lineStarts: number[];
  readonly lineCount: number;
  /** Column of each line's first non-blank character (tabs to multiples of 8, as docutils reads them); -1 for a blank line. */
  private readonly indent: Int32Array;
  /** Characters of leading white space on each line. */
  private readonly lead: Int32Array;
  private readonly blocks: Block[] = [];
  private title: string | undefined;
  private role: SectionRole = 'body';
  private roleLevel = 7;
  private section = -1;
  /** Adornment styles in the order they first appear: their level is their place + 1. */
  private readonly styles: string[] = [];
  /**
   * By the end of a region: the first top border of a simple table in it that found no bottom
   * border before that end. None after it can find one either, so none searches again.
   */
  private readonly noSimpleTableEnd = new Map<number, number>();

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
    this.lineCount = this.lineStarts.length;
    this.indent = new Int32Array(this.lineCount);
    this.lead = new Int32Array(this.lineCount);
    for (let l = 0; l < this.lineCount; l++) {
      const start = this.lineStarts[l]!;
      const end = this.contentEnd(l);
      let column = 0;
      let i = start;
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x20) column++;
        else if (c === 0x09) column = column + 8 - (column % 8);
        else break;
      }
      this.lead[l] = i - start;
      this.indent[l] = i === end ? -1 : column;
    }
  }

  result(): DocumentStructure {
    let title = this.title;
    if (title === undefined) {
      // readStructure's fallback: a short first line of a paragraph near the top.
      const first = this.blocks.find((b) => b.kind === 'paragraph');
      const firstLine = first?.text.split('\n')[0]?.trim();
      if (first && first.startLine <= 2 && firstLine && firstLine.length <= 100 && !/[.:]$/.test(firstLine)) title = firstLine;
    }
    return { title, blocks: this.blocks, lineStarts: this.lineStarts, length: this.text.length };
  }

  /** The end of line `l`'s text: before its line break and any `\r`. */
  private contentEnd(l: number): number {
    let end = l + 1 < this.lineCount ? this.lineStarts[l + 1]! - 1 : this.text.length;
    if (end > this.lineStarts[l]! && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }

  /** Line `l`'s text from its first non-blank character (or from `at`), without trailing white space. */
  private content(l: number, at = this.lineStarts[l]! + this.lead[l]!): string {
    return this.text.slice(at, this.contentEnd(l)).trimEnd();
  }

  private blank(l: number): boolean {
    return this.indent[l]! < 0;
  }

  /** The first line from `from` on (before `to`) that holds text at a column below `minIndent`; `to` if none. */
  private endOfIndented(from: number, to: number, minIndent: number): number {
    for (let l = from; l < to; l++) if (!this.blank(l) && this.indent[l]! < minIndent) return l;
    return to;
  }

  /** The line after the last non-blank line in [from, to). */
  private trimBlankEnd(from: number, to: number): number {
    let end = to;
    while (end > from && this.blank(end - 1)) end--;
    return end;
  }

  /**
   * Reads the lines [from, to), whose blocks start at column `base`, inside a list item or a quote
   * (`context`), `depth` levels down. `first` reads the first line from the text after a marker.
   */
  readRegion(from: number, to: number, base: number, context: Context, depth: number, first?: FirstLine): void {
    let i = from;
    while (i < to) {
      const own = i === from ? first : undefined;
      if (!own && this.blank(i)) { i++; continue; }
      const ind = own ? own.column : this.indent[i]!;
      const flat = depth >= MAX_DEPTH;
      if (!own && ind > base && !flat) {
        // An indented block that no construct above claimed: a quote, up to the first line left of it.
        const end = this.endOfIndented(i + 1, to, ind);
        this.readRegion(i, end, ind, 'quote', depth + 1);
        i = end;
        continue;
      }
      const s = own ? this.content(i, own.at) : this.content(i);
      i = flat ? this.readParagraph(i, to, ind, base, context, own) : this.readBlock(i, to, ind, base, s, context, depth, own);
    }
  }

  /** Reads the block that starts at line `i` (text `s` at column `ind`); returns the line after it. */
  private readBlock(i: number, to: number, ind: number, base: number, s: string, context: Context, depth: number, own: FirstLine | undefined): number {
    if (s.startsWith('..') && (s.length === 2 || s[2] === ' ' || s[2] === '\t')) return this.readExplicit(i, to, ind, s, context, depth);
    if (GRID_BORDER.test(s)) return this.readGridTable(i, to, ind);
    if (SIMPLE_TABLE_BORDER.test(s)) {
      const end = this.readSimpleTable(i, to);
      if (end !== undefined) return end;
    }
    const marker = BULLET.exec(s) ?? ENUMERATOR.exec(s) ?? FIELD.exec(s);
    // As docutils: an enumerator starts a list item only if the next line is blank, indented, or the next item ("A. Smith said" is text).
    const isEnumerated = marker !== null && !BULLET.test(s) && !FIELD.test(s);
    if (marker && !(isEnumerated && i + 1 < to && !this.blank(i + 1) && this.indent[i + 1]! <= ind && !ENUMERATOR.test(this.content(i + 1)))) {
      const atText = (own ? own.at : this.lineStarts[i]! + this.lead[i]!) + marker[0].length;
      return this.readItem(i, to, ind, ind + marker[0].length, atText, marker[0].length === s.length, listContext(context), depth);
    }
    if (s.startsWith('>>>')) {
      const end = this.paragraphEnd(i, to, ind);
      this.push('code', i, end);
      return end;
    }
    if (depth === 0 && !own && isAdornment(s)) {
      const overlined = this.overlinedTitle(i, to, s);
      if (overlined) return overlined;
      // A transition (a rule between paragraphs): nothing to read. A short line of punctuation is text.
      if (s.length >= 4) return i + 1;
    }
    if (depth === 0 && !own && ind === 0 && i + 1 < to && this.indent[i + 1] === 0) {
      const under = this.content(i + 1);
      if (isAdornment(under) && (under.length >= s.length || under.length >= 4)) {
        this.pushHeading(i, i + 2, [i + 1], s, under[0]!);
        return i + 2;
      }
    }
    if (!own && i + 1 < to && !this.blank(i + 1) && this.indent[i + 1]! > ind) {
      // A definition list item: the term, then its indented definition (code when the term ends in `::`).
      const end = this.endOfIndented(i + 1, to, ind + 1);
      this.push(kindOf(listContext(context)), i, i + 1);
      if (s.endsWith('::')) this.push('code', i + 1, this.trimBlankEnd(i + 1, end));
      else this.readRegion(i + 1, end, this.indent[i + 1]!, listContext(context), depth + 1);
      return end;
    }
    return this.readParagraph(i, to, ind, base, context, own);
  }

  /** A paragraph from line `i`, then the literal block it introduces when it ends in `::`. */
  private readParagraph(i: number, to: number, ind: number, base: number, context: Context, own: FirstLine | undefined): number {
    const end = this.paragraphEnd(i, to, ind);
    this.push(kindOf(context), i, end);
    const last = own && end === i + 1 ? this.content(i, own.at) : this.content(end - 1);
    if (!last.endsWith('::')) return end;
    let k = end;
    while (k < to && this.blank(k)) k++;
    // The literal block is indented past the paragraph (past the body's column, for the text after a marker).
    const column = own ? base : ind;
    if (k === end || k >= to || this.indent[k]! <= column) return end;
    const codeEnd = this.endOfIndented(k, to, column + 1);
    this.push('code', k, this.trimBlankEnd(k, codeEnd));
    return codeEnd;
  }

  /** The line after a paragraph that starts at line `i`: its lines run on while they hold text no further right than its first. */
  private paragraphEnd(i: number, to: number, ind: number): number {
    let j = i + 1;
    while (j < to && !this.blank(j) && this.indent[j]! <= ind) j++;
    return j;
  }

  /**
   * A list item (or a footnote) from line `i`, marker at column `ind`: its body is every following
   * line right of the marker, read as a region whose first line starts at `textColumn`.
   */
  private readItem(i: number, to: number, ind: number, textColumn: number, atText: number, markerOnly: boolean, context: Context, depth: number): number {
    const end = this.endOfIndented(i + 1, to, ind + 1);
    let next = i + 1;
    while (next < end && this.blank(next)) next++;
    if (markerOnly) {
      // `-` alone on its line: the body starts on the next line with text.
      if (next < end) this.readRegion(next, end, this.indent[next]!, context, depth + 1);
      return end;
    }
    // The body's column: the text after the marker, or a continuation line left of it (a field list's body).
    const base = next < end ? Math.min(textColumn, this.indent[next]!) : textColumn;
    this.readRegion(i, end, base, context, depth + 1, { column: textColumn, at: atText });
    return end;
  }

  /** Explicit markup from line `i` (`s` starts with `..`): a directive, a comment, a target, a footnote. */
  private readExplicit(i: number, to: number, ind: number, s: string, context: Context, depth: number): number {
    // The block runs over the lines right of its `..`. To docutils an empty comment (`..` alone)
    // followed by a blank line ends there, and an indented block after it is a quote; but that is
    // how spec templates hide their licence header, so the indented block is read as the comment's.
    const end = this.endOfIndented(i + 1, to, ind + 1);
    const last = this.trimBlankEnd(i, end);
    const rest = s.slice(2).trimStart();
    // Hyperlink targets (`.. _name: url`, `__ url`) and substitution definitions (`.. |name| image:: x`): no text of the document.
    if (rest.startsWith('_') || rest.startsWith('|')) return end;
    const directive = DIRECTIVE.exec(s);
    if (directive) {
      if (CODE_DIRECTIVES.has(directive[1]!.toLowerCase())) {
        this.push('code', i, last);
        return end;
      }
      this.readDirective(i, end, ind, s, directive[0].length, context, depth);
      return end;
    }
    const footnote = FOOTNOTE.exec(s);
    if (footnote) {
      const at = this.lineStarts[i]! + this.lead[i]! + footnote[0].length;
      return this.readItem(i, to, ind, ind + footnote[0].length, at, footnote[0].length === s.length, context, depth);
    }
    this.push('frontMatter', i, last);
    return end;
  }

  /**
   * A directive other than a code block: its argument (on its own line, the marker blanked) unless it
   * names a file, its options hidden, its body read as text of the section (not a quote: an admonition
   * or a list table holds the writer's own words).
   */
  private readDirective(i: number, end: number, ind: number, s: string, markerLength: number, context: Context, depth: number): void {
    // The argument runs on over the lines up to a blank line or the first option.
    let argumentEnd = i + 1;
    while (argumentEnd < end && !this.blank(argumentEnd) && !this.content(argumentEnd).startsWith(':')) argumentEnd++;
    const argument = s.slice(markerLength).trim();
    if (argument !== '' && !(argumentEnd === i + 1 && PATH_LIKE.test(argument))) {
      const offset = this.lineStarts[i]!;
      const markerEnd = offset + this.lead[i]! + markerLength;
      this.push(kindOf(context), i, argumentEnd, (t) => spaces(markerEnd - offset) + t.slice(markerEnd - offset));
    } else argumentEnd = i + 1;
    // Options: the lines right after the argument that start with a field marker.
    let body = argumentEnd;
    while (body < end && !this.blank(body) && this.content(body).startsWith(':')) body++;
    while (body < end && this.blank(body)) body++;
    if (body < end) this.readRegion(body, end, Math.max(ind + 1, this.indent[body]!), context, depth + 1);
  }

  /** A grid table from its top border: a `table` block per row (the lines between two borders). */
  private readGridTable(i: number, to: number, ind: number): number {
    let j = i + 1;
    let rowStart = -1;
    for (; j < to && !this.blank(j) && this.indent[j] === ind; j++) {
      const c = this.text[this.lineStarts[j]! + this.lead[j]!];
      if (c !== '+' && c !== '|') break;
      if (c === '|') { if (rowStart < 0) rowStart = j; continue; }
      if (rowStart >= 0) this.push('table', rowStart, j);
      rowStart = -1;
    }
    if (rowStart >= 0) this.push('table', rowStart, j);
    return j;
  }

  /**
   * A simple table from its top border, or undefined when no bottom border (a border followed by a
   * blank line or the end) follows. A `table` block per line with cell text.
   */
  private readSimpleTable(i: number, to: number): number | undefined {
    if (i >= (this.noSimpleTableEnd.get(to) ?? Infinity)) return undefined;
    let bottom = -1;
    for (let l = i + 1; l < to; l++) {
      if (this.blank(l) || !SIMPLE_TABLE_BORDER.test(this.content(l))) continue;
      if (l + 1 >= to || this.blank(l + 1)) { bottom = l; break; }
    }
    if (bottom < 0) {
      // No border after line i closes a table before `to`, so none after a later top border does either.
      this.noSimpleTableEnd.set(to, Math.min(i, this.noSimpleTableEnd.get(to) ?? Infinity));
      return undefined;
    }
    for (let l = i + 1; l < bottom; l++) {
      if (!this.blank(l) && !SIMPLE_TABLE_RULE.test(this.content(l))) this.push('table', l, l + 1);
    }
    return bottom + 1;
  }

  /** A title over- and underlined with `s`, from line `i`: the line after it, or undefined when it is not one. */
  private overlinedTitle(i: number, to: number, s: string): number | undefined {
    if (i + 2 >= to || this.blank(i + 1) || this.blank(i + 2)) return undefined;
    const titleText = this.content(i + 1);
    if (isAdornment(titleText) || titleText.length > s.length || this.content(i + 2) !== s || this.indent[i + 2] !== this.indent[i]) return undefined;
    this.pushHeading(i, i + 3, [i, i + 2], titleText, `${s[0]!}\u0000over`);
    return i + 3;
  }

  /** A section title on lines [start, end), its adornment lines blanked; `style` tells its level. */
  private pushHeading(start: number, end: number, adornments: readonly number[], content: string, style: string): void {
    let place = this.styles.indexOf(style);
    if (place < 0) place = this.styles.push(style) - 1;
    const level = Math.min(6, place + 1);
    // The first section title is the document's title (Rule R), whatever text comes before it: a
    // spec's licence paragraph or an abstract above the title is common. readStructure takes the
    // first `#`/`##` heading only when nothing but front matter is above it.
    const isTitle = this.title === undefined && level <= 2;
    const named = headingRole(content);
    if (named !== 'body') { this.role = named; this.roleLevel = level; }
    else if (level <= this.roleLevel) { this.role = 'body'; this.roleLevel = 7; }
    if (isTitle) this.title = content.trim();
    this.section = this.blocks.length;
    const offset = this.lineStarts[start]!;
    this.push(isTitle ? 'title' : 'heading', start, end, (t) => {
      let out = t;
      for (const l of adornments) {
        const from = this.lineStarts[l]! - offset;
        const to = this.contentEnd(l) - offset;
        out = out.slice(0, from) + spaces(to - from) + out.slice(to);
      }
      return out;
    }, level);
  }

  /** Adds a block over lines [start, end); `edit` blanks more of its source text (same length). */
  private push(kind: BlockKind, start: number, end: number, edit?: (text: string) => string, level?: number): void {
    if (end <= start) return;
    const offset = this.lineStarts[start]!;
    const stop = end < this.lineCount ? this.lineStarts[end]! : this.text.length;
    const source = this.text.slice(offset, stop);
    const text = blankRstMarkup(edit ? edit(source) : source);
    const role = kind === 'frontMatter' ? 'body' : this.role;
    const weight = kind === 'frontMatter' ? 0
      : kind === 'title' ? SECTIONS.titleWeight
        : kind === 'heading' ? SECTIONS.headingWeight * roleWeight(role)
          : kindWeight(kind) * roleWeight(role);
    this.blocks.push({ kind, role, weight, startLine: start, endLine: end, offset, text, ...(level !== undefined ? { level } : {}), section: this.section });
  }
}

function kindWeight(kind: BlockKind): number {
  return kind === 'code' ? SECTIONS.codeWeight : kind === 'quote' ? SECTIONS.quoteWeight : kind === 'table' ? SECTIONS.tableWeight : SECTIONS.defaultWeight;
}

/** Text in a quote is a quote, text in a list a list item, else a paragraph. */
function kindOf(context: Context): BlockKind {
  return context === 'quote' ? 'quote' : context === 'list' ? 'list' : 'paragraph';
}

/**
 * A list in a quote is a list. readStructure lets the quote win (a Markdown quote is someone
 * else's words), but reStructuredText writers indent a list to nest it under a paragraph or an
 * item, and docutils then reads the indent as a quote: the items are still the writer's own.
 */
function listContext(_context: Context): Context {
  return 'list';
}

/** A line of one repeated adornment character. */
function isAdornment(s: string): boolean {
  if (s.length === 0 || !ADORNMENT_CHARS.includes(s[0]!)) return false;
  const c = s.charCodeAt(0);
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== c) return false;
  return true;
}
