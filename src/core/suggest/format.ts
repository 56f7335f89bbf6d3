/**
 * Compact human formatting of counts, sizes, rates and durations for evidence reasons, in the
 * number style of the table's `numberLocale` (`10,000` and `1.5` in English, `10.000` and `1,5`
 * in German). The unit words come from the same table (messages.ts).
 */
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';

/** The part of the message table that number formatting reads. */
export type NumberWords = Pick<SuggestMessages, 'units' | 'numberLocale'>;
type Unit = keyof SuggestMessages['units'];

interface Formatters { readonly plain: Intl.NumberFormat; readonly oneDecimal: Intl.NumberFormat; readonly twoDecimals: Intl.NumberFormat }

/** One set of formatters per locale: building an `Intl.NumberFormat` costs far more than using one. */
const formatters = new Map<string, Formatters>();

function formattersFor(locale: string): Formatters {
  let f = formatters.get(locale);
  if (!f) {
    const tag = supportedLocale(locale);
    f = {
      plain: new Intl.NumberFormat(tag),
      oneDecimal: new Intl.NumberFormat(tag, { maximumFractionDigits: 1, useGrouping: false }),
      twoDecimals: new Intl.NumberFormat(tag, { maximumFractionDigits: 2, useGrouping: false }),
    };
    formatters.set(locale, f);
  }
  return f;
}

/**
 * The locale as given when the runtime can format numbers for it, else English: VS Code's
 * display language can be a tag this runtime's `Intl` rejects or does not know (`qps-ploc`, the
 * pseudo-locale, is one), and a figure in English style beats an exception.
 */
function supportedLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** A number as `toLocaleString` writes it (grouped, up to three decimals): `12,345`, `0.5`. */
export function formatNumber(n: number, words: Pick<NumberWords, 'numberLocale'> = ENGLISH_SUGGEST_MESSAGES): string {
  // -0 would print as "-0".
  return Number.isFinite(n) ? formattersFor(words.numberLocale).plain.format(n === 0 ? 0 : n) : String(n);
}

export function formatCount(n: number, words: NumberWords = ENGLISH_SUGGEST_MESSAGES): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  // Past a million trillions a figure is a typo or a joke: write it as the runtime does (1e+21).
  if (abs >= 1e18) return String(n);
  if (abs >= 1e12) return fillMessage(words.units.trillion, trim(n / 1e12, words));
  if (abs >= 1e9) return fillMessage(words.units.billion, trim(n / 1e9, words));
  if (abs >= 1e6) return fillMessage(words.units.million, trim(n / 1e6, words));
  if (abs >= 100) return formatNumber(Math.round(n), words);
  return trim(n, words);
}

export function formatRate(perSecond: number, words: NumberWords = ENGLISH_SUGGEST_MESSAGES): string {
  return fillMessage(words.units.perSecond, perSecond >= 100 ? formatNumber(Math.round(perSecond), words) : trim(perSecond, words));
}

export function formatBytes(bytes: number, words: NumberWords = ENGLISH_SUGGEST_MESSAGES): string {
  const steps: readonly [number, Unit][] = [[1e15, 'pb'], [1e12, 'tb'], [1e9, 'gb'], [1e6, 'mb'], [1e3, 'kb']];
  for (const [size, unit] of steps) if (bytes >= size) return fillMessage(words.units[unit], trim(bytes / size, words));
  return fillMessage(words.units.bytes, trim(bytes, words));
}

export function formatDuration(seconds: number, words: NumberWords = ENGLISH_SUGGEST_MESSAGES): string {
  const u = words.units;
  if (seconds >= 86_400) return fillMessage(u.days, trim(seconds / 86_400, words));
  if (seconds >= 3600) return fillMessage(u.hours, trim(seconds / 3600, words));
  if (seconds >= 60) return fillMessage(u.minutes, trim(seconds / 60, words));
  if (seconds >= 1) return fillMessage(u.seconds, trim(seconds, words));
  return fillMessage(u.milliseconds, trim(seconds * 1000, words));
}

/** One decimal from 10 up, two below, without grouping: `1.5`, `12.3`, `0.25`. */
function trim(n: number, words: NumberWords): string {
  if (!Number.isFinite(n)) return String(n);
  const f = formattersFor(words.numberLocale);
  const tens = Math.abs(n) >= 10;
  const rounded = tens ? Math.round(n * 10) / 10 : Math.round(n * 100) / 100;
  // A tiny negative rounds to -0, which Intl would print as "-0".
  return (tens ? f.oneDecimal : f.twoDecimals).format(rounded === 0 ? 0 : rounded);
}

/** Two decimals: scores and weights as shown. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
