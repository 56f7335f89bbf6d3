/** Compact human formatting of counts, sizes, rates and durations for evidence reasons. */
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';

type Units = SuggestMessages['units'];
const ENGLISH_UNITS = ENGLISH_SUGGEST_MESSAGES.units;

/**
 * `n.toLocaleString('en-US')` without building a formatter per call (the spec defines
 * `Number.prototype.toLocaleString(locales)` as formatting with `new Intl.NumberFormat(locales)`).
 */
const EN_US = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${trim(n / 1e12)}T`;
  if (abs >= 1e9) return `${trim(n / 1e9)}B`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 100) return EN_US.format(Math.round(n));
  return trim(n);
}

export function formatRate(perSecond: number, units: Units = ENGLISH_UNITS): string {
  return fillMessage(units.perSecond, perSecond >= 100 ? EN_US.format(Math.round(perSecond)) : trim(perSecond));
}

export function formatBytes(bytes: number, units: Units = ENGLISH_UNITS): string {
  const steps: readonly [number, keyof Units][] = [[1e15, 'pb'], [1e12, 'tb'], [1e9, 'gb'], [1e6, 'mb'], [1e3, 'kb']];
  for (const [size, unit] of steps) if (bytes >= size) return fillMessage(units[unit], trim(bytes / size));
  return fillMessage(units.bytes, trim(bytes));
}

export function formatDuration(seconds: number, units: Units = ENGLISH_UNITS): string {
  if (seconds >= 86_400) return fillMessage(units.days, trim(seconds / 86_400));
  if (seconds >= 3600) return fillMessage(units.hours, trim(seconds / 3600));
  if (seconds >= 60) return fillMessage(units.minutes, trim(seconds / 60));
  if (seconds >= 1) return fillMessage(units.seconds, trim(seconds));
  return fillMessage(units.milliseconds, trim(seconds * 1000));
}

function trim(n: number): string {
  const rounded = Math.abs(n) >= 10 ? Math.round(n * 10) / 10 : Math.round(n * 100) / 100;
  return String(rounded);
}

/** Two decimals: scores and weights as shown. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
