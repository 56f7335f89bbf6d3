/**
 * Turns keyword hits and limit findings into ranked, calibrated pattern scores.
 *
 * - A phrase repeated adds less each time: its best three hits count 1, 1/2, 1/4, the rest
 *   only logarithmically, so a doc that says "cache" forty times does not drown the others.
 * - A phrase shared by several patterns counts less for each (its specificity, which also
 *   falls with how many patterns' catalog prose uses it); longer phrases count more than single words.
 * - `support` measures how varied the evidence is (distinct specific keywords, figures), which
 *   the engine uses to decide whether a short document says enough to suggest anything.
 * - Capacity findings add their strength with the same diminishing returns.
 * - The raw sum is calibrated to 0..1 with a saturating curve whose scale grows slowly with the
 *   document's length, since long docs mention more of everything.
 */
import type { LimitFinding } from './limits';
import type { Phrase, Vocabulary } from './vocabulary';
import type { Evidence } from './types';

/** Aggregate of one phrase's hits in a document. */
export interface PhraseStats {
  readonly phrase: Phrase;
  count: number;
  /** Best three hit weights, highest first. */
  readonly top: number[];
  /** Whether any hit stood in the title, a heading or a requirement. */
  prominent: boolean;
  /** Whether any hit stood in the document's title. */
  inTitle: boolean;
  /** A few evidence items (highest weight first). */
  readonly evidence: Evidence[];
}

export interface PatternScore {
  readonly pattern: string;
  /** Uncalibrated strength the patterns are ranked by (a single-phrase case is damped here, not in `score`). */
  readonly raw: number;
  readonly score: number;
  readonly distinctPhrases: number;
  readonly prominent: boolean;
  /** A keyword of the pattern or of one of its solutions (not of a combination) stands in the title. */
  readonly titleKeyword: boolean;
  readonly numberStrength: number;
  /**
   * How varied the evidence is: the specificities of the distinct keywords of the pattern and its
   * solutions that matched, plus the strengths of its capacity findings. Many different specific
   * signals make a case even in a short document; one generic word repeated does not.
   */
  readonly support: number;
  /** The part of `support` that comes from keywords alone (no capacity findings). */
  readonly keywordSupport?: number;
  /**
   * Lines the evidence stands on, at most 2 (2 also for a document of one line, a prompt). A case
   * made on one line of a longer document is a passing mention ("the photo upload button").
   */
  readonly spread?: number;
  readonly solutionScores: ReadonlyMap<string, number>;
  readonly evidence: Evidence[];
}

/** Weight of one unit of capacity-finding strength, relative to a plain keyword mention (1). */
const NUMBER_WEIGHT = 3;
const DECAY = [1, 0.5, 0.25] as const;
const TITLE_BOOST = 1.25;
const BASE_SCALE = 4;
/**
 * Documents of at most this many lines of text (a prompt, a paragraph under a title) are read
 * as one statement: all their evidence is "spread", since there is no longer text around it for
 * a passing mention to hide in.
 */
const SHORT_DOC_LINES = 3;
/** Ranking weight of a pattern whose evidence is one phrase and no figure. */
const SINGLE_SIGNAL_FACTOR = 0.6;

export function phraseScore(stats: PhraseStats): number {
  let s = 0;
  for (let i = 0; i < stats.top.length; i++) s += stats.top[i]! * DECAY[i]!;
  if (stats.count > 3) s += 0.15 * Math.log2(stats.count - 2);
  return s * stats.phrase.specificity * lengthBonus(stats.phrase);
}

/** Longer phrases say more than single words. */
function lengthBonus(phrase: Phrase): number {
  return Math.min(1.5, 1 + 0.25 * (phrase.ids.length - 1));
}

export function scorePatterns(
  vocabulary: Vocabulary, phraseStats: Iterable<PhraseStats>, findings: readonly LimitFinding[], wordCount: number, textLines = Infinity,
): PatternScore[] {
  const acc = new Map<string, { raw: number; phrases: number; support: number; prominent: boolean; titleKeyword: boolean; solutions: Map<string, number>; evidence: Evidence[]; strengths: number[] }>();
  for (const p of vocabulary.patterns) acc.set(p.id, { raw: 0, phrases: 0, support: 0, prominent: false, titleKeyword: false, solutions: new Map(), evidence: [], strengths: [] });

  const all = [...phraseStats];
  const context = ownContext(all, findings);
  for (const stats of all) {
    const base = phraseScore(stats);
    const seen = new Set<string>();
    const share = sharedShare(stats.phrase, context);
    for (const t of stats.phrase.targets) {
      const a = acc.get(t.pattern);
      if (!a) continue;
      const contribution = base * t.weight * (share?.get(t.pattern) ?? 1);
      if (t.solution) a.solutions.set(t.solution, (a.solutions.get(t.solution) ?? 0) + contribution);
      // A phrase that is both a pattern keyword and a solution keyword counts once, at its best weight.
      if (seen.has(t.pattern)) continue;
      seen.add(t.pattern);
      const best = Math.max(...stats.phrase.targets.filter((x) => x.pattern === t.pattern).map((x) => x.weight));
      a.raw += base * best * (share?.get(t.pattern) ?? 1);
      a.phrases++;
      if (best >= 0.75) a.support += Math.min(1, stats.phrase.specificity * lengthBonus(stats.phrase));
      a.prominent ||= stats.prominent;
      a.titleKeyword ||= stats.inTitle && best >= 0.75;
      // A combination's keyword nudges the score but is not shown as the pattern's evidence.
      if (best >= 0.5) for (const e of stats.evidence) a.evidence.push({ ...e, weight: round(e.weight * best * stats.phrase.specificity) });
    }
  }
  for (const f of findings) {
    const a = acc.get(f.pattern);
    if (!a) continue;
    a.strengths.push(f.strength);
    a.evidence.push({ line: f.fact.line, column: f.fact.column, text: f.fact.text, reason: f.reason, kind: 'number', weight: round(f.strength * NUMBER_WEIGHT) });
  }

  const scale = BASE_SCALE * (1 + 0.5 * Math.log2(1 + wordCount / 3000));
  const out: PatternScore[] = [];
  for (const [pattern, a] of acc) {
    a.strengths.sort((x, y) => y - x);
    let numberStrength = 0;
    a.strengths.forEach((s, i) => { numberStrength += s * Math.pow(0.5, i); });
    const support = a.support + a.strengths.reduce((sum, s) => sum + s, 0);
    // The title names what the document is about; the pattern it names is likely the primary.
    // A case resting on one phrase, however prominent, ranks below one with varied evidence (its
    // calibrated score, which says how strongly that phrase speaks, is left as it is).
    const single = a.phrases <= 1 && numberStrength === 0 ? SINGLE_SIGNAL_FACTOR : 1;
    const raw = (a.raw + NUMBER_WEIGHT * numberStrength) * (a.titleKeyword ? TITLE_BOOST : 1);
    const lines = new Set<number>();
    for (const e of a.evidence) if (lines.size < 2) lines.add(e.line);
    out.push({
      pattern, raw: raw * single, spread: textLines <= SHORT_DOC_LINES ? 2 : lines.size, score: round(1 - Math.exp(-raw / scale)), distinctPhrases: a.phrases, prominent: a.prominent, titleKeyword: a.titleKeyword,
      numberStrength, support: round(support), keywordSupport: round(a.support), solutionScores: a.solutions, evidence: a.evidence,
    });
  }
  out.sort((x, y) => y.raw - x.raw || x.pattern.localeCompare(y.pattern));
  return out;
}

/**
 * A keyword several patterns share ("workflow", "retry", "Temporal" speak for both multi-step
 * processes and long-running tasks) means what the rest of the document means: the pattern with
 * the most evidence of its own (keywords only it has, figures past its limits) keeps the shared
 * keyword's full weight, the others keep a share that falls with how far behind they are, down to
 * `SHARED_FLOOR`. `SHARED_PRIOR` keeps a doc with little evidence of its own from swinging either way.
 */
const SHARED_FLOOR = 0.6;
const SHARED_PRIOR = 0.75;

/** Each pattern's evidence from keywords that are its alone, and from its capacity findings. */
function ownContext(all: readonly PhraseStats[], findings: readonly LimitFinding[]): Map<string, number> {
  const context = new Map<string, number>();
  for (const stats of all) {
    const owners = keywordPatterns(stats.phrase);
    if (owners.size !== 1) continue;
    const [pattern] = owners;
    context.set(pattern!, (context.get(pattern!) ?? 0) + phraseScore(stats));
  }
  for (const f of findings) context.set(f.pattern, (context.get(f.pattern) ?? 0) + NUMBER_WEIGHT * f.strength);
  return context;
}

/** The patterns a phrase is a keyword of (pattern or solution keyword, not a combination's). */
function keywordPatterns(phrase: Phrase): Set<string> {
  const out = new Set<string>();
  for (const t of phrase.targets) if (t.weight >= KEYWORD_WEIGHT) out.add(t.pattern);
  return out;
}

const KEYWORD_WEIGHT = 0.75;

/** Per pattern, the share of a shared keyword's weight it keeps; undefined for a keyword of one pattern. */
function sharedShare(phrase: Phrase, context: ReadonlyMap<string, number>): Map<string, number> | undefined {
  const owners = keywordPatterns(phrase);
  if (owners.size < 2) return undefined;
  let best = 0;
  for (const p of owners) best = Math.max(best, context.get(p) ?? 0);
  const out = new Map<string, number>();
  for (const p of owners) out.set(p, SHARED_FLOOR + (1 - SHARED_FLOOR) * ((context.get(p) ?? 0) + SHARED_PRIOR) / (best + SHARED_PRIOR));
  return out;
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
