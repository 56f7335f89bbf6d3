/** Unigram and bigram terms for the text similarity, from tokens; stopwords, digits and one-letter words left out. */
import { WORDS } from './lexicon';
import type { Token } from './tokens';

const STOP = new Set(WORDS.stopwords);

export function addTermsFromTokens(tokens: readonly Token[], weight: number, counts: Map<string, number>): number {
  let previous: string | undefined;
  let words = 0;
  for (const t of tokens) {
    if (t.breakBefore) previous = undefined;
    if (STOP.has(t.word) || t.word.length < 2 || /^\d/.test(t.word)) { previous = undefined; continue; }
    words++;
    counts.set(t.stem, (counts.get(t.stem) ?? 0) + weight);
    if (previous !== undefined) {
      const bigram = `${previous} ${t.stem}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
    }
    previous = t.stem;
  }
  return words;
}
