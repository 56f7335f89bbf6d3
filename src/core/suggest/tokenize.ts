/**
 * Splits one line into words in a single left-to-right pass over char codes (no regular
 * expressions, so no backtracking). Words are runs of letters and digits; an apostrophe inside
 * a word is dropped ("don't" -> "dont"), hyphens and other punctuation separate words. Each word
 * remembers whether a clause break (. , ; : ! ? ( ) and the like) stands before it, which the
 * negation rules use as a scope boundary.
 */

/** Reusable token buffers for one line; `count` words are valid. */
export interface LineTokens {
  count: number;
  /** The word as written (original case, apostrophes removed). */
  words: string[];
  starts: number[];
  ends: number[];
  /** True when a clause break stands between this word and the previous one. */
  breakBefore: boolean[];
}

export function createLineTokens(): LineTokens {
  return { count: 0, words: [], starts: [], ends: [], breakBefore: [] };
}

/**
 * Character classes by UTF-16 code unit: one table lookup instead of a chain of comparisons.
 * Shared with the line scanner (lineScan.ts), which runs its own fused word loop over it.
 */
export const CHAR_WORD = 1;
export const CHAR_BREAK = 2;
export const CHAR_CLASS = ((): Uint8Array => {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    let word: boolean;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    // General punctuation, symbols and the replacement character separate words; other
    // non-ASCII code units (letters of other scripts, surrogate halves) stay inside words.
    else if ((c >= 0x2000 && c <= 0x2bff) || c === 0xfffd || c === 0xa0 || c === 0x3000) word = false;
    else word = c >= 0xc0;
    if (word) t[c] = CHAR_WORD;
    // . , ; : ! ? ( ) [ ] | and the em/en dash
    else if ([46, 44, 59, 58, 33, 63, 40, 41, 91, 93, 124, 0x2014, 0x2013].includes(c)) t[c] = CHAR_BREAK;
  }
  return t;
})();

function isWordCode(c: number): boolean {
  return CHAR_CLASS[c] === CHAR_WORD;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

function isClauseBreak(c: number): boolean {
  return CHAR_CLASS[c] === CHAR_BREAK;
}

/** A bare address ("https://...", "www.example.com/...") starts at `i`. */
export function startsAddress(text: string, i: number, to: number): boolean {
  if (i > 0 && isWordCode(text.charCodeAt(i - 1))) return false;
  return (to - i > 8 && (text.startsWith('http://', i) || text.startsWith('https://', i))) || (to - i > 5 && text.startsWith('www.', i));
}

/** Index after the address starting at `i`: the next space, or the ')' closing a link. */
export function skipAddress(text: string, i: number, to: number): number {
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 41) return i + (c === 41 ? 1 : 0);
    i++;
  }
  return to;
}

/** Tokenises `text[from, to)` into `out`. Columns are offsets into `text`. */
export function tokenizeLine(text: string, from: number, to: number, out: LineTokens): void {
  let count = 0;
  let pendingBreak = true;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      // A markdown link target "](...)": an address, not prose.
      if (c === 40 && i > from && text.charCodeAt(i - 1) === 93) {
        i = skipAddress(text, i + 1, to);
        continue;
      }
      if (isClauseBreak(c)) pendingBreak = true;
      i++;
      continue;
    }
    // A bare address ("https://...", "www.example.com/..."): skip to the next space.
    if ((c === 104 || c === 119) && startsAddress(text, i, to)) {
      i = skipAddress(text, i, to);
      pendingBreak = true;
      continue;
    }
    const start = i;
    let hasApostrophe = false;
    i++;
    while (i < to) {
      const d = text.charCodeAt(i);
      if (isWordCode(d)) {
        i++;
      } else if (isApostrophe(d) && i + 1 < to && isWordCode(text.charCodeAt(i + 1))) {
        hasApostrophe = true;
        i++;
      } else {
        break;
      }
    }
    let word = text.slice(start, i);
    if (hasApostrophe) word = word.replace(/['\u2019]/g, '');
    out.words[count] = word;
    out.starts[count] = start;
    out.ends[count] = i;
    out.breakBefore[count] = pendingBreak;
    pendingBreak = false;
    count++;
  }
  out.count = count;
}

/** Lowercases and splits a phrase from the catalog into words, the same way as document text. */
export function phraseWords(phrase: string): string[] {
  const tokens = createLineTokens();
  tokenizeLine(phrase, 0, phrase.length, tokens);
  return tokens.words.slice(0, tokens.count).map((w) => w.toLowerCase());
}
