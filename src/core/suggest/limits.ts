/**
 * The guide's capacity limits, read from each pattern's `limits:` front matter, and the check that
 * turns a stated figure into evidence. A limit is one line in a small grammar:
 *
 *   reads/s > 10000          a rate of reads (peak per second) above this
 *   writes/s > 10000         the same for writes; `requests/s` for requests of either kind
 *   reads:writes >= 10       a read:write ratio at or above this (read-heavy)
 *   writes:reads >= 1        writes at least as many as reads (write-heavy)
 *   object bytes >= 1000000  objects (files, images, videos) this large or larger
 *   task seconds > 30        work that runs longer than this
 *   timed-out task seconds >= 5   work cut off by a timeout this long or longer
 *   users:items >= 10        people competing for each scarce item
 */
import { formatBytes, formatCount, formatDuration, formatNumber, formatRate } from './format';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import type { NumberFact } from './types';
import { asOneLine } from '../text/oneLine';

export type Measure = 'reads/s' | 'writes/s' | 'requests/s' | 'reads:writes' | 'writes:reads' | 'object bytes' | 'task seconds' | 'timed-out task seconds' | 'users:items';

export interface Limit {
  readonly pattern: string;
  readonly measure: Measure;
  readonly inclusive: boolean;
  readonly value: number;
}

export interface LimitFinding {
  readonly pattern: string;
  /** 0..1: how far past the limit (at the limit 0.5, ten times past it 1). */
  readonly strength: number;
  readonly fact: NumberFact;
  readonly reason: string;
  /** The limit the figure was compared with. */
  readonly limit: Limit;
}

const GRAMMAR = /^(reads\/s|writes\/s|requests\/s|reads:writes|writes:reads|object bytes|task seconds|timed-out task seconds|users:items)\s*(>=|>)\s*([\d_,.]+(?:e\d+)?)$/;

export function parseLimits(pattern: string, lines: readonly string[], problems: string[]): Limit[] {
  const out: Limit[] = [];
  for (const line of lines) {
    const m = GRAMMAR.exec(line.trim());
    const value = m ? Number(m[3]!.replace(/[_,]/g, '')) : NaN;
    if (!m || !Number.isFinite(value) || value <= 0) {
      problems.push(`${pattern}: limit "${line}" does not read as "<measure> > <number>" (content/suggest/README.md lists the measures)`);
      continue;
    }
    out.push({ pattern, measure: m[1] as Measure, inclusive: m[2] === '>=', value });
  }
  return out;
}

/**
 * A limit as its `limits:` line reads, with thousands separated ("writes/s > 10,000"), in the
 * words of `messages` (the measure's name and the comparison come from the table).
 */
export function describeLimit(limit: Limit, messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES): string {
  return fillMessage(limit.inclusive ? messages.limitAtOrAbove : messages.limitAbove, messages.measures[limit.measure], formatNumber(limit.value, messages));
}

function past(limit: Limit, x: number): boolean {
  return limit.inclusive ? x >= limit.value : x > limit.value;
}

function strength(ratio: number): number {
  return ratio <= 0 ? 0 : Math.max(0.5, Math.min(1, 0.5 + 0.5 * Math.log10(ratio)));
}

/** Each figure past a limit, one finding per (pattern, figure); restated figures count once. */
export function checkLimits(facts: readonly NumberFact[], limits: readonly Limit[], messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES): LimitFinding[] {
  const findings: LimitFinding[] = [];
  for (const limit of limits) {
    for (const fact of facts) {
      const finding = check(limit, fact, messages);
      if (finding) findings.push(finding);
    }
    if (limit.measure === 'users:items') findings.push(...demandOverSupply(limit, facts, messages));
  }
  return dedupe(findings);
}

function check(limit: Limit, fact: NumberFact, messages: SuggestMessages): LimitFinding | undefined {
  const at = (x: number, reason: string): LimitFinding | undefined =>
    past(limit, x) ? { pattern: limit.pattern, strength: strength(x / limit.value), fact, reason, limit } : undefined;
  switch (limit.measure) {
    case 'reads/s': case 'writes/s': case 'requests/s': {
      const subject = limit.measure.slice(0, -2);
      if (fact.kind !== 'rate' || fact.subject !== subject) return undefined;
      const peak = fact.peakPerSecond ?? fact.value;
      // "at peak" only where the peak is the guide's estimate from an average; a stated rate is given per second as it is.
      return at(peak, fillMessage(estimatedPeak(fact) ? messages.rateOverLimit : messages.rateOverLimitAsStated, asOneLine(fact.text), formatRate(peak, messages), subject, formatRate(limit.value, messages)));
    }
    case 'reads:writes':
      return fact.kind === 'ratio' ? at(fact.value, fillMessage(messages.readHeavy, formatCount(fact.value, messages))) : undefined;
    case 'writes:reads':
      return fact.kind === 'ratio' && fact.value > 0 ? at(1 / fact.value, fillMessage(messages.writeHeavy, formatCount(1 / fact.value, messages))) : undefined;
    case 'object bytes':
      return fact.kind === 'size' && fact.subject === 'objects' ? at(fact.value, fillMessage(messages.largeObject, formatBytes(fact.value, messages), formatBytes(limit.value, messages))) : undefined;
    case 'task seconds':
      return fact.kind === 'duration' && fact.subject === 'task' && !fact.timedOut
        ? at(fact.value, fillMessage(messages.longTask, formatDuration(fact.value, messages), formatDuration(limit.value, messages))) : undefined;
    case 'timed-out task seconds':
      return fact.kind === 'duration' && fact.subject === 'task' && fact.timedOut === true
        ? at(fact.value, fillMessage(messages.timedOutTask, formatDuration(fact.value, messages))) : undefined;
    default:
      return undefined;
  }
}

/**
 * The most people against each item count, when they are stated close together or as simultaneous;
 * where some are stated as simultaneous, the most of those.
 */
function demandOverSupply(limit: Limit, facts: readonly NumberFact[], messages: SuggestMessages): LimitFinding[] {
  const users = facts.filter((f) => f.kind === 'count' && f.subject === 'users');
  const items = facts.filter((f) => f.kind === 'count' && f.subject === 'items');
  const out: LimitFinding[] = [];
  for (const item of items) {
    const near = users.filter((u) => u.concurrent === true || Math.abs(u.line - item.line) <= 3);
    // People stated as there at once compete; registered or monthly users, stated beside them, do not.
    const atOnce = near.filter((u) => u.concurrent === true);
    const most = (atOnce.length > 0 ? atOnce : near).sort((a, b) => b.value - a.value)[0];
    if (!most) continue;
    const ratio = most.value / item.value;
    if (past(limit, ratio)) {
      out.push({ pattern: limit.pattern, strength: strength(ratio / limit.value), fact: item, reason: fillMessage(messages.demandOverSupply, asOneLine(most.text), asOneLine(item.text), formatCount(ratio, messages)), limit });
    }
  }
  return out;
}

/** A rate whose peak is the guide's estimate (an average times the peak factor), not a figure the document gives. */
const estimatedPeak = (fact: NumberFact): boolean => fact.peakPerSecond !== undefined && fact.peakPerSecond !== fact.value;

/** Restated figures are looked for among the per-second rates together (reads, writes, requests), and otherwise within one limit. */
const mergeKey = (limit: Limit): string => (limit.measure.endsWith('/s') ? 'rate' : limit.measure);

/**
 * A design doc restates its key figure; findings of one pattern within a third of each other, both
 * rates or both against one other limit, keep one: a figure the document gives before an estimate
 * ("2 billion a day, and 200,000 a second at the peak" is quoted with the 200,000), then the
 * strongest. A run time and a timeout of one job are different limits and both stay.
 */
function dedupe(findings: readonly LimitFinding[]): LimitFinding[] {
  const out: LimitFinding[] = [];
  const order = (f: LimitFinding): number => (estimatedPeak(f.fact) ? 1 : 0);
  for (const f of [...findings].sort((a, b) => order(a) - order(b) || b.strength - a.strength)) {
    const v = f.fact.peakPerSecond ?? f.fact.value;
    const same = out.some((g) => {
      const w = g.fact.peakPerSecond ?? g.fact.value;
      return g.pattern === f.pattern && mergeKey(g.limit) === mergeKey(f.limit) && Math.abs(w - v) <= Math.max(v, w) / 3;
    });
    if (!same) out.push(f);
  }
  return out;
}
