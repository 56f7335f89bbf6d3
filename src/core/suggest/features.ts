/**
 * Stage 4: what the scorer reads. For each pattern, a fixed list of numbers drawn from the
 * earlier stages, each about that pattern alone (features comparing it with the others, such as
 * its share of all evidence, were tried: on the dev split they made the scorer hide a real need
 * standing beside a stronger one, and ranked no better): how much catalog evidence the document holds for it and where (title,
 * headings, summary and goals, or set aside in non-goals and alternatives), how close the
 * document's text is to the pattern's text, and the figures past the pattern's limits. A few
 * numbers describe the document as a whole (its length, how much evidence of any pattern it
 * holds), so that the one scorer can also tell a design doc from a document that needs no
 * pattern. Each feature is named; the trained weights are stored by name.
 */
import { cosine, weigh, type CatalogIndex } from './catalogIndex';
import type { Hit } from './evidence';
import { learnedTermScores, type LearnedTerms } from './learnedTerms';
import { textModelScores, type TextModel } from './textModel';
import type { LimitFinding } from './limits';
import { LEAD_ROLES, SET_ASIDE_ROLES, type DocumentStructure } from './structure';

export const FEATURE_NAMES = [
  'evidence', 'distinctPhrases', 'solutionsNamed',
  'titleEvidence', 'headingEvidence', 'leadEvidence', 'setAsideShare', 'negatedShare',
  'contextEvidence', 'similarity', 'leadSimilarity', 'learnedTerms', 'textModel',
  'limitStrength', 'limitCount', 'corroboratedLimit',
  'docLength', 'docEvidenceDensity', 'docSimilarity', 'docFigures', 'docDesignSections',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface PatternFeatures {
  readonly pattern: string;
  readonly values: Readonly<Record<FeatureName, number>>;
  /** Each hit's contribution to this pattern's evidence (same order as `hits`), for the explanation. */
  readonly contributions: ReadonlyMap<Hit, number>;
}

const DESIGN_ROLES = new Set(['goals', 'nonGoals', 'proposal', 'alternatives', 'motivation']);
const NEGATED_FACTOR = 0.3;
const MAX_LENGTH_WORDS = 20_000;

export function documentFeatures(
  index: CatalogIndex, structure: DocumentStructure, hits: readonly Hit[], terms: ReadonlyMap<string, number>, leadTerms: ReadonlyMap<string, number>,
  wordCount: number, findings: readonly LimitFinding[], figureCount: number, learned: LearnedTerms, textModel: TextModel,
): PatternFeatures[] {
  const learnedScores = learnedTermScores(terms, learned, index.patternIds);
  const textScores = textModelScores(terms, textModel, index.patternIds);
  const docVector = weigh(terms, index.idf);
  const similarity = new Map(index.patternIds.map((p) => [p, cosine(docVector, index.vectors.get(p)!)]));
  const maxSimilarity = Math.max(1e-9, ...similarity.values());
  const leadVector = weigh(leadTerms, index.idf);
  const leadSimilarity = new Map(index.patternIds.map((p) => [p, cosine(leadVector, index.vectors.get(p)!)]));
  const perPattern = new Map(index.patternIds.map((p) => [p, {
    total: 0, context: 0, title: 0, heading: 0, lead: 0, setAside: 0, negated: 0,
    phrases: new Set<string>(), solutions: new Set<string>(), contributions: new Map<Hit, number>(),
  }]));
  for (const hit of hits) {
    const block = structure.blocks[hit.block]!;
    for (const target of hit.phrase.targets) {
      const acc = perPattern.get(target.pattern);
      if (!acc) continue;
      const c = target.weight * hit.phrase.specificity * block.weight * (hit.negated ? NEGATED_FACTOR : 1);
      // A context word (the setting: "seat", "Kafka") is its own feature, apart from the evidence of need.
      if (target.context) { acc.context += c; continue; }
      acc.total += c;
      acc.contributions.set(hit, (acc.contributions.get(hit) ?? 0) + c);
      acc.phrases.add(hit.phrase.label);
      if (target.solution) acc.solutions.add(target.solution);
      if (block.kind === 'title') acc.title += c;
      else if (block.kind === 'heading') acc.heading += c;
      if (LEAD_ROLES.has(block.role)) acc.lead += c;
      if (SET_ASIDE_ROLES.has(block.role)) acc.setAside += target.weight * hit.phrase.specificity;
      if (hit.negated) acc.negated += target.weight * hit.phrase.specificity;
    }
  }
  const totalEvidence = [...perPattern.values()].reduce((s, a) => s + a.total, 0);
  const kilowords = Math.max(0.2, wordCount / 1000);
  const designSections = new Set(structure.blocks.filter((b) => b.kind === 'heading' && DESIGN_ROLES.has(b.role)).map((b) => b.role)).size;
  const shared = {
    // Capped where the training documents end (about 20,000 words): past it the scorer would be
    // extrapolating, and a long design doc would lose every suggestion just for being long.
    docLength: Math.log10(10 + Math.min(wordCount, MAX_LENGTH_WORDS)),
    docEvidenceDensity: Math.log1p(totalEvidence / kilowords),
    docSimilarity: maxSimilarity,
    docFigures: Math.log1p(figureCount),
    docDesignSections: Math.min(1, designSections / 3),
  };
  return index.patternIds.map((pattern) => {
    const a = perPattern.get(pattern)!;
    const own = findings.filter((f) => f.pattern === pattern);
    const raw = a.total + a.setAside + a.negated;
    const values: Record<FeatureName, number> = {
      evidence: Math.log1p(a.total),
      distinctPhrases: Math.log1p(a.phrases.size),
      contextEvidence: Math.log1p(a.context),
      solutionsNamed: Math.log1p(a.solutions.size),
      titleEvidence: Math.log1p(a.title),
      headingEvidence: Math.log1p(a.heading),
      leadEvidence: Math.log1p(a.lead),
      setAsideShare: raw > 0 ? a.setAside / raw : 0,
      negatedShare: raw > 0 ? a.negated / raw : 0,
      similarity: similarity.get(pattern)!,
      leadSimilarity: leadSimilarity.get(pattern)!,
      learnedTerms: learnedScores.get(pattern)!,
      textModel: textScores.get(pattern)!,
      limitStrength: Math.max(0, ...own.map((f) => f.strength)),
      limitCount: Math.log1p(own.length),
      // A figure past the limit in a document that also speaks of the pattern: the figure is about this system's load.
      corroboratedLimit: Math.max(0, ...own.map((f) => f.strength)) * Math.min(1, a.total),
      ...shared,
    };
    return { pattern, values, contributions: a.contributions };
  });
}
