/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import type { Token } from './tokens';

const STOP = new Set(WORDS.stopwords);

/**
 * Adds the tokens' unigrams and bigrams to `counts`. With `bigramFirsts`, a bigram is only counted
 * when its first stem starts some bigram of that vocabulary (the others could never match a
 * pattern's vector, and building their strings is most of the cost on a large document).
 */
export function addTermsFromTokens(tokens: readonly Token[], weight: number, counts: Map<string, number>, bigramFirsts?: ReadonlySet<string>): number {
  let previous: string | undefined;
  let words = 0;
  for (const t of tokens) {
    if (t.breakBefore) previous = undefined;
    if (STOP.has(t.word) || t.word.length < 2 || /^\d/.test(t.word)) { previous = undefined; continue; }
    words++;
    counts.set(t.stem, (counts.get(t.stem) ?? 0) + weight);
    if (previous !== undefined && (!bigramFirsts || bigramFirsts.has(previous))) {
      const bigram = `${previous} ${t.stem}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
    }
    previous = t.stem;
  }
  return words;
}
