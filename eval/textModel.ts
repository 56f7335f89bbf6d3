/**
 * Fits the text model (src/core/suggest/textModel.ts): for each pattern, an L2-regularised
 * logistic regression over the documents' unit-length tf-idf vectors, by stochastic gradient
 * descent in a fixed order (so the same data gives the same model). A document's target for a
 * pattern is 1 when it is labelled as needing it (primary or relevant), else 0; rows are weighted
 * like the scorer's (eval/train.ts).
 */
import { textVector, type TextModel, type TextModelJson } from '../src/core/suggest/textModel';

export interface TextRow {
  readonly terms: ReadonlyMap<string, number>;
  readonly repo: string;
  readonly fixture: boolean;
  readonly needs: readonly string[];
  readonly weight: number;
}

/**
 * The vocabulary: single words (stems) that at least this many train documents, from at least this
 * many repositories, use. On the dev split, a vocabulary of every word in 3 documents of 3
 * repositories ranked no better and made a model six times the size (1.5 MB).
 */
const MIN_DOCS = 20;
const MIN_REPOS = 6;
const EPOCHS = 30;
const LAMBDA = 1e-3;
/** Weights smaller than this are left out of the written model (they move no score visibly). */
const MIN_WEIGHT = 0.005;

export function fitTextModel(rows: readonly TextRow[], patterns: readonly string[]): TextModel {
  const docs = new Map<string, number>();
  const repos = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const term of row.terms.keys()) {
      docs.set(term, (docs.get(term) ?? 0) + 1);
      // The fixture sets were all written by this team: together they count as one repository.
      repos.set(term, (repos.get(term) ?? new Set()).add(row.fixture ? 'fixtures' : row.repo));
    }
  }
  const idf = new Map<string, number>();
  for (const [term, n] of docs) {
    if (!term.includes(' ') && n >= MIN_DOCS && repos.get(term)!.size >= MIN_REPOS) idf.set(term, round(Math.log(rows.length / n)));
  }
  const vectors = rows.map((row) => [...textVector(row.terms, idf)]);
  const models = new Map<string, { bias: number; weights: Map<string, number> }>();
  for (const p of patterns) {
    const w = new Map<string, number>();
    let bias = 0;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const rate = 0.5 / (1 + epoch * 0.2);
      rows.forEach((row, n) => {
        let z = bias;
        for (const [term, value] of vectors[n]!) z += (w.get(term) ?? 0) * value;
        const gradient = (1 / (1 + Math.exp(-z)) - (row.needs.includes(p) ? 1 : 0)) * row.weight;
        for (const [term, value] of vectors[n]!) w.set(term, (w.get(term) ?? 0) - rate * (gradient * value + LAMBDA * (w.get(term) ?? 0)));
        bias -= rate * gradient;
      });
    }
    models.set(p, { bias, weights: w });
  }
  return { idf, patterns: models };
}

/** The model as written to content/suggest/textmodel.generated.json: rounded, small weights left out. */
export function textModelJson(model: TextModel): TextModelJson {
  const patterns = Object.fromEntries([...model.patterns].map(([p, m]) => {
    const weights = Object.fromEntries([...m.weights].filter(([, v]) => Math.abs(v) >= MIN_WEIGHT).sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, v]) => [t, round(v)]));
    return [p, { bias: round(m.bias), weights }];
  }));
  // Every word of the vocabulary counts in the vector's length, used or not: keep them all.
  const idf = Object.fromEntries([...model.idf].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { idf, patterns };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
