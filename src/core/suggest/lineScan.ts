/**
 * Analysis of one line on its own: its words, the catalog phrases it contains (not negated),
 * whether it carries a requirement word, and the figures it states (read lazily, `lineFacts`). The result depends on the
 * line's text only, never on where the line stands, so the engine caches it by text and a
 * re-analysis after an edit redoes just the lines that changed. Where the line stands (title,
 * heading, requirement, excluded section) is applied afterwards by the engine.
 *
 * Tokenising follows tokenize.ts (letters and digits make words, apostrophes inside a word are
 * dropped, punctuation breaks clauses, link targets and bare addresses are skipped), but in one
 * pass over char codes that resolves each word as it goes (wordTable.ts) instead of slicing it.
 */
import { isNegated } from './negation';
import { CHAR_BREAK as BREAK, CHAR_CLASS as CLASS, CHAR_WORD as WORD, skipAddress, startsAddress } from './tokenize';
import { extractNumbers } from './numbers';
import type { NumberFact } from './types';
import type { Phrase, Vocabulary } from './vocabulary';
import { FLAG_FIGURE, FLAG_MAGNITUDE, FLAG_NEGATION, FLAG_REGISTER, FLAG_REGISTER_CORE, FLAG_REQUIREMENT, TRIE_COLUMN, TRIE_ROOT, TRIE_WIDTH, WordTable } from './wordTable';

/** One catalog phrase found in a line. */
export interface LineHit {
  readonly phrase: Phrase;
  /** 1-based column of the first word. */
  readonly column: number;
  /** Length of the span as written (the engine slices it from the line only when it keeps it as evidence). */
  readonly length: number;
  /** 1 for the phrase word for word; less when its words stand apart or in another order. */
  readonly factor: number;
}

export interface LineAnalysis {
  readonly words: number;
  /** Words of the catalog's prose register, and of its core (vocabulary.ts `registerWords`). */
  readonly registerWords: number;
  readonly coreWords: number;
  readonly hits: readonly LineHit[];
  readonly requirementWord: boolean;
  /** Whether one of the line's last few words starts with a digit (a figure may continue on the next line). */
  readonly tailDigit: boolean;
  /** Whether the line may state figures (it has a digit and a figure word); `lineFacts` reads them. */
  readonly mayHaveFacts: boolean;
  /** Whether it has a scale word ("thousand", "millions"), so figures written in words are read too. */
  readonly wordFigures: boolean;
  /** The figures, once read (`lineFacts`), with `line` 0 (the engine stamps the real line). */
  facts?: readonly NumberFact[];
}

/**
 * The figures of a line, read on first use and kept with its analysis. Reading figures costs as
 * much as the rest of the line's analysis, and the engine stops collecting them after a few
 * hundred, so in a long document most figure lines are never read.
 */
export function lineFacts(line: LineAnalysis, text: string, from: number, to: number): readonly NumberFact[] {
  if (!line.mayHaveFacts) return EMPTY_FACTS;
  if (line.facts === undefined) {
    const out: NumberFact[] = [];
    extractNumbers(text, from, to, 0, out, line.wordFigures);
    line.facts = out.length > 0 ? out : EMPTY_FACTS;
  }
  return line.facts;
}

/** What a loose match (words apart or reordered, same clause) counts relative to a word-for-word one. */
export const LOOSE_FACTOR = 0.7;
/** Extra words a loose match may span beyond the phrase's own. */
const LOOSE_SLACK = 2;

const REQUIREMENT = FLAG_REQUIREMENT;
const FIGURE = FLAG_FIGURE;
const REGISTER = FLAG_REGISTER;
const CORE = FLAG_REGISTER_CORE;
const NEGATION = FLAG_NEGATION;
const EMPTY_HITS: readonly LineHit[] = [];
const EMPTY_FACTS: readonly NumberFact[] = [];
/** Words at the end of a line within which a digit sets `tailDigit`. */
const TAIL_WORDS = 4;
/** Shared results for lines with no phrase, no figure and no register word, by word count, requirement word and tail digit. */
const PLAIN: readonly (readonly LineAnalysis[])[] = Array.from({ length: 256 }, (_, words) =>
  [0, 1, 2, 3].map((k) => ({
    words, registerWords: 0, coreWords: 0, hits: EMPTY_HITS, requirementWord: (k & 1) !== 0, tailDigit: (k & 2) !== 0, mayHaveFacts: false, wordFigures: false, facts: EMPTY_FACTS,
  })));

/** Reusable per-line buffers. */
class Buffers {
  entries = new Int32Array(256);
  ids = new Int32Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  breaks = new Uint8Array(256);
  grow(): void {
    const n = this.entries.length * 2;
    const g = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.entries = g(this.entries, (k) => new Int32Array(k));
    this.ids = g(this.ids, (k) => new Int32Array(k));
    this.starts = g(this.starts, (k) => new Int32Array(k));
    this.ends = g(this.ends, (k) => new Int32Array(k));
    this.breaks = g(this.breaks, (k) => new Uint8Array(k));
  }
}

export class LineScanner {
  private readonly buf = new Buffers();
  private readonly lowerWords: string[] = [];
  private readonly breakFlags: boolean[] = [];
  /** Per stem id: the stamp of the last line it occurred in (cheap "is this word in the line"); `tokenize` sets it. */
  private readonly seenInLine: Int32Array;
  /** Per phrase (by its index): the stamp of the last line it matched in. */
  private readonly matchedInLine: Int32Array;
  private stamp = 0;
  /** Set by `tokenize` for the line it split: words in the vocabulary, OR of word flags, first and last word starting with a digit (-1: none). */
  private vocabWords = 0;
  private flags = 0;
  private registerWords = 0;
  private coreWords = 0;
  private firstDigit = -1;
  private lastDigit = -1;

  constructor(private readonly vocabulary: Vocabulary, private readonly table: WordTable) {
    this.seenInLine = new Int32Array(vocabulary.stemIds.size + 1);
    this.matchedInLine = new Int32Array(vocabulary.phraseCount + 1);
  }

  analyse(text: string, from: number, to: number): LineAnalysis {
    const count = this.tokenize(text, from, to);
    const vocabWords = this.vocabWords;
    const flags = this.flags;
    const hasDigit = this.firstDigit >= 0;
    const requirementWord = (flags & REQUIREMENT) !== 0;
    const tailDigit = this.lastDigit >= 0 && this.lastDigit >= count - TAIL_WORDS;
    const hits = vocabWords > 0 ? this.match(from, count, vocabWords, (flags & NEGATION) !== 0) : EMPTY_HITS;
    const mayHaveFacts = (hasDigit || (flags & FLAG_MAGNITUDE) !== 0) && (flags & FIGURE) !== 0;
    const registerWords = this.registerWords;
    const coreWords = this.coreWords;
    if (hits === EMPTY_HITS && !mayHaveFacts && registerWords === 0 && count < PLAIN.length) {
      return PLAIN[count]![(requirementWord ? 1 : 0) + (tailDigit ? 2 : 0)]!;
    }
    // One object shape for every line (`facts` present, undefined until read), so the engine's reads stay monomorphic.
    const wordFigures = (flags & FLAG_MAGNITUDE) !== 0;
    return { words: count, registerWords, coreWords, hits, requirementWord, tailDigit, mayHaveFacts, wordFigures, facts: mayHaveFacts ? undefined : EMPTY_FACTS };
  }

  /** `negations`: whether the line has a word that can negate a hit (`mayNegate`); without one no hit is checked. */
  private match(from: number, count: number, vocabWords: number, negations: boolean): LineHit[] {
    const buf = this.buf;
    const ids = buf.ids;
    let hits: LineHit[] | undefined;
    /** Word ranges [from, to) of false friends, pairwise. */
    let claimed: number[] | undefined;
    let lowered = false;
    const stamp = this.stamp;
    const seen = this.seenInLine;
    const matched = this.matchedInLine;
    const byFirst = this.vocabulary.byFirstId;
    const looseByAnchor = this.vocabulary.looseByAnchorId;
    for (let t = 0; t < count; t++) {
      const id = ids[t]!;
      if (id < 0) continue;
      const candidates = byFirst[id];
      if (!candidates) continue;
      let phrase = longestMatch(candidates, ids, t, count);
      if (phrase?.surface !== undefined) {
        // A false friend matches as written (or plural), not by stem: "order book" is not "order booking".
        if (!lowered) {
          this.lower(count);
          lowered = true;
        }
        if (!surfaceMatches(phrase.surface, this.lowerWords, t)) phrase = longestMatch(candidates, ids, t, count, phrase);
      }
      if (!phrase) continue;
      const last = t + phrase.ids.length;
      if (phrase.targets.length === 0 && phrase.answers.length === 0) {
        // A false friend ("layer cache"): it claims its words, for loose matches too.
        (claimed ??= []).push(t, last);
        t = last - 1;
        continue;
      }
      if (negations && !lowered) {
        this.lower(count);
        lowered = true;
      }
      if (!negations || !isNegated(this.lowerWords, this.breakFlags, count, t, last)) {
        matched[phrase.index] = stamp;
        (hits ??= []).push({ phrase, column: buf.starts[t]! - from + 1, length: buf.ends[last - 1]! - buf.starts[t]!, factor: 1 });
      }
      t = last - 1;
    }
    if (vocabWords >= 2) {
      // Loose matches: a phrase's words within a few words of each other in one clause, in any
      // order ("generate the monthly PDFs" ~ "pdf generation", "editor ... collaborative").
      for (let t = 0; t < count; t++) {
        const id = ids[t]!;
        if (id < 0) continue;
        const candidates = looseByAnchor[id];
        if (!candidates) continue;
        for (const phrase of candidates) {
          if (matched[phrase.index] === stamp || !allSeen(phrase, seen, stamp)) continue;
          const span = looseSpan(phrase, ids, buf.breaks, t, count);
          if (!span || (claimed !== undefined && overlapsAny(claimed, span[0], span[1]))) continue;
          if (negations && !lowered) {
            this.lower(count);
            lowered = true;
          }
          if (negations && isNegated(this.lowerWords, this.breakFlags, count, span[0], span[1])) continue;
          matched[phrase.index] = stamp;
          (hits ??= []).push({
            phrase, column: buf.starts[span[0]]! - from + 1, length: buf.ends[span[1] - 1]! - buf.starts[span[0]]!, factor: LOOSE_FACTOR,
          });
        }
      }
    }
    return hits ?? (EMPTY_HITS as LineHit[]);
  }

  private lower(count: number): void {
    for (let t = 0; t < count; t++) {
      this.lowerWords[t] = this.table.wordOf(this.buf.entries[t]!);
      this.breakFlags[t] = this.buf.breaks[t] === 1;
    }
  }

  /** Splits `text[from, to)` into the buffers, stamping the line's stems in `seenInLine`; returns the word count. */
  private tokenize(text: string, from: number, to: number): number {
    const buf = this.buf;
    const table = this.table;
    if (this.stamp === 0x7fffffff) {
      // Stamps are 32-bit: start over rather than wrap.
      this.seenInLine.fill(0);
      this.matchedInLine.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const seen = this.seenInLine;
    let count = 0;
    let pendingBreak = 1;
    let vocabWords = 0;
    let flags = 0;
    let registerWords = 0;
    let coreWords = 0;
    let firstDigit = -1;
    let lastDigit = -1;
    let i = from;
    const cls = CLASS;
    const column = TRIE_COLUMN;
    let trie = table.trie;
    let capacity = buf.entries.length;
    while (i < to) {
      const c = text.charCodeAt(i);
      const k = cls[c]!;
      if (k !== WORD) {
        if (c === 40 && i > from && text.charCodeAt(i - 1) === 93) {
          i = skipAddress(text, i + 1, to);
          continue;
        }
        if (k === BREAK) pendingBreak = 1;
        i++;
        continue;
      }
      if ((c === 104 || c === 119) && startsAddress(text, i, to)) {
        i = skipAddress(text, i, to);
        pendingBreak = 1;
        continue;
      }
      const start = i;
      // Walk the table's trie while reading the word (wordTable.ts): node 0 once it has left it.
      let node = trie[TRIE_ROOT * TRIE_WIDTH + column[c]!]!;
      let apostrophes = false;
      i++;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (cls[d] === WORD) {
          node = trie[node * TRIE_WIDTH + column[d]!]!;
          i++;
        } else if ((d === 39 || d === 0x2019) && i + 1 < to && cls[text.charCodeAt(i + 1)] === WORD) {
          apostrophes = true;
          i++;
        } else {
          break;
        }
      }
      if (count === capacity) {
        buf.grow();
        capacity = buf.entries.length;
      }
      let entry = table.trieEntries[node]! - 1;
      if (entry < 0) {
        // Not in the trie: a word new to the table (which adds it), or one the trie cannot hold.
        entry = table.lookupSpan(text, start, i, apostrophes);
        trie = table.trie;
      }
      const id = table.idOf(entry);
      buf.entries[count] = entry;
      buf.ids[count] = id;
      if (id >= 0) {
        vocabWords++;
        seen[id] = stamp;
      }
      const wordFlags = table.flagsOf(entry);
      flags |= wordFlags;
      if ((wordFlags & REGISTER) !== 0) {
        registerWords++;
        if ((wordFlags & CORE) !== 0) coreWords++;
      }
      if (c >= 48 && c <= 57) {
        if (firstDigit < 0) firstDigit = count;
        lastDigit = count;
      }
      buf.starts[count] = start;
      buf.ends[count] = i;
      buf.breaks[count] = pendingBreak;
      pendingBreak = 0;
      count++;
    }
    this.vocabWords = vocabWords;
    this.flags = flags;
    this.registerWords = registerWords;
    this.coreWords = coreWords;
    this.firstDigit = firstDigit;
    this.lastDigit = lastDigit;
    return count;
  }
}

function allSeen(phrase: Phrase, seen: Int32Array, stamp: number): boolean {
  for (let k = 1; k < phrase.ids.length; k++) if (seen[phrase.ids[k]!] !== stamp) return false;
  return true;
}

function longestMatch(candidates: readonly Phrase[], ids: Int32Array, t: number, count: number, skip?: Phrase): Phrase | undefined {
  for (const phrase of candidates) {
    if (phrase === skip) continue;
    const len = phrase.ids.length;
    if (t + len > count) continue;
    let ok = true;
    for (let k = 1; k < len && ok; k++) ok = ids[t + k] === phrase.ids[k];
    if (ok) return phrase;
  }
  return undefined;
}

/** Whether the words from `t` are one of the `surfaces` as written, or with a plural "s"/"es". */
function surfaceMatches(surfaces: readonly (readonly string[])[], words: readonly string[], t: number): boolean {
  return surfaces.some((surface) => surface.every((s, k) => {
    const w = words[t + k];
    return w === s || w === `${s}s` || w === `${s}es`;
  }));
}

/** Whether `[from, to)` overlaps one of the ranges (pairs of from, to). */
function overlapsAny(ranges: readonly number[], from: number, to: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (from < ranges[k + 1]! && ranges[k]! < to) return true;
  return false;
}

/**
 * Where the phrase's words stand within reach of its anchor word at `t` (its first word), in any
 * order, in the anchor's clause: `[first, last + 1)`, or undefined.
 */

function looseSpan(phrase: Phrase, ids: Int32Array, breaks: Uint8Array, t: number, count: number): [number, number] | undefined {
  const reach = phrase.ids.length - 1 + LOOSE_SLACK;
  // The clause around t.
  let lo = t;
  while (lo > 0 && t - lo < reach && breaks[lo] === 0) lo--;
  let hi = t;
  while (hi + 1 < count && hi + 1 - t <= reach && breaks[hi + 1] === 0) hi++;
  let first = t;
  let last = t;
  for (let k = 1; k < phrase.ids.length; k++) {
    const want = phrase.ids[k]!;
    let at = -1;
    for (let d = 1; d <= reach && at < 0; d++) {
      if (t + d <= hi && ids[t + d] === want) at = t + d;
      else if (t - d >= lo && ids[t - d] === want) at = t - d;
    }
    if (at < 0) return undefined;
    if (at < first) first = at;
    if (at > last) last = at;
  }
  if (last - first > reach) return undefined;
  return [first, last + 1];
}
