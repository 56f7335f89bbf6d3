/**
 * Words learned from the corpus: for each pattern, the stems that documents needing it use far
 * more often than documents that do not (log-odds over the train split, kept only when documents of
 * three or more repositories use them, the team's own fixture sets counting as one, so that one
 * project's names are not learned; a storage engine several projects use, such as Cassandra, can be). Written by
 * `npm run train` into content/suggest/terms.generated.json; the scorer reads the sum as one
 * feature beside the catalog's hand-written keywords.
 */
import termsJson from '../../../content/suggest/terms.generated.json';

export type LearnedTerms = Readonly<Record<string, Readonly<Record<string, number>>>>;

export const LEARNED_TERMS = (termsJson as unknown as { patterns: LearnedTerms }).patterns;

/** Per pattern: the learned weights of the distinct stems present, over the log of the document's vocabulary size. */
export function learnedTermScores(terms: ReadonlyMap<string, number>, learned: LearnedTerms, patterns: readonly string[]): Map<string, number> {
  let distinct = 0;
  for (const t of terms.keys()) if (!t.includes(' ')) distinct++;
  const norm = Math.log(10 + distinct);
  const out = new Map<string, number>();
  for (const p of patterns) {
    const weights = learned[p] ?? {};
    let s = 0;
    for (const [stem, w] of Object.entries(weights)) if (terms.has(stem)) s += w;
    out.set(p, s / norm);
  }
  return out;
}
