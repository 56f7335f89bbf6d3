/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import { isAsciiDigit, type TokenList } from './tokens';

const STOP = new Set(WORDS.stopwords);

/**
 * Adds the tokens' unigrams and bigrams to `counts`. With `bigrams` (first stem -> second stems of
 * a vocabulary), only the vocabulary's bigrams are counted: the others could never match a
 * pattern's vector, and building their strings is most of the cost on a large document.
 */
export function addTermsFromTokens(tokens: TokenList, weight: number, counts: Map<string, number>, bigrams?: ReadonlyMap<string, ReadonlySet<string>>): number {
  let previous: string | undefined;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens.words[i]!;
    const stem = tokens.stems[i]!;
    if (tokens.breakBefore[i]) previous = undefined;
    if (word.length < 2 || isAsciiDigit(word.charCodeAt(0)) || STOP.has(word)) { previous = undefined; continue; }
    words++;
    counts.set(stem, (counts.get(stem) ?? 0) + weight);
    if (previous !== undefined && (!bigrams || bigrams.get(previous)?.has(stem))) {
      const bigram = `${previous} ${stem}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
    }
    previous = stem;
  }
  return words;
}
