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
    if (!TERMS.at(tokens, i)) { previous = undefined; continue; }
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
