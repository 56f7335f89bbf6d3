/**
 * Generic features of a document and of each pattern's case in it, the inputs of the learned
 * relevance scorer and quiet gate (model.ts). Nothing here knows a pattern's vocabulary: the
 * keywords stay in the catalog, and every feature is a count, a share or a strength computed
 * the same way for every pattern. The trainer (eval/train.ts) computes the very same features
 * through `ScoringEngine.analysis`, so what is learned is what runs.
 */
import type { LimitFinding } from './limits';
import type { PatternScore } from './scorer';
import type { NumberFact } from './types';

/** Line-level counts the engine's pass gathers besides the pattern scores. */
export interface DocumentStats {
  readonly wordCount: number;
  /** Lines with at least one word. */
  readonly textLines: number;
  /** Lines (outside ruled-out sections) with a keyword hit of any pattern. */
  readonly hitLines: number;
  /** Headings and the title. */
  readonly headingLines: number;
  /** Short lines with a modal ("must", "should") or lines under a requirements heading. */
  readonly requirementLines: number;
  /** Pattern id -> lines with a keyword hit of that pattern (or one of its solutions). */
  readonly patternLines: ReadonlyMap<string, number>;
  /**
   * Words of the catalog's prose register (vocabulary.ts `registerWords`); undefined when the
   * catalog is too small to have one, and then the register features are unknown (NaN, which the
   * model reads as the training mean).
   */
  readonly registerWords?: number;
  /** ... of which the register's core (words every pattern's text uses). */
  readonly coreWords?: number;
}

/** Users a count must reach to say the document is about a system serving many people. */
export const TRAFFIC_USERS = 10_000;

/** It states traffic: a rate, a read:write ratio, or a count of users in the tens of thousands. */
export function statesTraffic(facts: readonly NumberFact[]): boolean {
  for (const f of facts) {
    if (f.kind === 'rate' || f.kind === 'ratio' || (f.kind === 'count' && f.subject === 'users' && (f.value >= TRAFFIC_USERS || f.concurrent === true))) {
      return true;
    }
  }
  return false;
}

export const DOCUMENT_FEATURES = [
  'logWords', 'logTextLines', 'hitLineShare', 'logHeadings', 'logRequirementLines', 'traffic',
  'logRateFacts', 'logSizeFacts', 'logCountFacts', 'logDurationFacts', 'logFindings', 'maxFinding',
  'patternsWithEvidence', 'patternsWithSupport', 'registerShare', 'coreShare',
] as const;

export const PATTERN_FEATURES = [
  'logRaw', 'score', 'keywordSupport', 'figureSupport', 'numberStrength', 'logDistinct', 'titleKeyword', 'prominent',
  'spread', 'shareOfTop', 'logMargin', 'isTop', 'lineShare',
] as const;

/** The document-level features, in `DOCUMENT_FEATURES` order. */
export function documentFeatures(
  stats: DocumentStats, facts: readonly NumberFact[], findings: readonly LimitFinding[], scores: readonly PatternScore[],
): number[] {
  let rates = 0, sizes = 0, counts = 0, durations = 0;
  for (const f of facts) {
    if (f.kind === 'rate' || f.kind === 'ratio') rates++;
    else if (f.kind === 'size') sizes++;
    else if (f.kind === 'count') counts++;
    else if (f.kind === 'duration') durations++;
  }
  let maxFinding = 0;
  for (const f of findings) maxFinding = Math.max(maxFinding, f.strength);
  let withEvidence = 0, withSupport = 0;
  for (const s of scores) {
    if (s.raw > 0) withEvidence++;
    if ((s.keywordSupport ?? s.support) >= 0.75) withSupport++;
  }
  return [
    Math.log1p(stats.wordCount), Math.log1p(stats.textLines), stats.hitLines / Math.max(1, stats.textLines),
    Math.log1p(stats.headingLines), Math.log1p(stats.requirementLines), statesTraffic(facts) ? 1 : 0,
    Math.log1p(rates), Math.log1p(sizes), Math.log1p(counts), Math.log1p(durations), Math.log1p(findings.length), maxFinding,
    withEvidence, withSupport,
    stats.registerWords === undefined ? NaN : stats.registerWords / Math.max(1, stats.wordCount),
    stats.registerWords === undefined ? NaN : (stats.coreWords ?? 0) / Math.max(1, stats.wordCount),
  ];
}

/** The features of `scores[index]`'s case, in `PATTERN_FEATURES` order (`scores` ranked by raw). */
export function patternFeatures(scores: readonly PatternScore[], index: number, stats: DocumentStats): number[] {
  const s = scores[index]!;
  const top = scores[0]?.raw ?? 0;
  let bestOther = 0;
  for (let i = 0; i < scores.length; i++) if (i !== index) bestOther = Math.max(bestOther, scores[i]!.raw);
  const keywordSupport = s.keywordSupport ?? s.support;
  return [
    Math.log1p(s.raw), s.score, keywordSupport, s.support - keywordSupport, s.numberStrength, Math.log1p(s.distinctPhrases),
    s.titleKeyword ? 1 : 0, s.prominent ? 1 : 0, (s.spread ?? 2) >= 2 ? 1 : 0, top > 0 ? s.raw / top : 0,
    Math.log((s.raw + 0.1) / (bestOther + 0.1)), index === 0 && s.raw > 0 ? 1 : 0,
    (stats.patternLines.get(s.pattern) ?? 0) / Math.max(1, stats.textLines),
  ];
}
