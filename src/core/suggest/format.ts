/** Compact human formatting of counts, sizes, rates and durations for evidence reasons. */

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

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? `${EN_US.format(Math.round(perSecond))}/s` : `${trim(perSecond)}/s`;
}

export function formatBytes(bytes: number): string {
  const units: readonly [number, string][] = [[1e15, 'PB'], [1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'KB']];
  for (const [size, name] of units) if (bytes >= size) return `${trim(bytes / size)} ${name}`;
  return `${trim(bytes)} bytes`;
}

export function formatDuration(seconds: number): string {
  if (seconds >= 86_400) return `${trim(seconds / 86_400)} days`;
  if (seconds >= 3600) return `${trim(seconds / 3600)} h`;
  if (seconds >= 60) return `${trim(seconds / 60)} min`;
  if (seconds >= 1) return `${trim(seconds)} s`;
  return `${trim(seconds * 1000)} ms`;
}

function trim(n: number): string {
  const rounded = Math.abs(n) >= 10 ? Math.round(n * 10) / 10 : Math.round(n * 100) / 100;
  return String(rounded);
}

/** Two decimals: scores and weights as shown. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
