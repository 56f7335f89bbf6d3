/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import type { StemFacts } from './catalogIndex';
import { isAsciiDigit, wordTableGeneration, type TokenList } from './tokens';

const STOP = new Set(WORDS.stopwords);

/**
 * Whether each word of the tokenizer's table counts as a term, by its entry (`TokenList.entries`):
 * 1 it does, 2 it does not, 0 or missing not yet known. Read once per word, not per occurrence.
 */
const COUNTED_BY_ENTRY: number[] = [];
/** The word table's generation COUNTED_BY_ENTRY belongs to: entry numbers are reused after it is cleared. */
let countedGeneration = -1;

/** Stopwords, digits and one-letter words are no terms. */
function isTerm(word: string): boolean {
  return !(word.length < 2 || isAsciiDigit(word.charCodeAt(0)) || STOP.has(word));
}

function isTermAt(tokens: TokenList, i: number): boolean {
  const entry = tokens.entries[i]!;
  if (entry < 0) return isTerm(tokens.words[i]!);
  if (countedGeneration !== wordTableGeneration()) {
    COUNTED_BY_ENTRY.length = 0;
    countedGeneration = wordTableGeneration();
  }
  const known = COUNTED_BY_ENTRY[entry];
  if (known !== undefined && known !== 0) return known === 1;
  const counted = isTerm(tokens.words[i]!);
  while (COUNTED_BY_ENTRY.length <= entry) COUNTED_BY_ENTRY.push(0);
  COUNTED_BY_ENTRY[entry] = counted ? 1 : 2;
  return counted;
}

/**
 * Adds the tokens' unigrams and bigrams to `counts`. With `facts` (the catalog index's facts of each
 * token's stem, `CatalogIndex.stemFacts`), only the catalog's bigrams are counted: the others could
 * never match a pattern's vector, and building their strings is most of the cost on a large document.
 */
export function addTermsFromTokens(tokens: TokenList, weight: number, counts: Map<string, number>, facts?: readonly (StemFacts | undefined)[]): number {
  let previous: string | undefined;
  // The facts of the token `previous` is the stem of: the second stems its bigrams may take.
  let previousFacts: StemFacts | undefined;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const stem = tokens.stems[i]!;
    if (tokens.breakBefore[i]) previous = undefined;
    if (!isTermAt(tokens, i)) { previous = undefined; continue; }
    words++;
    counts.set(stem, (counts.get(stem) ?? 0) + weight);
    if (previous !== undefined && (!facts || previousFacts?.bigramSeconds?.has(stem))) {
      const bigram = `${previous} ${stem}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
    }
    previous = stem;
    previousFacts = facts?.[i];
  }
  return words;
}
