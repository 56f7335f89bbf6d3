/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import type { StemFacts } from './catalogIndex';
import { isAsciiDigit, WordMemo, type TokenList } from './tokens';

const STOP = new Set(WORDS.stopwords);

/** Stopwords, digits and one-letter words are no terms. */
function isTerm(word: string): boolean {
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
 * hold the terms; a word's slot is kept by its entry in the word table (`TokenList.entries`), which
 * stands for one word throughout a document (the table is cleared only between documents).
 */
export class DocumentTermCounts {
  /** Per word-table entry: 0 when not met yet, -1 when the word is no term, else 1 + the slot of its stem. */
  private slotOfEntry = new Int32Array(1024);
  private readonly slotOfTerm = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly sums: number[] = [];

  /** Adds the tokens' unigrams, and the catalog's bigrams among them, with `weight`; returns the number of terms read. */
  add(tokens: TokenList, weight: number, facts: readonly (StemFacts | undefined)[]): number {
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

  /** The slot of the i-th token's stem, or -1 when the token is no term. */
  private slotOfToken(tokens: TokenList, i: number): number {
    const entry = tokens.entries[i]!;
    if (entry < 0) return isTerm(tokens.words[i]!) ? this.slotOf(tokens.stems[i]!) : -1;
    if (entry >= this.slotOfEntry.length) this.growTo(entry);
    const known = this.slotOfEntry[entry]!;
    if (known !== 0) return known > 0 ? known - 1 : -1;
    const slot = isTerm(tokens.words[i]!) ? this.slotOf(tokens.stems[i]!) : -1;
    this.slotOfEntry[entry] = slot < 0 ? -1 : slot + 1;
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

  private growTo(entry: number): void {
    let size = this.slotOfEntry.length;
    while (size <= entry) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.slotOfEntry);
    this.slotOfEntry = grown;
  }
}
