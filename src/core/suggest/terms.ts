/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import type { StemFacts } from './catalogIndex';
import { isAsciiDigit, WordMemo, type TokenList } from './tokens';

const STOP = new Set(WORDS.stopwords);

/** Stopwords, digits and one-letter words are no terms: the text model never reads them, and scoreWords.ts never names them. */
export function isTerm(word: string): boolean {
  return !(word.length < 2 || isAsciiDigit(word.charCodeAt(0)) || STOP.has(word));
}

/** Whether each word counts as a term, worked out once a word (tokens.ts `WordMemo`). */
const TERMS = new WordMemo((tokens, i) => isTerm(tokens.words[i]!));

/**
 * Adds the tokens' unigrams and every bigram to `counts`: the catalog's own text (catalogIndex.ts),
 * where the bigrams are what the vocabulary is made of. A document's terms are counted by
 * `DocumentTermCounts`, which keeps only the catalog's bigrams.
 */
export function addTermsFromTokens(tokens: TokenList, weight: number, counts: Map<string, number>): number {
  let previous: string | undefined;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const stem = tokens.stems[i]!;
    if (tokens.breakBefore[i]) previous = undefined;
    if (!TERMS.at(tokens, i)) { previous = undefined; continue; }
    words++;
    counts.set(stem, (counts.get(stem) ?? 0) + weight);
    if (previous !== undefined) {
      const bigram = `${previous} ${stem}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
    }
    previous = stem;
  }
  return words;
}

/** Room for the word entries of a short document (2 KB in all); doubled when half full. */
const FIRST_ENTRY_PLACES = 256;

/** An entry's first place to look: the high bits of a multiplicative hash, which spread entry numbers that share their low bits. */
function placeOf(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

/**
 * The weighted term counts of one document, block after block (evidence.ts): its unigrams, and
 * only the catalog's bigrams (`facts`, the catalog index's facts of each token's stem, say which
 * second stems a stem's bigrams may take): the others could never match a pattern's vector, and
 * building their strings was most of the cost on a large document. The same sums, in the same map
 * order, as counting into a map, but with no map lookup for a word met before in the document. A large document holds
 * about a hundred thousand words a megabyte and a few thousand distinct stems, and two map lookups
 * a word (read, then write the sum) were most of the term counting's time.
 *
 * Each term (stem or bigram) gets a slot when first counted, so slots are in the order a map would
 * hold the terms. A word's slot is kept by its entry in the word table (`TokenList.entries`), in a
 * small hash table of the entries this document has met: it grows with the document's distinct
 * words, not with the word table, whose entry numbers run up to 200,000 late in a session (an
 * array indexed by entry cost a short document up to a megabyte). An entry stands for one word
 * only within a generation of the word table, so the entries kept are dropped when the tokens come
 * from another generation (`TokenList.generation`); the terms and sums, kept by string, stay.
 * The hash table is a cache in front of the lookup by string: a worse hash, or a growth that
 * rehashes badly, costs only speed (more probes, more misses), never a wrong sum, so the tests pin
 * what it returns and how much it allocates, not how well it spreads.
 */
export class DocumentTermCounts {
  /** Open addressing, at most half full: entry + 1 (0 for an empty place), and beside it the entry's slot (-1 when the word is no term). */
  private entryKeys = new Int32Array(FIRST_ENTRY_PLACES);
  private entrySlots = new Int32Array(FIRST_ENTRY_PLACES);
  /** 32 less log2 of the places: a multiplicative hash keeps that many high bits. */
  private entryShift = 32 - Math.log2(FIRST_ENTRY_PLACES);
  private entriesKept = 0;
  /** The word-table generation the kept entries belong to. */
  private generation = -1;
  private readonly slotOfTerm = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly sums: number[] = [];

  /** Adds the tokens' unigrams, and the catalog's bigrams among them, with `weight`; returns the number of terms read. */
  add(tokens: TokenList, weight: number, facts: readonly (StemFacts | undefined)[]): number {
    if (tokens.generation !== this.generation) this.forgetEntries(tokens.generation);
    let previous: string | undefined;
    let previousFacts: StemFacts | undefined;
    let words = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens.breakBefore[i]) previous = undefined;
      const slot = this.slotOfToken(tokens, i);
      if (slot < 0) { previous = undefined; continue; }
      words++;
      this.sums[slot]! += weight;
      const stem = tokens.stems[i]!;
      if (previous !== undefined && previousFacts?.bigramSeconds?.has(stem)) this.sums[this.slotOf(`${previous} ${stem}`)]! += weight;
      previous = stem;
      previousFacts = facts[i];
    }
    return words;
  }

  /** The counts, in the order the terms were first met. */
  toMap(): Map<string, number> {
    const counts = new Map<string, number>();
    for (let slot = 0; slot < this.terms.length; slot++) counts.set(this.terms[slot]!, this.sums[slot]!);
    return counts;
  }

  /** @internal For a unit test: how many word entries the table of kept entries has room for. */
  entryPlacesForTests(): number {
    return this.entryKeys.length;
  }

  /** The slot of the i-th token's stem, or -1 when the token is no term. */
  private slotOfToken(tokens: TokenList, i: number): number {
    const entry = tokens.entries[i]!;
    if (entry < 0) return isTerm(tokens.words[i]!) ? this.slotOf(tokens.stems[i]!) : -1;
    const key = entry + 1;
    const keys = this.entryKeys;
    const mask = keys.length - 1;
    let place = placeOf(key, this.entryShift);
    for (let kept = keys[place]!; kept !== 0; kept = keys[place]!) {
      if (kept === key) return this.entrySlots[place]!;
      place = (place + 1) & mask;
    }
    const slot = isTerm(tokens.words[i]!) ? this.slotOf(tokens.stems[i]!) : -1;
    keys[place] = key;
    this.entrySlots[place] = slot;
    if (++this.entriesKept * 2 > keys.length) this.growEntries();
    return slot;
  }

  /** The slot of a term, a new one (with a sum of 0) when it is met for the first time. */
  private slotOf(term: string): number {
    let slot = this.slotOfTerm.get(term);
    if (slot === undefined) {
      slot = this.terms.length;
      this.slotOfTerm.set(term, slot);
      this.terms.push(term);
      this.sums.push(0);
    }
    return slot;
  }

  /** Drops the kept entries, which mean other words in `generation`, and starts again small. */
  private forgetEntries(generation: number): void {
    this.generation = generation;
    if (this.entriesKept === 0) return;
    this.entryKeys = new Int32Array(FIRST_ENTRY_PLACES);
    this.entrySlots = new Int32Array(FIRST_ENTRY_PLACES);
    this.entryShift = 32 - Math.log2(FIRST_ENTRY_PLACES);
    this.entriesKept = 0;
  }

  private growEntries(): void {
    const keys = this.entryKeys;
    const slots = this.entrySlots;
    this.entryKeys = new Int32Array(keys.length * 2);
    this.entrySlots = new Int32Array(keys.length * 2);
    this.entryShift--;
    const mask = this.entryKeys.length - 1;
    for (let from = 0; from < keys.length; from++) {
      const key = keys[from]!;
      if (key === 0) continue;
      let place = placeOf(key, this.entryShift);
      while (this.entryKeys[place] !== 0) place = (place + 1) & mask;
      this.entryKeys[place] = key;
      this.entrySlots[place] = slots[from]!;
    }
  }
}
