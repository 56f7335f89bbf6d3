/**
 * The text model: a bag-of-words classifier learned from the corpus, one linear model per pattern
 * over the document's single words (stems, as `evidence.ts` counts them; the trainer leaves
 * two-word phrases out).
 *
 * A document becomes a vector of `log(1 + count) × idf` over the model's vocabulary, scaled to unit
 * length, so a long document does not score higher for being long; each pattern's score is its bias
 * plus the dot product with its weights. The vocabulary keeps only words that enough train
 * documents from enough repositories use (MIN_DOCS and MIN_REPOS in eval/textModel.ts; the team's
 * fixture sets count as one repository), so no one project's names are learned. `npm run train` fits it and writes
 * content/suggest/textmodel.generated.json; the scorer reads the score as one feature, `textModel`.
 */
import modelJson from '../../../content/suggest/textmodel.generated.json';

export interface TextModelJson {
  /** Word → its inverse document frequency over the train split. */
  readonly idf: Readonly<Record<string, number>>;
  /** Pattern → its bias and the weights of the words that move it (zero weights are left out). */
  readonly patterns: Readonly<Record<string, { readonly bias: number; readonly weights: Readonly<Record<string, number>> }>>;
}

/** The same model in maps: a word such as "constructor" must not find an object's prototype. */
export interface TextModel {
  readonly idf: ReadonlyMap<string, number>;
  readonly patterns: ReadonlyMap<string, { readonly bias: number; readonly weights: ReadonlyMap<string, number> }>;
}

export function textModelFromJson(json: TextModelJson): TextModel {
  return {
    idf: new Map(Object.entries(json.idf)),
    patterns: new Map(Object.entries(json.patterns).map(([p, m]) => [p, { bias: m.bias, weights: new Map(Object.entries(m.weights)) }])),
  };
}

let shipped: TextModel | undefined;

/**
 * The shipped model, built on first use: the web build loads this module with the extension, and
 * turning 250 KB of JSON into maps is work for the first analysis, not for activation.
 */
export function shippedTextModel(): TextModel {
  shipped ??= textModelFromJson(modelJson as unknown as TextModelJson);
  return shipped;
}

/** The document's unit-length `log(1 + count) × idf` vector over the model's vocabulary. */
export function textVector(terms: ReadonlyMap<string, number>, idf: ReadonlyMap<string, number>): Map<string, number> {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of terms) {
    const weight = idf.get(term);
    if (weight === undefined) continue;
    const value = Math.log1p(count) * weight;
    vector.set(term, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, value] of vector) vector.set(term, value / norm);
  return vector;
}

/** Per pattern: the model's score (a logit) for the document; 0 for a pattern the model does not know. */
export function textModelScores(terms: ReadonlyMap<string, number>, model: TextModel, patterns: readonly string[]): Map<string, number> {
  const vector = textVector(terms, model.idf);
  const out = new Map<string, number>();
  for (const p of patterns) {
    const m = model.patterns.get(p);
    if (!m) {
      out.set(p, 0);
      continue;
    }
    let z = m.bias;
    for (const [term, value] of vector) z += (m.weights.get(term) ?? 0) * value;
    out.set(p, z);
  }
  return out;
}
