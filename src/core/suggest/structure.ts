/**
 * Document structure, one line at a time: fenced code blocks, headings, list items, quotes,
 * the title, requirement lines, and sections that rule things out ("Out of scope", "Non-goals").
 * Where a word stands decides how much it weighs: a heading or a requirement says what the
 * system is for, a passing mention does not.
 */
import { stemWord } from './stem';
import { createLineTokens, tokenizeLine } from './tokenize';

export type LineRole = 'title' | 'heading' | 'requirement' | 'text' | 'quote' | 'reference' | 'code';

/** Weight of a keyword hit by the role of its line. */
export const ROLE_WEIGHT: Readonly<Record<LineRole, number>> = {
  title: 3,
  heading: 2.2,
  requirement: 1.6,
  text: 1,
  quote: 0.7,
  reference: 0.3,
  code: 0.25,
};

// Generic words of design-doc headings that mark a section of requirements.
const REQUIREMENT_HEADING_STEMS = new Set(
  ['requirement', 'constraint', 'goal', 'assumption', 'use', 'case', 'scope', 'need', 'must', 'feature', 'functional', 'scale', 'sla', 'objective', 'problem']
    .map(stemWord),
);
// Modal words that make a line a requirement wherever it stands.
const REQUIREMENT_LINE_WORDS = new Set(['must', 'should', 'shall', 'require', 'requires', 'required', 'requirement', 'needs', 'guarantee', 'guarantees']);

/**
 * Heading phrases of sections that point elsewhere rather than decide anything ("Additional
 * talking points", "Further reading", "References"): what they mention weighs little.
 */
const PERIPHERAL_HEADINGS: readonly (readonly string[])[] = [
  ['additional'], ['further'], ['reading'], ['references'], ['reference'], ['see', 'also'], ['appendix'], ['talking', 'points'],
  ['resources'], ['links'], ['related', 'work'], ['glossary'], ['background'], ['faq'], ['changelog'], ['acknowledgements'],
];

/** What mentions in peripheral sections (references, further reading) weigh relative to the body. */
export const PERIPHERAL_WEIGHT = 0.35;

/**
 * Heading phrases of sections that discuss what might come later rather than what the system is
 * ("Scale the design" in interview write-ups, "Future work", "Open questions"): they weigh less
 * than the body, more than references. Interview templates fill them with the same generic
 * scaling advice whatever the problem.
 */
const SECONDARY_HEADINGS: readonly (readonly string[])[] = [
  ['scale', 'the', 'design'], ['future', 'work'], ['future', 'improvements'], ['open', 'questions'], ['next', 'steps'],
  ['follow', 'up'], ['possible', 'extensions'], ['later', 'phases'],
];
export const SECONDARY_WEIGHT = 0.6;

/** Heading phrases after which, until the next heading of the same level, everything is ruled out. */
const EXCLUDING_HEADINGS: readonly (readonly string[])[] = [
  ['out', 'of', 'scope'], ['non', 'goal'], ['non', 'goals'], ['nongoals'], ['not', 'in', 'scope'], ['anti', 'goals'],
  ['won', 't', 'do'], ['wont', 'do'], ['not', 'doing'], ['not', 'planned'], ['alternatives', 'considered'], ['rejected', 'alternatives'],
];

export interface LineInfo {
  role: LineRole;
  /** Heading level 1..6 for headings and the title, 0 otherwise. */
  level: number;
  /** Inside a section that rules things out. */
  excluded: boolean;
  /** What a mention weighs for the section the line stands in: 1 in the body, less in peripheral sections. */
  weight: number;
  /** First column of the line's content (after `#`, `-`, `>` markers). */
  contentStart: number;
}

/** Tracks the structure across lines; feed it every line in order. */
export class StructureTracker {
  private inFence = false;
  private fenceChar = 0;
  private fenceLength = 0;
  private sawTitle = false;
  private requirementLevel = 0;
  private excludedLevel = 0;
  private peripheralLevel = 0;
  private secondaryLevel = 0;
  /** The previous line was a list marker alone. */
  private loneBullet = false;
  /** Short plain lines (`isShortLine`) right before this one, unbroken by a blank or another kind of line. */
  private shortRun = 0;
  private lineCount = 0;
  private inFrontMatter = false;

  private codeLine(info: LineInfo): LineInfo {
    info.role = 'code';
    info.excluded = this.excludedLevel > 0;
    return info;
  }
  private readonly info: LineInfo = { role: 'text', level: 0, excluded: false, weight: 1, contentStart: 0 };

  private sectionWeight(): number {
    return this.peripheralLevel > 0 ? PERIPHERAL_WEIGHT : this.secondaryLevel > 0 ? SECONDARY_WEIGHT : 1;
  }

  /** Classifies `text[from, to)`. The returned object is reused: copy what you keep. */
  classify(text: string, from: number, to: number): LineInfo {
    const info = this.info;
    // A lone list marker's item is the very next line; a run of short lines counts only unbroken.
    const afterLone = this.loneBullet;
    this.loneBullet = false;
    const shortBefore = this.shortRun;
    this.shortRun = 0;
    this.lineCount++;
    // YAML front matter (a `---` first line, up to the next `---` or `...`): metadata, not prose.
    if (this.lineCount === 1 && isRule(text, from, to, 45)) {
      this.inFrontMatter = true;
      return this.codeLine(info);
    }
    if (this.inFrontMatter) {
      if (isRule(text, from, to, 45) || isRule(text, from, to, 46)) this.inFrontMatter = false;
      return this.codeLine(info);
    }
    info.level = 0;
    info.contentStart = from;
    info.weight = this.sectionWeight();
    let i = from;
    let indent = 0;
    while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) && indent < 16) {
      i++;
      indent++;
    }
    const c = i < to ? text.charCodeAt(i) : -1;

    // Fences: ``` or ~~~ (three or more), closed by the same character at least as long.
    if ((c === 96 || c === 126) && indent <= 3) {
      let n = 0;
      while (i + n < to && text.charCodeAt(i + n) === c) n++;
      if (n >= 3) {
        if (!this.inFence) {
          this.inFence = true;
          this.fenceChar = c;
          this.fenceLength = n;
        } else if (c === this.fenceChar && n >= this.fenceLength) {
          this.inFence = false;
        }
        info.role = 'code';
        info.excluded = this.excludedLevel > 0;
        return info;
      }
    }
    if (this.inFence) {
      info.role = 'code';
      info.excluded = this.excludedLevel > 0;
      return info;
    }
    if (c === -1) {
      info.role = 'text';
      info.excluded = this.excludedLevel > 0;
      return info;
    }

    // ATX headings.
    if (c === 35 && indent <= 3) {
      let level = 0;
      while (i + level < to && text.charCodeAt(i + level) === 35 && level < 7) level++;
      const after = i + level < to ? text.charCodeAt(i + level) : 32;
      if (level <= 6 && (after === 32 || after === 9)) {
        info.level = level;
        info.contentStart = i + level + 1;
        const words = headingWords(text, info.contentStart, Math.min(to, info.contentStart + 200));
        this.enterSection(level, words);
        info.weight = this.sectionWeight();
        info.role = !this.sawTitle && level === 1 ? 'title' : 'heading';
        this.sawTitle = true;
        info.excluded = this.excludedLevel > 0;
        return info;
      }
    }

    let role: LineRole = 'text';
    if (c === 62) {
      role = 'quote';
      info.contentStart = i + 1;
    } else if (c === 124) {
      role = 'text';
    } else {
      let j = to;
      while (j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
      if (isBulletChar(c) && j === i + 1) {
        // A marker alone on its line (pasted web lists put the item on the next line).
        this.loneBullet = true;
        info.role = 'text';
        info.excluded = this.excludedLevel > 0;
        return info;
      }
      const isBullet = afterLone || (isBulletChar(c) && i + 1 < to && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9));
      const isNumbered = c >= 48 && c <= 57 && this.isNumberedItem(text, i, to);
      if ((isBullet || isNumbered) && this.requirementLevel > 0) role = 'requirement';
      const itemStart = afterLone ? i : i + 2;
      if (isBullet) info.contentStart = itemStart;
      if (isBullet && isLinkOnly(text, itemStart, to)) role = 'reference';
      if (!isBullet && !isNumbered && this.sawTitle) {
        // Headings a markdown parser would see without `#` (setext), and the plain-text headings
        // of documents pasted from a page or a word processor ("Non-functional requirements",
        // "**Out of scope:**"): they open and close sections like `#` headings do.
        const setext = setextLevel(text, to);
        const short = indent < 2 && isShortLine(text, i, to);
        if (short) this.shortRun = shortBefore + 1;
        // Three or more short lines in a row are an unmarked list, not headings; its first line
        // may head it when it names a section ("Out of scope", then the items ruled out).
        const inList = short && setext === 0 && (shortBefore >= 2 || shortBefore + 1 + shortLinesAhead(text, to, 2 - shortBefore) >= 3);
        let plain = setext > 0 || !short || (inList && shortBefore > 0) ? undefined : plainHeadingWords(text, i, to);
        if (plain !== undefined && inList && !this.namesSection(plain)) plain = undefined;
        const level = setext > 0 ? setext : plain !== undefined ? PLAIN_HEADING_LEVEL : 0;
        if (level > 0) {
          info.level = level;
          this.enterSection(level, plain ?? headingWords(text, i, Math.min(to, i + 200)));
          info.weight = this.sectionWeight();
          info.role = 'heading';
          info.excluded = this.excludedLevel > 0;
          return info;
        }
      }
    }

    if (!this.sawTitle) {
      // A document without a heading: its first line (a one-line prompt, a plain-text title) is its title.
      this.sawTitle = true;
      if (to - i <= 200) role = 'title';
    }
    info.role = role;
    info.excluded = this.excludedLevel > 0;
    return info;
  }

  /** Whether heading words open a section of their own kind (ruled out, requirements, references, later). */
  private namesSection(words: readonly string[]): boolean {
    return matchesAny(words, EXCLUDING) || matchesAny(words, PERIPHERAL) || matchesAny(words, SECONDARY) ||
      words.some((w) => REQUIREMENT_HEADING_STEMS.has(headingStem(w)));
  }

  private enterSection(level: number, words: readonly string[]): void {
    if (this.excludedLevel > 0 && level <= this.excludedLevel) this.excludedLevel = 0;
    if (this.requirementLevel > 0 && level <= this.requirementLevel) this.requirementLevel = 0;
    if (this.peripheralLevel > 0 && level <= this.peripheralLevel) this.peripheralLevel = 0;
    if (this.secondaryLevel > 0 && level <= this.secondaryLevel) this.secondaryLevel = 0;
    if (this.excludedLevel === 0 && matchesAny(words, EXCLUDING)) this.excludedLevel = level;
    if (this.peripheralLevel === 0 && matchesAny(words, PERIPHERAL)) this.peripheralLevel = level;
    const secondary = matchesAny(words, SECONDARY);
    if (this.secondaryLevel === 0 && secondary) this.secondaryLevel = level;
    if (this.requirementLevel === 0 && !secondary && words.some((w) => REQUIREMENT_HEADING_STEMS.has(headingStem(w)))) {
      this.requirementLevel = level;
    }
  }

  private isNumberedItem(text: string, i: number, to: number): boolean {
    let j = i;
    while (j < to && j - i < 4 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    return j + 1 < to && (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 41) && text.charCodeAt(j + 1) === 32;
  }
}

/**
 * A modal word ("must", "should", "required") makes a short line a requirement wherever it
 * stands; in a long paragraph it says little about any one phrase. Called by the engine with
 * the line's lowercase words.
 */
export function isRequirementWord(lowerWord: string): boolean {
  return REQUIREMENT_LINE_WORDS.has(lowerWord);
}

/**
 * The level of a plain-text heading: below every `#` level, so the next `#` heading of any level
 * or the next plain-text heading ends its section, and a plain-text heading never ends a `#` one.
 */
export const PLAIN_HEADING_LEVEL = 7;

/** List markers: `-`, `*`, `+`, and the bullets of pasted text (•, ◦, ▪, ‣, ·, –). */
function isBulletChar(c: number): boolean {
  return c === 45 || c === 42 || c === 43 || c === 0x2022 || c === 0x25e6 || c === 0x25aa || c === 0x2023 || c === 0xb7 || c === 0x2013;
}

/** Where the line after the one ending at `to` starts (past its CRLF or LF), or -1 at the end. */
function nextLineStart(text: string, to: number): number {
  const j = text.charCodeAt(to) === 13 ? to + 1 : to;
  return text.charCodeAt(j) === 10 ? j + 1 : -1;
}

/** 1 or 2 when the line after `text[..to)` is a setext underline (`===` or `---`), else 0. */
function setextLevel(text: string, to: number): number {
  let j = nextLineStart(text, to);
  if (j < 0) return 0;
  const c = text.charCodeAt(j);
  if (c !== 61 && c !== 45) return 0;
  let n = 0;
  while (j < text.length && text.charCodeAt(j) === c) {
    j++;
    n++;
  }
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  const k = text.charCodeAt(j);
  return n >= 2 && (j >= text.length || k === 10 || k === 13) ? (c === 61 ? 1 : 2) : 0;
}

/**
 * The shape of a line that may be a heading or an item of an unmarked list: 3 to 60 characters,
 * a capital first letter (after optional `**` or `__`), no table pipe, and no sentence ending.
 */
function isShortLine(text: string, from: number, to: number): boolean {
  let i = from;
  let j = to;
  while (j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9 || text.charCodeAt(j - 1) === 13)) j--;
  if (j - i > PLAIN_HEADING_MAX_CHARS || j - i < 3) return false;
  if ((text.charCodeAt(i) === 42 || text.charCodeAt(i) === 95) && text.charCodeAt(i + 1) === text.charCodeAt(i)) i += 2;
  const first = text.charCodeAt(i);
  if (first < 65 || first > 90) return false;
  const last = text.charCodeAt(j - 1);
  if (last === 46 || last === 44 || last === 59 || last === 63 || last === 33) return false;
  for (let k = i; k < j; k++) if (text.charCodeAt(k) === 124) return false;
  return true;
}

/** Whether the line is exactly three of `char` (`---`, `...`), trailing spaces allowed. */
function isRule(text: string, from: number, to: number, char: number): boolean {
  let j = to;
  while (j > from && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 13)) j--;
  return j - from === 3 && text.charCodeAt(from) === char && text.charCodeAt(from + 1) === char && text.charCodeAt(from + 2) === char;
}

/** How many of the next `max` lines after `text[..to)` are short lines, unbroken. */
function shortLinesAhead(text: string, to: number, max: number): number {
  let n = 0;
  let at = to;
  while (n < max) {
    const start = nextLineStart(text, at);
    if (start < 0) break;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i - start >= 2 || !isShortLine(text, i, end)) break;
    n++;
    at = end;
  }
  return n;
}

/** Words that make a short line a sentence rather than a heading. */
const SENTENCE_WORDS = new Set(['should', 'must', 'shall', 'will', 'can', 'is', 'are', 'was', 'we', 'i', 'you', 'it', 'they', 'this']);

/** Longest line (in characters) that may be a plain-text heading. */
const PLAIN_HEADING_MAX_CHARS = 60;

/**
 * The words of a short line (`isShortLine`, which the caller has checked) standing alone as a
 * heading, or undefined: one to six words, none of them a verb or pronoun of a sentence, no
 * figure, and not continued on the next line.
 */
function plainHeadingWords(text: string, from: number, to: number): string[] | undefined {
  let i = from;
  let j = to;
  while (j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9 || text.charCodeAt(j - 1) === 13)) j--;
  if ((text.charCodeAt(i) === 42 || text.charCodeAt(i) === 95) && text.charCodeAt(i + 1) === text.charCodeAt(i)) i += 2;
  let digits = 0;
  let wordCount = 0;
  let inWord = false;
  let inDigits = false;
  for (let k = i; k < j; k++) {
    const d = text.charCodeAt(k);
    digits = d >= 48 && d <= 57 ? digits + 1 : 0;
    // A figure ("Peak 50K QPS", "2M Users"): a sentence or a line of a hard-wrapped paragraph.
    const letter = (d >= 97 && d <= 122) || (d >= 65 && d <= 90);
    if (digits >= 2 || (letter && inDigits)) return undefined;
    inDigits = digits > 0;
    if ((letter || digits > 0) && !inWord && ++wordCount > 6) return undefined;
    inWord = letter || digits > 0;
  }
  if (continuesOnNextLine(text, to)) return undefined;
  const words = headingWords(text, i, j);
  if (words.length === 0 || words.length > 6) return undefined;
  for (const w of words) if (SENTENCE_WORDS.has(w)) return undefined;
  return words;
}

/** Whether the line after `text[..to)` goes on with the same sentence (it starts with a lower-case letter). */
function continuesOnNextLine(text: string, to: number): boolean {
  let j = nextLineStart(text, to);
  if (j < 0) return false;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  const c = text.charCodeAt(j);
  return c >= 97 && c <= 122;
}

/** Lines longer than this are never promoted to requirements by a modal word. */
export const REQUIREMENT_LINE_MAX_CHARS = 120;

/** A list item that is nothing but a link ("* [Cache](https://...)"): a pointer, not a decision. */
function isLinkOnly(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) i++;
  let j = to;
  while (j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
  if (j - i < 4 || text.charCodeAt(i) !== 91 || text.charCodeAt(j - 1) !== 41) return false;
  const close = text.indexOf('](', i);
  return close > i && close < j && text.indexOf(')', close) === j - 1;
}

/** Reused buffers for heading words (headings are classified on every analysis). */
const HEADING_TOKENS = createLineTokens();

function headingWords(text: string, from: number, to: number): string[] {
  tokenizeLine(text, from, to, HEADING_TOKENS);
  const out: string[] = new Array<string>(HEADING_TOKENS.count);
  for (let k = 0; k < HEADING_TOKENS.count; k++) out[k] = HEADING_TOKENS.words[k]!.toLowerCase();
  return out;
}

/** Stems of heading words, memoised (bounded): the same few heading words recur across documents. */
const HEADING_STEMS = new Map<string, string>();
function headingStem(word: string): string {
  let stem = HEADING_STEMS.get(word);
  if (stem === undefined) {
    stem = stemWord(word);
    if (HEADING_STEMS.size >= 10_000) HEADING_STEMS.clear();
    HEADING_STEMS.set(word, stem);
  }
  return stem;
}

/** Heading phrases by their first word (`matchesAny` looks up each heading word instead of trying every phrase). */
type PhraseIndex = ReadonlyMap<string, readonly (readonly string[])[]>;

function indexPhrases(phrases: readonly (readonly string[])[]): PhraseIndex {
  const index = new Map<string, (readonly string[])[]>();
  for (const phrase of phrases) {
    const list = index.get(phrase[0]!);
    if (list) list.push(phrase);
    else index.set(phrase[0]!, [phrase]);
  }
  return index;
}

const EXCLUDING = indexPhrases(EXCLUDING_HEADINGS);
const PERIPHERAL = indexPhrases(PERIPHERAL_HEADINGS);
const SECONDARY = indexPhrases(SECONDARY_HEADINGS);

/** Whether one of the phrases occurs in `words`. */
function matchesAny(words: readonly string[], phrases: PhraseIndex): boolean {
  for (let i = 0; i < words.length; i++) {
    const candidates = phrases.get(words[i]!);
    if (candidates === undefined) continue;
    for (const phrase of candidates) {
      if (i + phrase.length > words.length) continue;
      let ok = true;
      for (let j = 1; j < phrase.length && ok; j++) ok = words[i + j] === phrase[j];
      if (ok) return true;
    }
  }
  return false;
}
