/**
 * The words named beside a suggestion: those of the document that raised its score most through the
 * text model (textModel.ts), the scorer's heaviest feature. The lines (explain.ts) show where the
 * catalog's phrases stand; these words show what the learned part of the score read, which no line
 * carries.
 *
 * The text model's score for a pattern is its bias plus, over the words of its vocabulary, each
 * word's weight times the word's value in the document's unit-length vector. The scorer standardises
 * that score with the training mean and spread and weighs it: the `textModel` feature's share of the
 * log-odds is `weight / scale × (bias − mean + Σ word weight × value)`. So each word has an exact
 * share, `weight / scale × word weight × value`, and the shares with `weight / scale × (bias − mean)`
 * sum to the feature's share (`PatternScore.terms.textModel`). A share is not what removing the word
 * would do: the vector's length would change, and every other word's value with it.
 *
 * A word is named when its share is at least `minEffect`, at most `shown` of them, largest first
 * (content/suggest/explain.json `scoreWords`), and only when the text model raised the score overall
 * (its share of the log-odds, which the scorer computed, is above zero): below that, "raised it"
 * would mislead. The model reads
 * stems ("queu"); each is named by the first word that has it in a block the model read ("queue"),
 * lower-cased as the tokenizer reads every word, and never a stopword (no term of the model's),
 * found in one pass over the blocks for all the suggestions together, which stops once every stem
 * is found.
 */
import { EXPLAIN } from './lexicon';
import type { PatternScore, ScorerWeights } from './scorer';
import type { DocumentStructure } from './structure';
import { isTerm } from './terms';
import { textVector, type TextModel } from './textModel';
import { TokenList, tokenizeInto } from './tokens';

export interface WordEffect {
  readonly stem: string;
  /** The word's share of the pattern's log-odds (positive: it raises the score). */
  readonly effect: number;
}

/**
 * Every word of the model's vocabulary that moves this pattern's score in this document, strongest
 * rise first. `vector`: the document's `textVector` over the model's vocabulary, made once a document.
 */
export function textModelWordEffects(vector: ReadonlyMap<string, number>, model: TextModel, pattern: string, weights: ScorerWeights): WordEffect[] {
  const m = model.patterns.get(pattern);
  const feature = weights.features.textModel;
  if (!m || !feature) return [];
  const perUnit = feature.weight / (feature.scale || 1);
  const out: WordEffect[] = [];
  for (const [stem, value] of vector) {
    const effect = perUnit * (m.weights.get(stem) ?? 0) * value;
    if (effect !== 0) out.push({ stem, effect });
  }
  return out.sort((a, b) => b.effect - a.effect || a.stem.localeCompare(b.stem));
}

/**
 * The stems to name for one pattern. `share`: the text model's share of the pattern's log-odds, as
 * the scorer computed it (`PatternScore.terms.textModel`): none are named when it is not above zero.
 */
function raisingStems(
  vector: ReadonlyMap<string, number>, model: TextModel, pattern: string, share: number, weights: ScorerWeights,
  settings: { readonly shown: number; readonly minEffect: number },
): string[] {
  if (!(share > 0)) return [];
  const shown = Number.isFinite(settings.shown) ? Math.max(0, Math.floor(settings.shown)) : 0;
  return textModelWordEffects(vector, model, pattern, weights)
    .filter((w) => w.effect > 0 && w.effect >= settings.minEffect).slice(0, shown).map((w) => w.stem);
}

/**
 * For each scored pattern, the words to name, lower-cased as the tokenizer reads them. `scores`: the
 * scorer's result for the patterns shown (scorer.ts `PatternScore`, whose `terms.textModel` says
 * whether the text model raised the score). One vector and one pass over the blocks for all of them.
 */
export function scoreWords(
  structure: DocumentStructure, terms: ReadonlyMap<string, number>, model: TextModel,
  scores: readonly Pick<PatternScore, 'pattern' | 'terms'>[], weights: ScorerWeights,
  settings: { readonly shown: number; readonly minEffect: number } = EXPLAIN.scoreWords,
): Map<string, string[]> {
  if (scores.length === 0) return new Map();
  const vector = textVector(terms, model.idf);
  const stems = new Map(scores.map((s) => [s.pattern, raisingStems(vector, model, s.pattern, s.terms.textModel, weights, settings)]));
  const wanted = new Set([...stems.values()].flat());
  const surface = wanted.size > 0 ? surfaceWords(structure, wanted) : new Map<string, string>();
  return new Map([...stems].map(([p, list]) => [p, list.map((stem) => surface.get(stem) ?? stem)]));
}

/**
 * The first word with each of `stems` in a block the text model reads (weight above zero: not code
 * or front matter), blocks in order, stopping once every stem is found: a long document is read only
 * as far as its first use of the last word asked for.
 */
export function surfaceWords(structure: DocumentStructure, stems: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  const list = new TokenList();
  for (const block of structure.blocks) {
    if (block.weight <= 0) continue;
    tokenizeInto(block.text, list);
    for (let i = 0; i < list.length; i++) {
      const stem = list.stems[i]!;
      if (stems.has(stem) && !found.has(stem) && isTerm(list.words[i]!)) found.set(stem, list.words[i]!);
    }
    if (found.size === stems.size) break;
  }
  return found;
}
