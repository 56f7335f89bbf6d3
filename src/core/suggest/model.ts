/**
 * The learned part of the decision: a per-pattern relevance scorer and a document-level quiet
 * gate, both logistic regressions over the generic features of features.ts. The weights are data
 * (model.generated.ts), produced by `npx tsx eval/train.ts --write` from the labelled eval sets;
 * nothing here is hand-tuned. The evidence and reasons the UI shows still come from the scorer:
 * the model only decides which of the scored patterns to show and in what order.
 */
import { DOCUMENT_FEATURES, documentFeatures, PATTERN_FEATURES, patternFeatures, type DocumentStats } from './features';
import type { LimitFinding } from './limits';
import { MODEL } from './model.generated';
import type { PatternScore } from './scorer';
import type { NumberFact } from './types';

/** A logistic regression over standardised features. */
export interface LinearModel {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface SuggestModel {
  /** P(pattern is relevant to the document), from `PATTERN_FEATURES`. */
  readonly relevance: LinearModel;
  /** P(document needs any pattern), from `DOCUMENT_FEATURES`, the top pattern's `PATTERN_FEATURES` and its relevance. */
  readonly gate: LinearModel;
  readonly gateThreshold: number;
  /** Relevance a pattern after the first needs to be shown as well. */
  readonly relevanceThreshold: number;
  /** 'learned': patterns ranked by relevance; 'raw': by the scorer's raw strength. */
  readonly ranking: 'learned' | 'raw';
}

export const SUGGEST_MODEL: SuggestModel = MODEL;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predict(model: LinearModel, x: readonly number[]): number {
  let z = model.bias;
  // An unknown feature (NaN) counts as its training mean: it adds nothing either way.
  for (let i = 0; i < model.weights.length; i++) if (!Number.isNaN(x[i]!)) z += model.weights[i]! * ((x[i]! - model.mean[i]!) / model.scale[i]!);
  return sigmoid(z);
}

/** Everything the learned decision reads for one document. */
export interface DecisionInput {
  readonly scores: readonly PatternScore[];
  readonly stats: DocumentStats;
  readonly facts: readonly NumberFact[];
  readonly findings: readonly LimitFinding[];
}

export interface Decision {
  /** Patterns to show, best first, with their relevance. */
  readonly picked: { score: PatternScore; relevance: number }[];
  /** P(the document needs a pattern). */
  readonly gate: number;
  /** Candidates (raw > 0) in ranking order with their relevance, before the gate. */
  readonly ranked: { score: PatternScore; relevance: number }[];
}

/** Patterns below this share of the best pattern's raw score are noise next to it. */
const RELATIVE_FLOOR = 0.2;

/** The names of every feature the gate may read, in `gateFeatures` order. */
export const GATE_FEATURES: readonly string[] = [...DOCUMENT_FEATURES, ...PATTERN_FEATURES.map((f) => `top.${f}`), 'top.relevance'];

/** The features the gate reads: the document's, then the top candidate's, then its relevance (`GATE_FEATURES` order). */
export function gateFeatures(doc: readonly number[], top: readonly number[], relevance: number): number[] {
  return [...doc, ...top, relevance];
}

/** Per gate model: where each of its features sits in `GATE_FEATURES` (a model may read a subset, e.g. one trained before a feature existed). */
const GATE_INDEX = new WeakMap<LinearModel, number[]>();

/** `full` (in `GATE_FEATURES` order) reduced to the features `gate` reads, in its order. */
export function selectGateFeatures(gate: LinearModel, full: readonly number[]): number[] {
  let index = GATE_INDEX.get(gate);
  if (!index) {
    index = gate.features.map((name) => {
      const i = GATE_FEATURES.indexOf(name);
      if (i < 0) throw new Error(`gate feature ${name} is unknown`);
      return i;
    });
    GATE_INDEX.set(gate, index);
  }
  return index.map((i) => full[i]!);
}

/**
 * A figure past one of the guide's limits (a job of two weeks, 20M writes/s), backed by keyword
 * support of at least 2 for the same pattern (the scorer's sum over its distinct keywords, each
 * weighed by how specific it is, so about two specific keywords), is reason enough to speak whatever the document's
 * register: the learned gate was fitted on documents written as design docs, and a page pasted
 * from a blog or a wiki (tables flattened, code inline) reads less like one. Not when the gate is
 * sure the document is no design doc at all (below a third of its threshold): a benchmark README
 * full of gigabytes still states no design.
 */
export const CORROBORATED_FIGURE = { numberStrength: 0.5, keywordSupport: 2, gateShare: 1 / 3 } as const;

function corroboratedFigure(s: PatternScore): boolean {
  return s.numberStrength >= CORROBORATED_FIGURE.numberStrength && (s.keywordSupport ?? 0) >= CORROBORATED_FIGURE.keywordSupport;
}

/** Text lines up to which a document is a prompt, where one phrase may be all it says. */
const PROMPT_LINES = 3;

/**
 * One phrase and no figure, in a document longer than a prompt: a curl manual page on "retry"
 * mentions one word of a pattern, a design doc that needs the pattern says more than one. It
 * silences the document when it is all the top pattern has, and drops a later pattern that has
 * no more.
 */
function singleMention(s: PatternScore, stats: DocumentStats): boolean {
  return s.distinctPhrases <= 1 && s.numberStrength === 0 && stats.textLines > PROMPT_LINES;
}

export function decide(input: DecisionInput, model: SuggestModel = SUGGEST_MODEL): Decision {
  const { scores, stats } = input;
  const ranked: { score: PatternScore; relevance: number; features: number[] }[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]!.raw <= 0) continue;
    const features = patternFeatures(scores, i, stats);
    ranked.push({ score: scores[i]!, relevance: predict(model.relevance, features), features });
  }
  if (model.ranking === 'learned') ranked.sort((a, b) => b.relevance - a.relevance || b.score.raw - a.score.raw);
  const top = ranked[0];
  if (!top) return { picked: [], gate: 0, ranked };
  if (singleMention(top.score, stats)) return { picked: [], gate: 0, ranked };
  const doc = documentFeatures(stats, input.facts, input.findings, scores);
  const gate = predict(model.gate, selectGateFeatures(model.gate, gateFeatures(doc, top.features, top.relevance)));
  if (gate < model.gateThreshold && !(gate >= CORROBORATED_FIGURE.gateShare * model.gateThreshold && corroboratedFigure(top.score))) {
    return { picked: [], gate, ranked };
  }
  // Past the gate only by its figure, the document speaks for that one pattern and no other.
  if (gate < model.gateThreshold) return { picked: [top], gate, ranked };
  const topRaw = scores[0]!.raw;
  const picked = [top, ...ranked.slice(1).filter((r) => r.relevance >= model.relevanceThreshold && r.score.raw >= RELATIVE_FLOOR * topRaw &&
    !singleMention(r.score, stats))];
  return { picked, gate, ranked };
}
