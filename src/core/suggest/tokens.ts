/**
 * The one tokenizer. Every stage that reads words (structure, evidence, similarity, figures'
 * nouns, questions) uses `tokenize`, so a word is the same thing everywhere: a run of letters
 * and digits, lowercased, with its offset in the text and its stem. `tokenizeInto` is the same scan
 * into reusable arrays: the engine's pass over a 10 MB document reads about 1.2 million words, and an
 * object (and a regular expression match) per word made the garbage collector the largest cost.
 */
import { WORDS } from './lexicon';
import { nextHash, WordTable } from './wordTable';

export interface Token {
  /** Lowercase surface form. */
  readonly word: string;
  readonly stem: string;
  /** Offset of the first character in the text given to `tokenize`. */
  readonly start: number;
  readonly end: number;
  /** True when a clause break (punctuation or a clause word) stands between this token and the previous one. */
  readonly breakBefore: boolean;
}

/**
 * The same tokens as parallel arrays (token i is `words[i]`, `stems[i]`, ...), for the engine's pass
 * over a whole document: one list is reused block after block, so no object is built per word.
 * The arrays may hold stale entries past `length`.
 */
export class TokenList {
  length = 0;
  readonly words: string[] = [];
  readonly stems: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly breakBefore: boolean[] = [];
  /**
   * The word's entry in the tokenizer's table of words (wordTable.ts), or -1 for a word read the
   * long way. Within one generation of the table (`generation` below), an entry stands for one
   * word in every text, so what a stage derives from a word alone can be kept by entry and read
   * back with no lookup by string: `WordMemo` (evidence.ts) and `DocumentTermCounts` (terms.ts) do
   * that, and forget what they kept when the generation changes, since a cleared table gives the
   * numbers to other words.
   */
  readonly entries: number[] = [];
  /**
   * The word table's generation when `tokenizeInto` last filled the list: the generation its
   * `entries` belong to. What is kept by entry number (`WordMemo`, terms.ts `DocumentTermCounts`)
   * is checked against this, not against the table as it is now, so a list filled before a clear
   * can never be read with numbers kept after it, nor the other way round.
   */
  generation = -1;

  clear(): void {
    this.length = 0;
  }

  push(word: string, wordStem: string, start: number, end: number, breakBefore: boolean, entry: number): void {
    const i = this.length++;
    this.words[i] = word;
    this.stems[i] = wordStem;
    this.starts[i] = start;
    this.ends[i] = end;
    this.breakBefore[i] = breakBefore;
    this.entries[i] = entry;
  }
}

const KEEP_WHOLE = new Set(WORDS.keepWhole);
/** Punctuation that breaks a clause, as a table by character code (a break is one character). */
const BREAK_PUNCTUATION = new Uint8Array(0x10000);
for (const b of WORDS.clauseBreaks) if (!/^[a-z]/.test(b) && b.length === 1) BREAK_PUNCTUATION[b.charCodeAt(0)] = 1;
const BREAK_WORDS = new Set(WORDS.clauseBreaks.filter((b) => /^[a-z]/.test(b)));
/** A word is a run of letters and digits, with an apostrophe and letters after it ("don't", "user's"). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;
const LETTER = /\p{L}/uy;

/**
 * Stems by word, for the words the word table does not take (non-ASCII, with an apostrophe, or met
 * while the table is full; the table keeps its own words' stems): documents repeat their words, so
 * each is stemmed once per process. Only words of
 * up to MAX_CACHED_WORD characters are kept: a longer word may be a slice of the document's text
 * (V8 slices strings of 13 characters or more; other engines may share at any length, which this
 * does not guard against), and caching it would keep that whole text alive for the session (the
 * map is module-level).
 */
const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;
const MAX_CACHED_WORD = 12;
/** ASCII words met so far, with their stems and clause-word flags (wordTable.ts), under the same limits as STEMS. */
let WORD_TABLE = new WordTable(MAX_CACHED_STEMS);

/**
 * Called before a document is read (engine.ts): a table that filled up is cleared, so the next
 * document's words get entries again. Entry numbers are only meaningful within one generation
 * (`TokenList.generation`); never clear in the middle of a document, whose token lists hold them.
 */
export function beginDocument(): void {
  if (WORD_TABLE.full) WORD_TABLE.clear();
}

/** @internal For tests only: the table's generation now (what reads tokens checks `TokenList.generation`). */
export function wordTableGenerationForTests(): number {
  return WORD_TABLE.generation;
}

/**
 * @internal For tests only (not exported by index.ts): a new, empty word table of `maxWords` (the
 * default limit when omitted), one generation on, as a cleared one would be. Never call it while a
 * document is being read.
 */
export function replaceWordTableForTests(maxWords = MAX_CACHED_STEMS): void {
  const generation = WORD_TABLE.generation;
  WORD_TABLE = new WordTable(maxWords);
  WORD_TABLE.generation = generation + 1;
}

const UNKNOWN: unique symbol = Symbol('not derived yet');

/**
 * What a stage derives from a word alone (its facts in the catalog index, whether it counts as a
 * term), kept by the word's entry in the word table (`TokenList.entries`): the bench's 10 MB document holds
 * about 1.2 million words but under two thousand distinct ones, so each is looked at once. An entry
 * stands for one word only within a generation of the table, so the memo forgets what it kept when
 * the generation of the tokens it reads (`TokenList.generation`) changes. A word read the long way
 * (entry -1) is derived at each occurrence.
 */
export class WordMemo<T> {
  private generation = -1;
  private readonly values: (T | typeof UNKNOWN)[] = [];

  constructor(private readonly derive: (tokens: TokenList, i: number) => T) {}

  /** The value for the i-th token of `tokens`. */
  at(tokens: TokenList, i: number): T {
    const entry = tokens.entries[i]!;
    if (entry < 0) return this.derive(tokens, i);
    if (this.generation !== tokens.generation) {
      this.values.length = 0;
      this.generation = tokens.generation;
    }
    // Filled in order, never with holes (a holey array is slower to read).
    while (this.values.length <= entry) this.values.push(UNKNOWN);
    const known = this.values[entry]!;
    if (known !== UNKNOWN) return known;
    const value = this.derive(tokens, i);
    this.values[entry] = value;
    return value;
  }
}

/**
 * The list `tokenize` and `stemsOf` read a short text into before they copy out what they return:
 * the figures stage tokenizes the few words around each number it meets, and a new list (six
 * arrays grown from empty) for each call was most of what that stage allocated. Both copy the list
 * before they return, and the tokenizer never calls them, so one list serves every call. A long
 * text gets a list of its own, so that this one stays small (it is module-level).
 */
const SCRATCH = new TokenList();
const SCRATCH_MAX_CHARS = 1000;

function scratchListFor(text: string): TokenList {
  return text.length <= SCRATCH_MAX_CHARS ? SCRATCH : new TokenList();
}

/**
 * Empties the strings `list` holds once they are copied out. A word of 13 characters or more may be
 * a slice of the caller's text (V8 shares such strings), and the scratch list is module-level: a
 * word left in it would keep a closed document's whole text alive. The arrays keep their capacity.
 */
function releaseStrings(list: TokenList): void {
  // A list of its own (a long text) is dropped anyway; the scratch list's entries past `length`
  // were emptied by the call that wrote them.
  if (list !== SCRATCH) return;
  list.words.fill('', 0, list.length);
  list.stems.fill('', 0, list.length);
}

export function tokenize(text: string): Token[] {
  const list = scratchListFor(text);
  try {
    tokenizeInto(text, list);
    const out: Token[] = [];
    for (let i = 0; i < list.length; i++) {
      out.push({ word: list.words[i]!, stem: list.stems[i]!, start: list.starts[i]!, end: list.ends[i]!, breakBefore: list.breakBefore[i]! });
    }
    return out;
  } finally {
    // Also after a throw: `length` then counts the entries written so far.
    releaseStrings(list);
  }
}

/** The stems of a phrase's words ("double-booked seats" -> "double", "book", "seat"). */
export function stemsOf(text: string): string[] {
  const list = scratchListFor(text);
  try {
    tokenizeInto(text, list);
    return list.stems.slice(0, list.length);
  } finally {
    releaseStrings(list);
  }
}

/** @internal For a unit test: the non-empty strings the scratch list still holds between calls (none). */
export function scratchStringsForTests(): number {
  return SCRATCH.words.filter(Boolean).length + SCRATCH.stems.filter(Boolean).length;
}

/** Reads the words of `text` into `list`, cleared first; offsets are in `text`. Returns `list`. */
export function tokenizeInto(text: string, list: TokenList): TokenList {
  list.clear();
  list.generation = WORD_TABLE.generation;
  // Whether the characters passed over since the last word hold a clause break ("2.5" does not).
  let gapBreak = false;
  for (let i = 0; i < text.length;) {
    const start = i;
    let code = text.charCodeAt(i);
    // ASCII that is no letter or digit (spaces, punctuation: a fifth of a text) starts no word.
    if (code < 0x80 && !isAsciiLetterOrDigit(code)) {
      if (isBreakAt(text, i)) gapBreak = true;
      i++;
      continue;
    }
    if (code < 0x80) {
      // Most words are ASCII letters and digits: hashed as they are read, and found in WORD_TABLE
      // without building a string (wordTable.ts says why).
      let hash = 0;
      do {
        hash = nextHash(hash, code | 0x20);
        code = text.charCodeAt(++i);
      } while (isAsciiLetterOrDigit(code));
      // A word that goes on past ASCII ("café") or takes an apostrophe ("don't") is read below from its start.
      if (!goesOn(text, i)) {
        const e = i - start <= MAX_CACHED_WORD ? knownWord(text, start, i, hash) : -1;
        if (e !== -1) {
          list.push(WORD_TABLE.words[e]!, WORD_TABLE.stems[e]!, start, i, list.length === 0 || gapBreak || WORD_TABLE.clauseBreaks[e]!, e);
        } else {
          const word = text.slice(start, i).toLowerCase();
          list.push(word, stem(word), start, i, list.length === 0 || gapBreak || BREAK_WORDS.has(word), -1);
        }
        gapBreak = false;
        continue;
      }
      i = start;
    }
    const first = wordCharLength(text, i, LETTER_OR_DIGIT);
    if (first === 0) {
      // Each of a surrogate pair's halves is looked at, as each character of the gap is.
      for (let end = i + codePointLength(text, i); i < end; i++) if (isBreakAt(text, i)) gapBreak = true;
      continue;
    }
    i += first;
    for (let n = wordCharLength(text, i, LETTER_OR_DIGIT); n > 0; n = wordCharLength(text, i, LETTER_OR_DIGIT)) i += n;
    const apostrophe = text.charCodeAt(i) === APOSTROPHE && wordCharLength(text, i + 1, LETTER) > 0;
    if (apostrophe) {
      i++;
      for (let n = wordCharLength(text, i, LETTER); n > 0; n = wordCharLength(text, i, LETTER)) i += n;
    }
    const lower = text.slice(start, i).toLowerCase();
    const word = apostrophe ? lower.replace(/'s$/, '').replace(/'/g, '') : lower;
    list.push(word, stem(word), start, i, list.length === 0 || gapBreak || BREAK_WORDS.has(word), -1);
    gapBreak = false;
  }
  return list;
}

/** Whether the character at `i`, between two words, breaks a clause: break punctuation, not inside a figure. */
function isBreakAt(text: string, i: number): boolean {
  return BREAK_PUNCTUATION[text.charCodeAt(i)] === 1 && !isInsideNumber(text, i);
}

/** The table's entry for the ASCII word text[start, end), added when new; -1 when the table is full. */
function knownWord(text: string, start: number, end: number, hash: number): number {
  const e = WORD_TABLE.find(text, start, end, hash);
  // A full table takes no word: the caller reads it the long way, once.
  if (e !== -1 || WORD_TABLE.full) return e;
  const word = text.slice(start, end).toLowerCase();
  // The table keeps the stem: STEMS (stem()) is for the words the table does not take.
  return WORD_TABLE.add(word, hash, computeStem(word), BREAK_WORDS.has(word));
}

/** Whether the word does not end at `i` after all: a non-ASCII letter or digit, or an apostrophe and a letter, follows. */
function goesOn(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 0x80 && wordCharLength(text, i, LETTER_OR_DIGIT) > 0) || (c === APOSTROPHE && wordCharLength(text, i + 1, LETTER) > 0);
}

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

const APOSTROPHE = 0x27;

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Length (1, or 2 for a surrogate pair) of the character at `i` when `unicodeClass` holds for it,
 * else 0. ASCII, which is most of what a design doc holds, is decided without the regular expression.
 */
function wordCharLength(text: string, i: number, unicodeClass: RegExp): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    const isLetter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    return isLetter || (unicodeClass === LETTER_OR_DIGIT && isAsciiDigit(c)) ? 1 : 0;
  }
  if (Number.isNaN(c)) return 0;
  unicodeClass.lastIndex = i;
  return unicodeClass.test(text) ? unicodeClass.lastIndex - i : 0;
}

function codePointLength(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** "2.5" and "10:1" keep their punctuation inside the figure; it breaks no clause. */
function isInsideNumber(text: string, i: number): boolean {
  return isAsciiDigit(text.charCodeAt(i - 1)) && isAsciiDigit(text.charCodeAt(i + 1));
}

export function stem(word: string): string {
  const cached = STEMS.get(word);
  if (cached !== undefined) return cached;
  const s = computeStem(word);
  if (word.length <= MAX_CACHED_WORD && STEMS.size < MAX_CACHED_STEMS) STEMS.set(word, s);
  return s;
}

/**
 * A small, predictable stemmer: it maps the inflections a design doc uses ("booking", "booked",
 * "books") onto the base form a content writer gives ("book"). Catalog phrases and documents go
 * through the same function, so consistency matters more than linguistic accuracy.
 */
function computeStem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (KEEP_WHOLE.has(w)) return w;
  const verb = strip(w, 'ing') ?? strip(w, 'ied', 'y') ?? strip(w, 'ed');
  if (verb !== undefined) w = undouble(verb);
  const derived = strip(w, 'ations') ?? strip(w, 'ation') ?? strip(w, 'ate');
  if (derived !== undefined) w = derived;
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

function strip(w: string, suffix: string, add = ''): string | undefined {
  if (!w.endsWith(suffix)) return undefined;
  const base = w.slice(0, w.length - suffix.length);
  return base.length >= 3 && /[aeiouy]/.test(base) ? base + add : undefined;
}

function undouble(w: string): string {
  return w.length >= 4 && /([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}
