/**
 * The capacity limits of the source guide (shared/seed/system-design-patterns-guide.md) and the
 * checks that turn a stated figure into evidence. Each limit names the section it comes from.
 * The pattern each check speaks for is the pattern whose section states the limit; a check whose
 * pattern is missing from the catalog is skipped.
 */
import { formatBytes, formatCount, formatDuration } from './format';
import { messages } from './messages';
import type { NumberFact } from './types';

/** §4 Scaling Reads, the Reddit scenario: "Single DB: 10K reads/sec max". */
export const DB_MAX_READS_PER_SECOND = 10_000;
/** §5 Scaling Writes, the Twitter scenario: "Single DB: 10,000 writes/sec max". */
export const DB_MAX_WRITES_PER_SECOND = 10_000;
/** §4: 500M reads/day is 5,787/s on average and 57,870/s at the 8 PM peak, a 10x factor. */
export const PEAK_FACTOR = 10;
/** §7 Long Running Tasks, the video scenario: "HTTP timeout: 30 seconds". */
export const HTTP_TIMEOUT_SECONDS = 30;
/** Work cut off by a timeout this long or longer is long-running work (a 200 ms timeout is about latency). */
export const TIMED_OUT_MIN_SECONDS = 5;
/** §6 Large Blobs: multi-MB objects (2 MB photos, 10 GB videos) belong in object storage, not rows. */
export const LARGE_OBJECT_BYTES = 1_000_000;
/** §2 Contention: 2M fans for 50,000 seats (40 per seat); 100K users for 1,000 items. */
export const CONTENTION_DEMAND_RATIO = 10;
/** §4 Overview: most systems are 90-95% reads, so a read:write ratio of 10:1 marks read-heavy. */
export const READ_HEAVY_RATIO = 10;

/** The pattern each limit speaks for (the section of the guide that states it). */
export const LIMIT_PATTERNS = {
  reads: 'scaling-reads',
  writes: 'scaling-writes',
  largeObjects: 'large-blobs',
  longTasks: 'long-running-tasks',
  contention: 'contention',
} as const;

export interface LimitFinding {
  readonly pattern: string;
  /** 0..1: how far beyond the limit. */
  readonly strength: number;
  readonly fact: NumberFact;
  readonly reason: string;
}

/** Strength from how many times the limit is exceeded: 1x -> 0.5, 10x -> 1. */
function overStrength(ratio: number): number {
  return ratio < 1 ? 0 : Math.min(1, 0.5 + 0.5 * Math.log10(ratio));
}

export function checkLimits(facts: readonly NumberFact[]): LimitFinding[] {
  const findings: LimitFinding[] = [];
  let maxUsers: NumberFact | undefined;
  let minItems: NumberFact | undefined;
  for (const fact of facts) {
    if (fact.kind === 'rate') {
      const peak = fact.peakPerSecond ?? fact.value;
      const text = `${fact.text} ${fact.normalized}`;
      if (fact.subject === 'reads' && peak > DB_MAX_READS_PER_SECOND) {
        findings.push({ pattern: LIMIT_PATTERNS.reads, strength: overStrength(peak / DB_MAX_READS_PER_SECOND), fact,
          reason: messages.readsOverLimit(text, formatCount(DB_MAX_READS_PER_SECOND)) });
      } else if (fact.subject === 'writes' && peak > DB_MAX_WRITES_PER_SECOND) {
        findings.push({ pattern: LIMIT_PATTERNS.writes, strength: overStrength(peak / DB_MAX_WRITES_PER_SECOND), fact,
          reason: messages.writesOverLimit(text, formatCount(DB_MAX_WRITES_PER_SECOND)) });
      } else if (fact.subject === 'requests' && peak > DB_MAX_READS_PER_SECOND) {
        findings.push({ pattern: LIMIT_PATTERNS.reads, strength: 0.7 * overStrength(peak / DB_MAX_READS_PER_SECOND), fact,
          reason: messages.requestsOverLimit(text, formatCount(DB_MAX_READS_PER_SECOND)) });
      }
    } else if (fact.kind === 'ratio') {
      if (fact.value >= READ_HEAVY_RATIO) {
        findings.push({ pattern: LIMIT_PATTERNS.reads, strength: 0.5, fact, reason: messages.readHeavyRatio(`${formatCount(fact.value)}:1`) });
      } else if (fact.value > 0 && fact.value < 1) {
        // More writes than reads is the write-heavy case itself: it counts like a write rate past the limit, 10:1 -> 1.
        findings.push({ pattern: LIMIT_PATTERNS.writes, strength: overStrength(1 / fact.value), fact, reason: messages.writeHeavyRatio(`${formatCount(1 / fact.value)}:1`) });
      }
    } else if (fact.kind === 'size' && fact.subject === 'objects' && fact.value >= LARGE_OBJECT_BYTES) {
      findings.push({ pattern: LIMIT_PATTERNS.largeObjects, strength: Math.min(1, 0.6 + 0.2 * Math.log10(fact.value / LARGE_OBJECT_BYTES)), fact,
        reason: messages.largeObject(formatBytes(fact.value), formatBytes(LARGE_OBJECT_BYTES)) });
    } else if (fact.kind === 'duration' && fact.subject === 'task' && fact.timedOut === true && fact.value >= TIMED_OUT_MIN_SECONDS) {
      // "The import times out after 30 seconds": the work outlasts the request, whatever the limit was.
      findings.push({ pattern: LIMIT_PATTERNS.longTasks, strength: 0.8, fact, reason: messages.timedOutTask(formatDuration(fact.value)) });
    } else if (fact.kind === 'duration' && fact.subject === 'task' && fact.value > HTTP_TIMEOUT_SECONDS) {
      findings.push({ pattern: LIMIT_PATTERNS.longTasks, strength: Math.min(1, 0.6 + 0.2 * Math.log10(fact.value / HTTP_TIMEOUT_SECONDS)), fact,
        reason: messages.longTask(formatDuration(fact.value), formatDuration(HTTP_TIMEOUT_SECONDS)) });
    } else if (fact.kind === 'count' && fact.subject === 'users') {
      if (!maxUsers || fact.value > maxUsers.value) maxUsers = fact;
    } else if (fact.kind === 'count' && fact.subject === 'items') {
      if (!minItems || fact.value < minItems.value) minItems = fact;
    }
  }
  return withoutRestatements(findings, maxUsers, minItems);
}

/**
 * A design doc restates its key figure (capacity section, then design, then the scaling section:
 * "100 billion searches per month", later "40,000 search requests per second"). The same figure
 * counts once: findings of one pattern and kind whose values lie within a third of each other
 * keep the strongest.
 */
function dedupe(findings: readonly LimitFinding[]): LimitFinding[] {
  const out: LimitFinding[] = [];
  for (const f of [...findings].sort((a, b) => b.strength - a.strength)) {
    const v = f.fact.peakPerSecond ?? f.fact.value;
    const same = out.some((g) => g.pattern === f.pattern && g.fact.kind === f.fact.kind &&
      Math.abs((g.fact.peakPerSecond ?? g.fact.value) - v) <= Math.max(v, g.fact.peakPerSecond ?? g.fact.value) / 3);
    if (!same) out.push(f);
  }
  return out;
}

function withoutRestatements(findings: LimitFinding[], maxUsers: NumberFact | undefined, minItems: NumberFact | undefined): LimitFinding[] {
  if (maxUsers && minItems && minItems.value > 0 && maxUsers.value / minItems.value >= CONTENTION_DEMAND_RATIO) {
    const ratio = maxUsers.value / minItems.value;
    // Demand over supply only means contention when it is demand for these items (nearby lines, or stated as "at once").
    if (Math.abs(maxUsers.line - minItems.line) <= 3 || maxUsers.concurrent === true) {
      findings.push({ pattern: LIMIT_PATTERNS.contention, strength: Math.min(1, 0.5 + 0.25 * Math.log10(ratio)), fact: minItems,
        reason: messages.demandOverSupply(maxUsers.text, minItems.text, formatCount(ratio)) });
    }
  }
  return dedupe(findings);
}
