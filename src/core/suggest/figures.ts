/**
 * Stage 2: the figures a document states ("50k reads/sec at peak", "videos up to 10 GB", "each
 * export takes 20 minutes"), read with the lexicon in `content/suggest/figures.json` and
 * normalised to base units. A figure is read inside its block, so one that wraps onto the next
 * line keeps its words (and its read/write direction) with it.
 */
import { formatBytes, formatCount, formatDuration, formatRate } from './format';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import { FIGURES, type FigureSubject } from './lexicon';
import type { Block } from './structure';
import { stem, stemsOf, tokenize, type Token } from './tokens';
import type { NumberFact, NumberSubject } from './types';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');
/** Phrases as alternatives, longest first, any run of spaces between their words. */
const phrases = (list: readonly string[]): string => [...list].sort((a, b) => b.length - a.length).map((p) => p.split(' ').map(escape).join('\\s+')).join('|');

const MAGNITUDE = alternation(Object.keys(FIGURES.magnitudes));
const NUMBER = new RegExp(
  `(?<![\\w.,/-])(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s*(?:x|×|\\*)\\s*10\\^(\\d{1,2})|\\^(\\d{1,2}))?(?:\\s*(${MAGNITUDE})(?![\\w]))?` +
  `|\\b(${phrases(Object.keys(FIGURES.wordQuantities))})\\b`, 'gi');
const PERIODS = alternation(Object.keys(FIGURES.rateUnits));
const PREPOSITIONS = FIGURES.ratePrepositions.map((p) => `${escape(p)}\\s+`).join('|');
// "5 million daily active users", "5 million daily users": a rate adverb before these words is no rate.
const PEOPLE_AFTER_ADVERB = `(?:(?:${phrases(FIGURES.peopleAdjectives)})\\s+)?(?:${phrases(FIGURES.peopleNouns)})`;
const NOT_AFTER_ADVERB = `(?!\\s+${PEOPLE_AFTER_ADVERB}\\b)`;
const DAILY_PEOPLE = new RegExp(`^\\s*(?:${alternation(Object.keys(FIGURES.rateAdverbs))})\\s+${PEOPLE_AFTER_ADVERB}\\b`);
const RATE_UNIT = new RegExp(`^\\s*(?:[a-z][a-z-]*\\s+){0,3}?(?:(?:\\/|${PREPOSITIONS})(${PERIODS})\\b|(${alternation(Object.keys(FIGURES.rateAdverbs))})\\b${NOT_AFTER_ADVERB}|(${alternation(Object.keys(FIGURES.rateAbbreviations))})\\b)`);
/**
 * "500 hours of video per minute", "43 minutes of downtime a month": an amount over a period, after a
 * duration's unit. The words it may skip before its period are no bare number, nor a preposition of
 * something else that a number or "the" follows ("for 500 orders a day", "at 2 AM every day").
 */
const AMOUNT_WORD = `(?!\\d+\\b)(?!(?:${alternation(FIGURES.amountStopWords)})\\s+(?:\\d|the\\b))[\\w-]+`;
const AMOUNT_PER_PERIOD = new RegExp(`^\\s*(?:${phrases(FIGURES.amountJoiners)})\\s+(?:${AMOUNT_WORD}\\s+){0,4}?(?:${AMOUNT_WORD})?(?:\\s*\\/\\s*|\\s(?:${PREPOSITIONS})(?:${AMOUNT_WORD}\\s+)?)(?:${PERIODS})\\b`);
const RATE_NOUN_SLASH = new RegExp(`^\\s*(?:[a-z][a-z-]*\\s+){0,2}[a-z][a-z-]*\\/(${PERIODS})\\b`);
const BANDWIDTH = new RegExp(`^(?:${FIGURES.bandwidthAfterSize.map(escape).join('|')})(?![a-z])`);
const SIZE_UNIT = new RegExp(`^\\s*(${alternation(Object.keys(FIGURES.sizeUnits))})\\b`);
const DURATION_UNIT = new RegExp(`^\\s*(${alternation(Object.keys(FIGURES.durationUnits))})\\b`);
const RATIO = /^\s*:\s*(\d+(?:\.\d+)?)/;
const PERCENT = new RegExp(`^\\s*%\\s+(?:of\\s+(?:the\\s+)?(?:${alternation(FIGURES.shareNouns)})\\s+(?:are|is)\\s+)?(${escape(FIGURES.ratioWords.reads)}s?|${escape(FIGURES.ratioWords.writes)}s?)\\b`);
/** "1% of users", "5 percent of jobs": a share, which is no count, rate, size or duration. */
const SHARE = new RegExp(`^\\s*(?:${alternation(FIGURES.percentWords)})(?![a-z])`);
const SENTENCE_END = /[.!?](?:\s|$)|\n\s*\n|;/;
/**
 * What a block must hold for NUMBER to match in it: a digit, or the last word of a word quantity.
 * NUMBER's look-behind makes it try every position of the text, and most blocks hold no figure, so
 * a block without either is passed over after this cheaper scan (a third of the time figures took
 * on the bench's 1 MB document).
 */
const MAY_HOLD_NUMBER = new RegExp(`\\d|${alternation([...new Set(Object.keys(FIGURES.wordQuantities).map((q) => q.split(' ').pop()!))])}`, 'i');

function phraseMatcher(words: readonly string[]): (tokens: readonly Token[]) => boolean {
  const phrases = words.map(stemsOf);
  return (tokens) => tokens.some((_, i) => phrases.some((p) => p.every((s, k) => tokens[i + k]?.stem === s)));
}
const hasTimeout = phraseMatcher(FIGURES.timeoutWords);
const hasConcurrent = phraseMatcher(FIGURES.concurrentWords);
const hasPeak = phraseMatcher(FIGURES.peakWords);
const hasTaskVerb = phraseMatcher(FIGURES.taskVerbs);
const PEAK_PHRASES = FIGURES.peakWords.map(stemsOf);
/** A peak word or phrase that ends the tokens ("peak", "up to"). */
const endsWithPeak = (tokens: readonly Token[]): boolean =>
  PEAK_PHRASES.some((p) => p.length <= tokens.length && p.every((s, k) => tokens[tokens.length - p.length + k]!.stem === s));
const NOT_RUN_VERBS = FIGURES.notRunVerbs.map(stemsOf);
const NOT_RUN = FIGURES.notRunPhrases.map(stemsOf);
const BEEN = stem('been');

/**
 * "the export did not run for 4 days", "backups haven't been run for a week": a run verb
 * (`notRunVerbs`) right after a phrase saying the work did not happen (`notRunPhrases`, with at most
 * "been" between) measures how long it did not happen, not how long it takes. "should not run for 2
 * hours", "never runs for more than 5 minutes" and "did not finish in 4 hours" (it ran longer) stay
 * run times.
 */
function notRunFor(before: readonly Token[]): boolean {
  for (const phrase of NOT_RUN_VERBS) {
    let start = before.length - phrase.length;
    if (start < 0 || !phrase.every((s, k) => before[start + k]!.stem === s)) continue;
    if (before[start - 1]?.stem === BEEN) start--;
    if (NOT_RUN.some((n) => start - n.length >= 0 && n.every((s, k) => before[start - n.length + k]!.stem === s))) return true;
  }
  return false;
}

/** Where an average's own words end after its unit (the text read after a number already stops at a sentence end). */
const CLAUSE_MARK = /,(?!\d{3}(?!\d))|[;:()[\]]/;
/** Before a number: a comma, semicolon or bracket ends a clause; a colon is a label's ("Peak: 2B a day"). A comma between digits ("300,000") is none. */
const CLAUSE_MARKS_BEFORE = /,(?!\d{3}(?!\d))|[;()[\]]/g;
const PEAK_LINKS = new Set(FIGURES.peakLinkWords.map(stem));

/** Whether the text after a number makes it a rate that is not an average: per second, minute or hour, or an abbreviation. */
function perSecondRateAt(rest: string): boolean {
  const rate = RATE_UNIT.exec(rest) ?? RATE_NOUN_SLASH.exec(rest);
  if (!rate) return false;
  const period = rate[1] ?? (rate[2] ? FIGURES.rateAdverbs[rate[2]] : undefined) ?? 'second';
  return !FIGURES.averageRatePeriods.includes(period);
}

/**
 * Whether a peak word around an average (a rate per day, week, month or year) is its own, so it is
 * the peak and not an average to multiply. Its own: between the number and its unit ("8k
 * peak/day"); right before its number, with at most one linking word between ("peak of 2B requests a
 * day", "Peak: 2B a day"), where the text before is cut at a clause mark only if a number of its own
 * stands before that mark ("2B a day at peak, 300M on a quiet day" gives the 300M no peak); or after
 * its unit, in the same clause (up to a comma, semicolon, colon or bracket), unless a rate that is no
 * average follows it there ("2B a day and peak traffic is 300k/s" keeps the estimate: the peak is the
 * 300k/s). "2B a day at the evening peak", "at peak across 3 regions" and "at peak hours and 40M
 * writes a day" own it.
 */
function peakOwned(beforeText: string, afterUnit: string): boolean {
  let cut = 0;
  for (const m of beforeText.matchAll(CLAUSE_MARKS_BEFORE)) if (/\d/.test(beforeText.slice(0, m.index))) cut = m.index + m[0].length;
  const before = tokenize(beforeText.slice(cut).toLowerCase());
  const linked = before.length > 0 && PEAK_LINKS.has(before[before.length - 1]!.stem) ? before.slice(0, -1) : before;
  if (endsWithPeak(before) || endsWithPeak(linked)) return true;
  const clause = afterUnit.slice(0, CLAUSE_MARK.exec(afterUnit)?.index ?? afterUnit.length).toLowerCase();
  if (!hasPeak(tokenize(clause))) return false;
  for (const m of clause.matchAll(NUMBER)) if (perSecondRateAt(clause.slice(m.index + m[0].length))) return false;
  return true;
}

/** Subject nouns by their first stem; multi-word nouns checked in full. */
const SUBJECTS = new Map<string, { stems: string[]; subject: FigureSubject }[]>();
for (const [subject, nouns] of Object.entries(FIGURES.subjects) as [FigureSubject, readonly string[]][]) {
  for (const noun of nouns) {
    const stems = stemsOf(noun);
    const list = SUBJECTS.get(stems[0]!) ?? [];
    list.push({ stems, subject });
    list.sort((a, b) => b.stems.length - a.stems.length);
    SUBJECTS.set(stems[0]!, list);
  }
}

function subjectAt(tokens: readonly Token[], i: number): { subject: FigureSubject; length: number } | undefined {
  for (const entry of SUBJECTS.get(tokens[i]!.stem) ?? []) {
    if (entry.stems.every((s, k) => tokens[i + k]?.stem === s)) return { subject: entry.subject, length: entry.stems.length };
  }
  return undefined;
}

/** The first subject noun among the first `max` words. */
function firstSubject(tokens: readonly Token[], max: number, wanted?: ReadonlySet<FigureSubject>): FigureSubject | undefined {
  for (let i = 0; i < Math.min(max, tokens.length); i++) {
    if (i > 0 && tokens[i]!.breakBefore) return undefined;
    const hit = subjectAt(tokens, i);
    if (hit && (!wanted || wanted.has(hit.subject))) return hit.subject;
  }
  return undefined;
}

/** The last subject noun among the last `max` words. */
function lastSubject(tokens: readonly Token[], max: number, wanted?: ReadonlySet<FigureSubject>): FigureSubject | undefined {
  for (let i = tokens.length - 1; i >= Math.max(0, tokens.length - max); i--) {
    const hit = subjectAt(tokens, i);
    if (hit && (!wanted || wanted.has(hit.subject))) return hit.subject;
    if (tokens[i]!.breakBefore) return undefined;
  }
  return undefined;
}

const READ_STEM = stem(FIGURES.ratioWords.reads);
const WRITE_STEM = stem(FIGURES.ratioWords.writes);
const OBJECT_OR_STORAGE = new Set<FigureSubject>(['objects', 'storage']);
const TASK = new Set<FigureSubject>(['task']);
const RATE_SUBJECTS = new Set<FigureSubject>(['reads', 'writes', 'requests']);
const COUNT_SUBJECTS = new Set<FigureSubject>(['users', 'items', 'objects']);

/** Every figure of one block, in order. */
export function readFigures(
  block: Block, lineOfOffset: (offset: number) => number, lineStarts: readonly number[], limit = Infinity,
  messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES,
): NumberFact[] {
  if (block.kind === 'code' || block.kind === 'frontMatter') return [];
  const text = block.text;
  if (!MAY_HOLD_NUMBER.test(text)) return [];
  const out: NumberFact[] = [];
  for (const m of text.matchAll(NUMBER)) {
    if (out.length >= limit) break;
    const value = m[5] !== undefined ? FIGURES.wordQuantities[m[5].toLowerCase().replace(/\s+/g, ' ')]! : numberValue(m);
    if (!Number.isFinite(value) || value <= 0) continue;
    const end = m.index + m[0].length;
    const afterRaw = clip(text.slice(end, end + 80));
    const after = afterRaw.toLowerCase();
    const beforeRaw = clipBefore(text.slice(Math.max(0, m.index - 60), m.index));
    // "tens of millions of users": the counted noun follows the joining word, which is kept in the span.
    const joiner = m[5] !== undefined ? /^\s*of\b/.exec(after)?.[0].length ?? 0 : 0;
    const afterTokens = tokenize(after.slice(joiner));
    const beforeTokens = tokenize(beforeRaw.toLowerCase());
    // Whether a peak word after an average names a per-second figure later in its clause needs more of
    // the sentence; read only for an average.
    const afterLong = (): string => clip(text.slice(end, end + 200)).toLowerCase().slice(joiner);
    const fact = classify(value, after.slice(joiner), afterTokens, beforeTokens, messages, beforeRaw, afterLong);
    if (!fact) continue;
    const offset = block.offset + m.index;
    const line = lineOfOffset(offset);
    const spanEnd = m.index + m[0].length + joiner + fact.consumed;
    out.push({
      line: line + 1,
      column: offset - lineStarts[line]! + 1,
      // As written, line break and all: a figure that wraps keeps its range (asOneLine shows it in a label).
      text: text.slice(m.index, spanEnd).trimEnd(),
      kind: fact.kind,
      subject: fact.subject,
      value: fact.value,
      ...(fact.peakPerSecond !== undefined ? { peakPerSecond: fact.peakPerSecond } : {}),
      ...(fact.concurrent ? { concurrent: true } : {}),
      ...(fact.timedOut ? { timedOut: true } : {}),
      normalized: fact.normalized,
    });
  }
  return out;
}

function numberValue(m: RegExpMatchArray): number {
  let v = Number(m[1]!.replace(/,/g, ''));
  if (m[2] !== undefined) v *= 10 ** Number(m[2]);
  if (m[3] !== undefined) v = v ** Number(m[3]);
  if (m[4] !== undefined) v *= FIGURES.magnitudes[m[4].toLowerCase()] ?? 1;
  return v;
}

function clip(s: string): string {
  const stop = SENTENCE_END.exec(s);
  return stop ? s.slice(0, stop.index) : s;
}

function clipBefore(s: string): string {
  let cut = 0;
  for (const m of s.matchAll(/[.!?](?:\s|$)|\n\s*\n|;/g)) cut = m.index + m[0].length;
  return s.slice(cut);
}

interface Classified {
  kind: NumberFact['kind'];
  subject: NumberSubject;
  value: number;
  peakPerSecond?: number;
  concurrent?: boolean;
  timedOut?: boolean;
  normalized: string;
  /** Characters after the number that belong to the figure as written. */
  consumed: number;
}

function classify(value: number, after: string, afterTokens: Token[], beforeTokens: Token[], messages: SuggestMessages, beforeText = '', afterLong = (): string => after): Classified | undefined {
  const clause = [...beforeTokens.slice(-8), ...afterTokens.slice(0, 10)];
  const percent = PERCENT.exec(after);
  if (percent && value < 100) {
    const reads = stem(percent[1]!) === READ_STEM;
    const ratio = reads ? value / (100 - value) : (100 - value) / value;
    return { kind: 'ratio', subject: 'reads', value: ratio, normalized: fillMessage(messages.readsPerWrite, formatCount(ratio, messages)), consumed: percent[0].length };
  }
  if (SHARE.test(after)) return undefined;
  const ratio = RATIO.exec(after);
  if (ratio) {
    const right = Number(ratio[1]);
    const words = [...beforeTokens.slice(-6), ...afterTokens.slice(0, 6)].map((t) => t.stem);
    const r = words.indexOf(READ_STEM);
    const w = words.indexOf(WRITE_STEM);
    if (right <= 0 || r === -1 || w === -1) return undefined;
    const readsPerWrite = r < w ? value / right : right / value;
    return { kind: 'ratio', subject: 'reads', value: readsPerWrite, normalized: fillMessage(messages.readsPerWrite, formatCount(readsPerWrite, messages)), consumed: ratio[0].length };
  }
  const size = SIZE_UNIT.exec(after);
  if (size) {
    const bytes = value * (FIGURES.sizeUnits[size[1]!] ?? 1);
    // "100 MB/s" is a throughput, not an object's size.
    if (BANDWIDTH.test(after.slice(size[0].length))) return { kind: 'size', subject: 'other', value: bytes, normalized: fillMessage(messages.bytesPerSecond, formatBytes(bytes, messages)), consumed: size[0].length };
    const subject = firstSubject(afterTokens.slice(1), 5, OBJECT_OR_STORAGE) ?? lastSubject(beforeTokens, 6, OBJECT_OR_STORAGE) ?? 'other';
    return { kind: 'size', subject, value: bytes, normalized: formatBytes(bytes, messages), consumed: size[0].length };
  }
  // "5 million daily active users": people over a day, not at once and not a rate of anything; no figure.
  if (DAILY_PEOPLE.test(after)) return undefined;
  // "43 minutes of downtime a month", "2 hours a day": a time unit right after the number makes a duration.
  const rate = DURATION_UNIT.test(after) ? undefined : RATE_UNIT.exec(after) ?? RATE_NOUN_SLASH.exec(after);
  if (rate) {
    const period = rate[1] ?? (rate[2] ? FIGURES.rateAdverbs[rate[2]] : undefined) ?? 'second';
    const perSecond = value * (FIGURES.rateUnits[period] ?? 1);
    const between = tokenize(after.slice(0, rate.index + rate[0].length));
    const abbreviation = rate[3] ? FIGURES.rateAbbreviations[rate[3]] : undefined;
    // A short noun in the unit ("req/s") ranks as an abbreviation does: after the read or write words before the number.
    const shortNoun = between.map((t) => FIGURES.rateNounAbbreviations[t.word]).find((x) => x !== undefined);
    const subject = firstSubject(between, 5, RATE_SUBJECTS) ?? lastSubject(beforeTokens, 5, RATE_SUBJECTS) ?? abbreviation ?? shortNoun ?? firstSubject(between, 5) ?? 'other';
    const average = FIGURES.averageRatePeriods.includes(period);
    const estimated = average && !hasPeak(between) && !peakOwned(beforeText, afterLong().slice(rate.index + rate[0].length));
    const peakPerSecond = estimated ? perSecond * FIGURES.peakFactor : perSecond;
    const normalized = average
      ? fillMessage(messages.averageAndPeak, formatRate(perSecond, messages), formatRate(peakPerSecond, messages))
      : formatRate(perSecond, messages);
    return { kind: 'rate', subject, value: perSecond, peakPerSecond, normalized, consumed: rate[0].length };
  }
  const duration = DURATION_UNIT.exec(after);
  if (duration) {
    const seconds = value * (FIGURES.durationUnits[duration[1]!] ?? 1);
    const timedOut = hasTimeout(clause);
    // "500 hours of video per minute", "43 minutes of downtime a month": an amount of something, no run time.
    const amount = AMOUNT_PER_PERIOD.test(after.slice(duration[0].length));
    const isTask = !amount && (timedOut || hasTaskVerb(clause)) && !notRunFor(beforeTokens) &&
      (firstSubject(afterTokens.slice(1), 6, TASK) ?? lastSubject(beforeTokens, 8, TASK)) !== undefined;
    return { kind: 'duration', subject: isTask ? 'task' : 'other', value: seconds, ...(isTask && timedOut ? { timedOut: true } : {}), normalized: formatDuration(seconds, messages), consumed: duration[0].length };
  }
  const counted = firstCountedNoun(afterTokens);
  if (counted) {
    const concurrent = hasConcurrent([...beforeTokens.slice(-3), ...afterTokens.slice(0, 6)]);
    return { kind: 'count', subject: counted.subject, value, ...(concurrent ? { concurrent: true } : {}), normalized: fillMessage(messages.countOf, formatCount(value, messages), counted.subject), consumed: counted.end };
  }
  return undefined;
}

/** "2M concurrent users": a counted noun within the first three words, adjectives allowed between. */
function firstCountedNoun(tokens: readonly Token[]): { subject: FigureSubject; end: number } | undefined {
  for (let i = 0; i < Math.min(3, tokens.length); i++) {
    if (i > 0 && tokens[i]!.breakBefore) return undefined;
    if (/^\d/.test(tokens[i]!.word)) return undefined;
    const hit = subjectAt(tokens, i);
    if (hit && COUNT_SUBJECTS.has(hit.subject)) return { subject: hit.subject, end: tokens[i + hit.length - 1]!.end };
  }
  return undefined;
}

