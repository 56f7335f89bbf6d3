/**
 * Every user-visible string of the suggest engine: the reasons it gives for a suggestion or an
 * open question, and the words of the figures it reads back ("12k/s", "3 days").
 *
 * The engine stays free of `vscode`: the editor layer passes a table built from `vscode.l10n.t`
 * literals (src/extension/strings.ts), so these texts reach the user through the extension's l10n
 * bundle like every other string; the CLI, the eval and the tests use the English table below.
 * Entries are templates with `{0}`-style placeholders (the syntax `vscode.l10n.t` uses), not
 * functions, so a table can be posted to the worker thread that analyses large documents.
 */
import type { Measure } from './limits';

export interface SuggestMessages {
  /** {0} the document's length, {1} the characters analysed. */
  readonly truncated: string;
  /** {0} the phrase found, {1} where it was (one of `where`), {2} the pattern it points to. */
  readonly keywordReason: string;
  readonly where: Readonly<Record<SuggestWhere, string>>;
  /** {0} the figure as written, {1} its peak rate, {2} what is counted (reads, writes, requests), {3} the limit. */
  readonly rateOverLimit: string;
  /** A rate whose peak is not estimated (the figure itself, per second): {0} the figure as written, {1} it per second, {2} what is counted, {3} the limit. */
  readonly rateOverLimitAsStated: string;
  /** {0} reads per write. */
  readonly readHeavy: string;
  /** {0} writes per read. */
  readonly writeHeavy: string;
  /** {0} the object size, {1} the limit. */
  readonly largeObject: string;
  /** {0} the task's duration, {1} the limit. */
  readonly longTask: string;
  /** {0} the timeout. */
  readonly timedOutTask: string;
  /** {0} the users as written, {1} the items as written, {2} users per item. */
  readonly demandOverSupply: string;
  /** {0} the solutions the doc relies on, {1} the phrases that would answer the question. */
  readonly openQuestionApplies: string;
  /** {0} the phrases that would answer the question. */
  readonly openQuestionGeneral: string;
  /** Figures read back: {0} is the number. */
  readonly units: Readonly<Record<SuggestUnit, string>>;
  /** {0} reads per write. */
  readonly readsPerWrite: string;
  /** {0} a size, as a bandwidth. */
  readonly bytesPerSecond: string;
  /** {0} the average rate, {1} the peak it implies. */
  readonly averageAndPeak: string;
  /** {0} a count, {1} what is counted. */
  readonly countOf: string;
  /** A pattern's limit as shown in a hover: {0} the measure (one of `measures`), {1} the value. */
  readonly limitAbove: string;
  /** The same for an inclusive limit (at or past the value). */
  readonly limitAtOrAbove: string;
  /** The names of the measures a limit compares (content/suggest/README.md). */
  readonly measures: Readonly<Record<Measure, string>>;
  /**
   * The BCP 47 tag whose number style the figures use (`en-US`: 10,000 and 1.5). The editor passes
   * its display language; a tag the runtime cannot format falls back to `en-US` (format.ts).
   */
  readonly numberLocale: string;
}

export type SuggestWhere = 'title' | 'heading' | 'summary' | 'motivation' | 'goals' | 'proposal' | 'body' | 'table' | 'quote' | 'list';
export type SuggestUnit = 'perSecond' | 'bytes' | 'kb' | 'mb' | 'gb' | 'tb' | 'pb' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds' | 'million' | 'billion' | 'trillion';

export const ENGLISH_SUGGEST_MESSAGES: SuggestMessages = {
  truncated: 'The document has {0} characters; only the first {1} were analysed. Raise the size limit to analyse all of it.',
  keywordReason: '"{0}" {1}: points to {2}',
  where: {
    title: 'in the title',
    heading: 'in a heading',
    summary: 'in the summary',
    motivation: 'in the motivation',
    goals: 'in the goals or requirements',
    proposal: 'in the proposal',
    body: 'in the text',
    table: 'in a table',
    quote: 'in a quote',
    list: 'in a list',
  },
  rateOverLimit: "{0} ({1} at peak) is past one database's ~{3} {2}",
  rateOverLimitAsStated: "{0} ({1}) is past one database's ~{3} {2}",
  readHeavy: '{0} reads per write: read-heavy',
  writeHeavy: '{0} writes per read: write-heavy',
  largeObject: 'objects of {0}, at or past the ~{1} where bytes belong in object storage, not rows',
  longTask: 'work that takes {0}, longer than a {1} request timeout',
  timedOutTask: 'work that times out after {0}: it does not fit in a request',
  demandOverSupply: '{0} competing for {1} ({2} per item)',
  openQuestionApplies: 'the doc relies on {0} and says nothing of {1}',
  openQuestionGeneral: 'the doc says nothing of {0}',
  units: {
    perSecond: '{0}/s',
    bytes: '{0} bytes',
    kb: '{0} KB',
    mb: '{0} MB',
    gb: '{0} GB',
    tb: '{0} TB',
    pb: '{0} PB',
    days: '{0} days',
    hours: '{0} h',
    minutes: '{0} min',
    seconds: '{0} s',
    milliseconds: '{0} ms',
    million: '{0}M',
    billion: '{0}B',
    trillion: '{0}T',
  },
  readsPerWrite: '{0} reads per write',
  bytesPerSecond: '{0}/s',
  averageAndPeak: '{0} average, ~{1} at peak',
  countOf: '{0} {1}',
  limitAbove: '{0} > {1}',
  limitAtOrAbove: '{0} >= {1}',
  measures: {
    'reads/s': 'reads/s',
    'writes/s': 'writes/s',
    'requests/s': 'requests/s',
    'reads:writes': 'reads:writes',
    'writes:reads': 'writes:reads',
    'object bytes': 'object bytes',
    'task seconds': 'task seconds',
    'timed-out task seconds': 'timed-out task seconds',
    'users:items': 'users:items',
  },
  numberLocale: 'en-US',
};

/**
 * Fills a template's `{0}`, `{1}`... with the arguments, as `vscode.l10n.t` does; a placeholder
 * with no argument is left as written, so a translation that drops or adds one shows, not crashes.
 */
export function fillMessage(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** True when `table` has every entry of the English table, each a string: a worker checks what it was posted. */
export function isSuggestMessages(table: unknown): table is SuggestMessages {
  if (typeof table !== 'object' || table === null) return false;
  const record = table as Record<string, unknown>;
  return Object.entries(ENGLISH_SUGGEST_MESSAGES).every(([key, english]) => {
    const value = record[key];
    if (typeof english === 'string') return typeof value === 'string';
    if (typeof value !== 'object' || value === null) return false;
    return Object.keys(english).every((sub) => typeof (value as Record<string, unknown>)[sub] === 'string');
  });
}
