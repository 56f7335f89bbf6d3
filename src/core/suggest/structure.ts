/**
 * Stage 1: the document's structure, from markdown-it's block tokens. It finds the title, the
 * headings and the role of each section (summary, goals, non-goals, alternatives, ...) and cuts
 * the text into blocks (paragraphs, list items, table rows, code, quotes), each with the weight
 * its place gives to the evidence in it. Only block parsing runs (blockParse.ts, a long document a
 * piece at a time): inline markup is blanked out of the source text by offsets, so every later
 * stage can map a word back to its line and column.
 */
import { frontMatterLines, readBlockTokens } from './blockParse';
import { lineStartsOf } from './lines';
import { SECTIONS, type SectionRole } from './lexicon';

/** Sections that say what the document is about: the lead. */
export const LEAD_ROLES: ReadonlySet<SectionRole> = new Set<SectionRole>(['summary', 'motivation', 'goals']);
/** Sections that set things aside: what the document rules out, rejected, or keeps for reference. */
export const SET_ASIDE_ROLES: ReadonlySet<SectionRole> = new Set<SectionRole>(['nonGoals', 'alternatives', 'appendix']);

export type BlockKind = 'title' | 'heading' | 'paragraph' | 'list' | 'table' | 'code' | 'quote' | 'frontMatter';

export interface Block {
  readonly kind: BlockKind;
  /** Role of the section the block stands in (a heading has the role it starts). */
  readonly role: SectionRole;
  /** How much evidence in the block counts: the role's weight times the kind's. */
  readonly weight: number;
  /** 0-based first line and the line after the last. */
  readonly startLine: number;
  readonly endLine: number;
  /** Offset of `text` in the document. */
  readonly offset: number;
  /** The block's source text with link targets and markup characters blanked (same length as the source). */
  readonly text: string;
  /** Headings: 1-6. */
  readonly level?: number;
  /** Index of the heading block this block stands under, or -1 before the first heading. */
  readonly section: number;
}

export interface DocumentStructure {
  readonly title?: string;
  readonly blocks: readonly Block[];
  /** Offset of the start of each 0-based line. */
  readonly lineStarts: readonly number[];
  readonly length: number;
}

const ROLE_WEIGHT = new Map<SectionRole, number>(SECTIONS.roles.map((r) => [r.role, r.weight]));
/** A heading phrase ending in " *" matches headings that start with it ("appendix *": "Appendix B: data"); others match whole. */
const ROLE_PHRASES = SECTIONS.roles.flatMap((r) => r.headings.map((h) => ({ role: r.role, prefix: h.endsWith(' *'), phrase: normaliseHeading(h.replace(/ \*$/, '')) })))
  .sort((a, b) => b.phrase.length - a.phrase.length);
/**
 * The role phrases a heading can start with, by its first character, longest first as above: a
 * long document has a thousand headings, and most of the phrases share no first character with a
 * given one. No phrase is empty (lexicon.test.ts checks sections.json).
 */
const ROLE_PHRASES_BY_FIRST = new Map<string, typeof ROLE_PHRASES>();
for (const p of ROLE_PHRASES) ROLE_PHRASES_BY_FIRST.set(p.phrase[0]!, [...(ROLE_PHRASES_BY_FIRST.get(p.phrase[0]!) ?? []), p]);

/** "2.3 Non-Goals:" -> "non-goals". */
export function normaliseHeading(text: string): string {
  return text.toLowerCase().replace(/[`*_]/g, '').replace(/^[\s\d.)(ivx]*[\s.)]\s*/, '').replace(/[:.\s]+$/, '').replace(/\s+/g, ' ').trim();
}

/** The role a heading gives its section; `body` when it names none. */
export function headingRole(text: string): SectionRole {
  const h = normaliseHeading(text);
  for (const { role, phrase, prefix } of ROLE_PHRASES_BY_FIRST.get(h[0] ?? '') ?? []) {
    if (!h.startsWith(phrase)) continue;
    // The phrase, then nothing, ": ...", " (...)", or for a prefix any other word (checked in place: headings are many in a long document).
    const rest = phrase.length;
    if (h.length === rest || h[rest] === ':' || h.startsWith(' (', rest) || (prefix && h[rest] === ' ')) return role;
  }
  return 'body';
}

const LINK_TARGET = /\]\([^)\s]*(?:\s+"[^"]*")?\)/g;
const HTML_TAG = /<\/?[a-zA-Z][^<>\n]*>/g;
const URL = /https?:\/\/\S+/g;

/**
 * Link targets, image sources, HTML tags and autolinks are no words of the document. Most blocks
 * hold none: a search for the characters each needs is several times cheaper than the expression
 * (it runs once per block, about 100,000 times on a 10 MB document), and blanking only turns
 * characters into spaces, so it never makes one of them appear.
 */
function blankMarkup(s: string): string {
  let out = s;
  if (out.includes('](')) out = blankMatches(out, LINK_TARGET, ']');
  if (out.includes('<')) out = blankMatches(out, HTML_TAG, '');
  if (out.includes('://')) out = blankMatches(out, URL, '');
  return out;
}

const SPACES = ' '.repeat(1024);

/**
 * `text` with each match of the global expression `re` turned into `keep` and spaces, as
 * `text.replace(re, ...)` with a function would give it (no expression here matches an empty
 * string). Built from pieces of the text and of one string of spaces: a quarter of the blocks of a
 * long design doc hold a link, and the replacement function's call and new string of spaces for
 * each match cost more than the search.
 */
function blankMatches(text: string, re: RegExp, keep: string): string {
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // An empty match would not move lastIndex: step past it (none of today's expressions makes one).
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const blanks = m[0].length - keep.length;
    out += text.slice(last, m.index) + keep + (blanks <= SPACES.length ? SPACES.slice(0, blanks) : ' '.repeat(blanks));
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

export function readStructure(text: string): DocumentStructure {
  const lineStarts = lineStartsOf(text);
  const blocks: Block[] = [];
  const sliceLines = (startLine: number, endLine: number): { offset: number; text: string } => {
    const offset = lineStarts[startLine] ?? text.length;
    const end = endLine < lineStarts.length ? lineStarts[endLine]! : text.length;
    return { offset, text: text.slice(offset, end) };
  };
  let title: string | undefined;
  const fmLines = frontMatterLines(text, lineStarts);
  if (fmLines > 0) {
    const s = sliceLines(0, fmLines);
    const m = /^title:\s*["']?(.+?)["']?\s*$/m.exec(s.text);
    if (m) title = m[1];
    blocks.push({ kind: 'frontMatter', role: 'body', weight: 0, startLine: 0, endLine: fmLines, ...s, text: blankMarkup(s.text), section: -1 });
  }
  let role: SectionRole = 'body';
  let roleLevel = 7;
  let section = -1;
  let listDepth = 0;
  let quoteDepth = 0;
  let tableDepth = 0;
  readBlockTokens(text, lineStarts, fmLines, (tokens, firstLine) => {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      switch (t.type) {
        case 'bullet_list_open': case 'ordered_list_open': listDepth++; continue;
        case 'bullet_list_close': case 'ordered_list_close': listDepth--; continue;
        case 'blockquote_open': quoteDepth++; continue;
        case 'blockquote_close': quoteDepth--; continue;
        case 'table_open': tableDepth++; continue;
        case 'table_close': tableDepth--; continue;
        default: break;
      }
      if (!t.map) continue;
      const startLine = t.map[0] + firstLine;
      const endLine = t.map[1] + firstLine;
      if (t.type === 'heading_open') {
        const level = Number(t.tag.slice(1));
        const content = tokens[i + 1]?.content ?? '';
        const isTitle = title === undefined && blocks.every((b) => b.kind === 'frontMatter') && level <= 2;
        const named = headingRole(content);
        if (named !== 'body') { role = named; roleLevel = level; }
        else if (level <= roleLevel) { role = 'body'; roleLevel = 7; }
        if (isTitle) title = content.trim();
        section = blocks.length;
        const s = sliceLines(startLine, endLine);
        blocks.push({
          kind: isTitle ? 'title' : 'heading', role, level, startLine, endLine, section,
          weight: isTitle ? SECTIONS.titleWeight : SECTIONS.headingWeight * roleWeight(role),
          offset: s.offset, text: blankMarkup(s.text.replace(/^(\s*)(#+)/, (_m, sp: string, h: string) => sp + ' '.repeat(h.length))),
        });
        continue;
      }
      let kind: BlockKind | undefined;
      if (t.type === 'fence' || t.type === 'code_block') kind = 'code';
      else if (t.type === 'tr_open') kind = 'table';
      else if (t.type === 'paragraph_open' && tableDepth === 0) kind = quoteDepth > 0 ? 'quote' : listDepth > 0 ? 'list' : 'paragraph';
      if (!kind) continue;
      const s = sliceLines(startLine, endLine);
      const kindWeight = kind === 'code' ? SECTIONS.codeWeight : kind === 'quote' ? SECTIONS.quoteWeight : kind === 'table' ? SECTIONS.tableWeight : SECTIONS.defaultWeight;
      blocks.push({ kind, role, weight: kindWeight * roleWeight(role), startLine, endLine, offset: s.offset, text: blankMarkup(s.text), section });
    }
  });
  if (title === undefined) {
    const first = blocks.find((b) => b.kind === 'paragraph');
    const firstLine = first?.text.split('\n')[0]?.trim();
    if (first && first.startLine <= 2 && firstLine && firstLine.length <= 100 && !/[.:]$/.test(firstLine)) title = firstLine;
  }
  return { title, blocks, lineStarts, length: text.length };
}

function roleWeight(role: SectionRole): number {
  return ROLE_WEIGHT.get(role) ?? SECTIONS.defaultWeight;
}
