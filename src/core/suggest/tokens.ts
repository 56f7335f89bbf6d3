/**
 * The one tokenizer. Every stage that reads words (structure, evidence, similarity, figures'
 * nouns, questions) uses `tokenize`, so a word is the same thing everywhere: a run of letters
 * and digits, lowercased, with its offset in the text and its stem.
 */
import { WORDS } from './lexicon';

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

const KEEP_WHOLE = new Set(WORDS.keepWhole);
const BREAK_PUNCTUATION = new Set(WORDS.clauseBreaks.filter((b) => !/^[a-z]/.test(b)));
const BREAK_WORDS = new Set(WORDS.clauseBreaks.filter((b) => /^[a-z]/.test(b)));
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
/** The same for ASCII-only text, several times faster; most design docs are ASCII. */
const ASCII_WORD = /[A-Za-z0-9]+(?:'[A-Za-z]+)?/g;
const NON_ASCII = /[\u0080-\uffff]/;

/** Stems by word: documents repeat their words, so each is stemmed once per process. */
const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(NON_ASCII.test(text) ? WORD : ASCII_WORD)) {
    const start = m.index;
    const raw = m[0];
    const lower = raw.toLowerCase();
    const word = lower.includes("'") ? lower.replace(/'s$/, '').replace(/'/g, '') : lower;
    let breakBefore = out.length === 0;
    if (!breakBefore && start - last > 1) {
      for (let i = last; i < start; i++) {
        if (BREAK_PUNCTUATION.has(text[i]!) && !isInsideNumber(text, i)) { breakBefore = true; break; }
      }
    } else if (!breakBefore && start - last === 1 && BREAK_PUNCTUATION.has(text[last]!) && !isInsideNumber(text, last)) {
      breakBefore = true;
    }
    if (BREAK_WORDS.has(word)) breakBefore = true;
    out.push({ word, stem: stem(word), start, end: start + raw.length, breakBefore });
    last = start + raw.length;
  }
  return out;
}

/** "2.5" and "10:1" keep their punctuation inside the figure; it breaks no clause. */
function isInsideNumber(text: string, i: number): boolean {
  return /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '');
}

export function stem(word: string): string {
  const cached = STEMS.get(word);
  if (cached !== undefined) return cached;
  const s = computeStem(word);
  if (STEMS.size < MAX_CACHED_STEMS) STEMS.set(word, s);
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
