/**
 * Finds the figures a design doc states and normalises them: rates to events per second
 * (average and peak), sizes to bytes, durations to seconds, counts of users and items, and
 * read:write ratios. A hand-written lexer (no regular expressions) keeps it linear on any line.
 */
import { formatBytes, formatCount, formatDuration, formatRate } from './format';
import { PEAK_FACTOR } from './limits';
import type { NumberFact, NumberSubject } from './types';
import {
  AT_ONCE_WORDS, CONTEXT_NOUNS, CONTEXT_VERBS, DURATION_UNITS, ENTITY_VERBS, FILLER_WORDS, FREQUENCY_WORDS, MULTIPLIERS, NON_OBJECT_SIZE_NOUNS, NOT_WORK_DURATION_WORDS,
  OBJECT_SIZE_NOUNS, PEAK_WORDS, PER_SECOND_UNITS, SIZE_UNITS, SUBJECT_NOUNS, WORK_WORDS,
} from './units';

interface Lexeme {
  kind: 'num' | 'word' | 'sym';
  text: string;
  value: number;
  start: number;
  end: number;
  /** Word glued to the previous number ("500M", "2MB", "30s"). */
  attached: boolean;
}

// Local aliases: each access to an imported binding is a property read on the module object.
const SUBJECTS = SUBJECT_NOUNS;
/** Nouns that count units of a subject ("log lines", "event records") rather than name a new one. */
const UNIT_NOUNS = new Set(['line', 'lines', 'entry', 'entries', 'row', 'rows', 'record', 'records', 'message', 'messages', 'item', 'items', 'event', 'events', 'job', 'jobs']);
const DURATIONS = DURATION_UNITS;
const FILLERS = FILLER_WORDS;

/** Characters of a line looked at, at most; figures beyond it are ignored. */
const MAX_LINE_CHARS = 4000;
const LOOKAHEAD = 7;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function hasUpperOrApostrophe(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 39) return true;
  }
  return false;
}

/** `inWords`: also read figures written in words ("forty thousand", "millions of"); off for lines without a scale word. */
function lex(text: string, from: number, to: number, inWords = true): Lexeme[] {
  const out: Lexeme[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const start = i;
      let digits = '';
      while (i < to && isDigit(text.charCodeAt(i)) && i - start < 24) digits += text[i++];
      // Thousands separators: a comma followed by exactly three digits.
      while (i + 3 < to + 1 && text.charCodeAt(i) === 44 && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) &&
        isDigit(text.charCodeAt(i + 3)) && !(i + 4 < to && isDigit(text.charCodeAt(i + 4)))) {
        digits += text.slice(i + 1, i + 4);
        i += 4;
      }
      if (i + 1 < to && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        digits += '.';
        i++;
        while (i < to && isDigit(text.charCodeAt(i)) && digits.length < 40) digits += text[i++];
      }
      while (i < to && isDigit(text.charCodeAt(i))) i++;
      // Powers of ten: "10^4 QPS", "10^6+ SKUs".
      if (digits === '10' && i + 1 < to && text.charCodeAt(i) === 94 && isDigit(text.charCodeAt(i + 1))) {
        let e = i + 1;
        while (e < to && isDigit(text.charCodeAt(e))) e++;
        const exponent = Number(text.slice(i + 1, e));
        i = e;
        if (i < to && text.charCodeAt(i) === 43) i++;
        // Beyond 10^15 it is no figure a design states (NaN: the reader skips it).
        let value = exponent <= 15 ? Math.pow(10, exponent) : NaN;
        let from = start;
        // "2 x 10^6", "2×10^6": the coefficient multiplies.
        const n = out.length;
        if (n >= 2 && (out[n - 1]!.text === 'x' || out[n - 1]!.text === '×') && out[n - 2]!.kind === 'num') {
          value *= out[n - 2]!.value;
          from = out[n - 2]!.start;
          out.length = n - 2;
        }
        out.push({ kind: 'num', text: text.slice(from, i), value, start: from, end: i, attached: false });
        continue;
      }
      out.push({ kind: 'num', text: text.slice(start, i), value: Number(digits), start, end: i, attached: false });
      if (i < to && isLetter(text.charCodeAt(i))) {
        const ws = i;
        while (i < to && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
        out.push({ kind: 'word', text: text.slice(ws, i).toLowerCase(), value: 0, start: ws, end: i, attached: true });
      }
    } else if (isLetter(c)) {
      const start = i;
      while (i < to && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 39)) i++;
      let word = text.slice(start, i);
      if (hasUpperOrApostrophe(word)) word = word.toLowerCase().replace("'", '');
      if (!inWords) {
        out.push({ kind: 'word', text: word, value: 0, start, end: i, attached: false });
        continue;
      }
      const spelled = (NUMBER_WORDS.has(word) || word === 'hundred') && mayScale(text, i, to) ? spelledNumber(text, start, to, word) : undefined;
      if (spelled !== undefined) {
        // "forty thousand trailers", "a hundred thousand data points per second".
        out.push({ kind: 'num', text: text.slice(start, spelled.end), value: spelled.value, start, end: spelled.end, attached: false });
        i = spelled.end;
        continue;
      }
      const magnitude = PLURAL_MAGNITUDES.get(word);
      if (magnitude !== undefined && /^\s+of\s/.test(text.slice(i, Math.min(to, i + 8)))) {
        // "millions of writes", "tens of millions of log lines": a number the figure reader can use.
        let value = magnitude;
        let from = start;
        const n = out.length;
        if (n >= 2 && out[n - 1]!.text === 'of' && (out[n - 2]!.text === 'tens' || out[n - 2]!.text === 'hundreds')) {
          value *= out[n - 2]!.text === 'tens' ? 10 : 100;
          from = out[n - 2]!.start;
          out.length = n - 2;
        }
        out.push({ kind: 'num', text: text.slice(from, i), value, start: from, end: i, attached: false });
        continue;
      }
      out.push({ kind: 'word', text: word, value: 0, start, end: i, attached: false });
    } else {
      if (c === 47 || c === 58 || c === 45 || c === 0x2013 || c === 126 || c === 120 || c === 215 || c === 37) {
        out.push({ kind: 'sym', text: c === 0x2013 ? '-' : text[i]!, value: 0, start: i, end: i + 1, attached: false });
      }
      i++;
    }
  }
  return out;
}

/** A word that states a figure without a digit ("millions", "thousand"): its line is read for figures. */
export function isMagnitudeWord(lowerWord: string): boolean {
  return PLURAL_MAGNITUDES.has(lowerWord) || SCALE_WORDS.has(lowerWord);
}

/** Number words of a spelled-out figure ("forty", "ninety-nine", "a hundred and fifty thousand"). */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['a', 1], ['an', 1], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16],
  ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50],
  ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90], ['several', 3], ['few', 3],
]);
const SCALE_WORDS: ReadonlyMap<string, number> = new Map([['hundred', 100], ['thousand', 1e3], ['million', 1e6], ['billion', 1e9]]);

/**
 * Whether the word after `text[..at)` may go on with a spelled-out figure: it starts like a number
 * or scale word (t, f, s, e, n, o, h, m, b). A cheap test for the many "a" and "one" of prose.
 */
function mayScale(text: string, at: number, to: number): boolean {
  let j = at;
  while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 45)) j++;
  const c = text.charCodeAt(j) | 32;
  return c === 116 || c === 102 || c === 115 || c === 101 || c === 110 || c === 111 || c === 104 || c === 109 || c === 98;
}

/** Longest spelled-out figure read, in words ("one hundred and fifty-five thousand" is 6). */
const MAX_SPELLED_WORDS = 8;

/**
 * A figure spelled out in words from `word` (the lowercase word at `text[start..]`), read the
 * usual way: number words add up, "hundred" multiplies what came before, and "thousand",
 * "million", "billion" close a group ("ninety-nine thousand" 99,000, "one hundred and fifty
 * thousand" 150,000). Undefined unless a scale word comes, so "a" and "one" alone stay words.
 */
function spelledNumber(text: string, start: number, to: number, word: string): { value: number; end: number } | undefined {
  if (start > 0 && isLetter(text.charCodeAt(start - 1))) return undefined;
  if (!NUMBER_WORDS.has(word) && word !== 'hundred') return undefined;
  let total = 0;
  let group = 0;
  let scaled = false;
  let at = start;
  let last = start;
  let lastWasNumber = false;
  for (let n = 0; n < MAX_SPELLED_WORDS; n++) {
    let j = at;
    while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 45)) j++;
    let k = j;
    while (k < to && isLetter(text.charCodeAt(k))) k++;
    if (k === j || k - j > 9) break;
    const w = n === 0 ? word : text.slice(j, k).toLowerCase();
    const number = NUMBER_WORDS.get(w);
    const scale = SCALE_WORDS.get(w);
    if (number !== undefined && !(lastWasNumber && (number >= 10 || group % 10 !== 0 || group === 0))) {
      // "a"/"an" only open a figure; "twenty five" adds, "five twenty" does not.
      if ((w === 'a' || w === 'an') && n > 0) break;
      group += number;
      lastWasNumber = true;
    } else if (scale === 100) {
      group = (group || 1) * 100;
      scaled = true;
      lastWasNumber = false;
    } else if (scale !== undefined) {
      total += (group || 1) * scale;
      group = 0;
      scaled = true;
      lastWasNumber = false;
    } else if (w === 'and' && scaled && n > 0) {
      at = k;
      continue;
    } else {
      break;
    }
    at = k;
    last = k;
  }
  return scaled ? { value: total + group, end: last } : undefined;
}

/** "thousands", "millions" ... of something: a figure stated without a digit (its least value). */
const PLURAL_MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['thousands', 1e3], ['millions', 1e6], ['billions', 1e9], ['trillions', 1e12],
]);

/**
 * Whether a word can make a figure out of a number next to it (a unit, multiplier, counted noun,
 * frequency, or a word of a ratio). Lines with digits but none of these words state no figure,
 * so the engine skips them without lexing.
 */
export function isFigureWord(lowerWord: string): boolean {
  const c = lowerWord.charCodeAt(0);
  if (c >= 48 && c <= 57) return /[a-z]/.test(lowerWord); // "500m", "2mb", "30s", "3x"
  return MULTIPLIERS.has(lowerWord) || SIZE_UNITS.has(lowerWord) || timeUnitSeconds(lowerWord) !== undefined ||
    FREQUENCY_WORDS.has(lowerWord) || PER_SECOND_UNITS.has(lowerWord) || subjectOf(lowerWord) !== undefined ||
    lowerWord === 'ratio' || lowerWord === 'sec';
}

function wordAt(lx: readonly Lexeme[], k: number): string {
  const t = lx[k];
  return t !== undefined && t.kind === 'word' ? t.text : '';
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('ches') || word.endsWith('shes') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

function subjectOf(word: string): NumberSubject | undefined {
  return SUBJECTS.get(word) ?? SUBJECTS.get(singular(word));
}

function timeUnitSeconds(word: string): number | undefined {
  if (word === 'm') return undefined;
  return DURATIONS.get(word) ?? DURATIONS.get(singular(word));
}

/**
 * Extracts the figures of one line (`text[from, to)`, 1-based `line`) and appends them to `out`.
 */
export function extractNumbers(text: string, from: number, to: number, line: number, out: NumberFact[], inWords = true): void {
  const end = Math.min(to, from + MAX_LINE_CHARS);
  const lx = lex(text, from, end, inWords);
  const lineWords = new Set<string>();
  for (const t of lx) if (t.kind === 'word') lineWords.add(t.text);
  let peakLine = false;
  let atOnce = false;
  for (const w of lineWords) {
    if (PEAK_WORDS.has(w)) peakLine = true;
    if (AT_ONCE_WORDS.has(w)) atOnce = true;
  }
  for (let i = 0; i < lx.length; i++) {
    const tok = lx[i]!;
    if (tok.kind !== 'num' || !Number.isFinite(tok.value)) continue;
    // Part of an identifier ("s3", "ec2", "v8", "p99") or a version/date.
    const before = tok.start > from ? text.charCodeAt(tok.start - 1) : 32;
    if (isLetter(before) || before === 46 || before === 95 || before === 36) continue;
    const fact = readFigure(text, lx, i, line, from, peakLine, atOnce, lineWords);
    if (fact) {
      out.push(fact.fact);
      const at = i;
      i = fact.next - 1;
      if (fact.fact.kind === 'count' && fact.fact.subject === 'users') {
        const derived = perEntityRate(text, lx, at, fact.next, fact.fact, from, peakLine);
        if (derived) {
          out.push(derived);
          // "each reports 20 metrics every 10 s" belongs to the derived rate: not a system rate of its own.
          const end = lx[at]!.start + derived.text.length;
          while (i + 1 < lx.length && lx[i + 1]!.start < end) i++;
        }
      }
    }
  }
}

function readFigure(
  text: string, lx: Lexeme[], i: number, line: number, lineStart: number, peakLine: boolean, atOnce: boolean,
  lineWords: ReadonlySet<string>,
): { fact: NumberFact; next: number } | undefined {
  const first = lx[i]!;
  let value = first.value;
  let j = i + 1;
  // Ranges: "5-30 minutes", "10 to 20 MB": the upper bound decides.
  if (lx[j]?.kind === 'sym' && lx[j]!.text === '-' && lx[j + 1]?.kind === 'num') {
    value = lx[j + 1]!.value;
    j += 2;
  } else if (lx[j]?.text === 'to' && lx[j + 1]?.kind === 'num') {
    value = lx[j + 1]!.value;
    j += 2;
  }
  const w = (k: number): string => wordAt(lx, k);
  const mult = MULTIPLIERS.get(w(j));
  if (mult !== undefined && !(w(j).length === 1 && !lx[j]!.attached && SIZE_UNITS.has(w(j + 1)))) {
    value *= mult;
    j++;
  }
  const make = (kind: NumberFact['kind'], subject: NumberSubject, v: number, last: number, normalized: string, extra: Partial<NumberFact> = {}) => ({
    fact: {
      line, column: first.start - lineStart + 1, text: text.slice(first.start, lx[last]!.end), kind, subject, value: v, normalized, ...extra,
    } as NumberFact,
    next: last + 1,
  });

  // Ratios: "100:1 read to write", "10:1 write to read ratio".
  if (lx[j]?.kind === 'sym' && lx[j]!.text === ':' && lx[j + 1]?.kind === 'num' && (lineWords.has('ratio') || lineWords.has('read') || lineWords.has('reads'))) {
    const right = lx[j + 1]!.value;
    if (right > 0) {
      const readFirst = firstIndexOf(lx, j + 2, ['read', 'reads']) <= firstIndexOf(lx, j + 2, ['write', 'writes']);
      const readsOverWrites = readFirst ? value / right : right / value;
      return make('ratio', readsOverWrites >= 1 ? 'reads' : 'writes', readsOverWrites, j + 1,
        `read:write ≈ ${formatCount(readsOverWrites)}:1`);
    }
  }

  // Shares of traffic: "99% writes", "90% of requests are reads" is a read:write ratio; "99% of
  // reads complete in 50 ms" and "99.9% read availability" are not.
  if (lx[j]?.kind === 'sym' && lx[j]!.text === '%') {
    if (value <= 0 || value >= 100) return undefined;
    const direct = READ_WRITE_WORDS.get(w(j + 1));
    const stated = w(j + 1) === 'of' && PERCENT_NOUNS.has(w(j + 2)) && (w(j + 3) === 'are' || w(j + 3) === 'is')
      ? READ_WRITE_WORDS.get(w(j + 4)) : undefined;
    // A direct share is the whole clause ("99% writes", "90% reads, 10% writes"), not an adjective of a noun.
    const said = direct !== undefined && !(lx[j + 2]?.kind === 'word' && !lx[j + 2]!.attached && !SHARE_FOLLOWERS.has(w(j + 2))) ? direct : stated;
    if (said === undefined) return undefined;
    const last = said === direct && direct !== undefined ? j + 1 : j + 4;
    const readShare = said === 'reads' ? value : 100 - value;
    const readsOverWrites = readShare / (100 - readShare);
    return make('ratio', readsOverWrites >= 1 ? 'reads' : 'writes', readsOverWrites, last, `read:write ≈ ${formatCount(readsOverWrites)}:1`);
  }

  // Sizes.
  const sizeUnit = SIZE_UNITS.get(w(j));
  if (sizeUnit !== undefined) {
    const bytes = value * sizeUnit;
    const windowWords = wordsAfter(lx, j + 1, LOOKAHEAD);
    const perTime = hasPerTime(lx, j + 1);
    const storage = perTime || windowWords.includes('total') || lineWords.has('total') || windowWords.includes('stored') || windowWords.includes('years');
    const subject: NumberSubject = storage ? 'storage' : sizeSubject(text, lx, i, j, lineWords);
    const label = subject === 'objects' ? 'per object' : subject === 'storage' ? 'of storage' : '';
    return make('size', subject, bytes, j, `${formatBytes(bytes)}${label ? ` ${label}` : ''}`);
  }

  // Durations.
  const secs = timeUnitSeconds(w(j));
  if (secs !== undefined && !(w(i - 1) === 'per' || (lx[i - 1]?.kind === 'sym' && lx[i - 1]!.text === '/'))) {
    const seconds = value * secs;
    // "the import times out after 30 seconds": the work ran into the limit.
    // Not an idle connection or a gateway's own limit: the clause must name work ("import", "job", "export").
    if ((w(i - 1) === 'after' || w(i - 1) === 'at') && w(i - 2) === 'out' && TIME_OUT_VERBS.has(w(i - 3)) &&
      wordsAround(lx, i, 12).some((x) => WORK_WORDS.has(x) || TIMED_OUT_WORK.has(x))) {
      return make('duration', 'task', seconds, j, `${formatDuration(seconds)} (timed out)`, { timedOut: true });
    }
    const near = wordsAround(lx, i, 6);
    // "for the last 90 days", "over the past week": a window of time, not a run time.
    const window = WINDOW_WORDS.has(w(i - 1));
    const work = !window && near.some((x) => WORK_WORDS.has(x)) && !near.some((x) => NOT_WORK_DURATION_WORDS.has(x)) && w(i - 1) !== 'in';
    return make('duration', work ? 'task' : 'other', seconds, j, formatDuration(seconds));
  }

  if (PER_SECOND_UNITS.has(w(j))) {
    const peak = peakLine ? value : value * PEAK_FACTOR;
    return make('rate', 'requests', value, j, rateText(value, peak, peakLine), { peakPerSecond: peak });
  }

  // Counts and rates: find the noun, then an optional "per <time>".
  let k = j;
  let subject: NumberSubject | undefined;
  let qualifier: NumberSubject | undefined;
  let frequency: number | undefined;
  for (let steps = 0; k < lx.length && steps < 5; steps++, k++) {
    const t = lx[k]!;
    if (t.kind === 'sym') {
      if (t.text === '-') continue;
      break;
    }
    if (t.kind !== 'word') break;
    const freq = FREQUENCY_WORDS.get(t.text);
    if (freq !== undefined) {
      frequency = freq;
      continue;
    }
    const s = subjectOf(t.text);
    if (s !== undefined && !(FILLERS.has(t.text) && subjectOf(w(k + 1)) !== undefined)) {
      subject = s;
      break;
    }
    if (t.text === 'read' || t.text === 'search') qualifier = 'reads';
    else if (t.text === 'write') qualifier = 'writes';
    if (!FILLERS.has(t.text)) break;
  }
  if (subject === undefined) return undefined;
  if (subject === 'requests' && qualifier !== undefined) subject = qualifier;
  // "we record 300K impressions per second" is writes, "we serve 300K impressions per second" reads.
  let undecided = false;
  if ((subject === 'reads' || subject === 'writes') && isContextNoun(w(k))) {
    const said = verbDirection(text, lx, i, k);
    if (said !== undefined) subject = said;
    else undecided = true;
  } else if (subject === 'requests' && REQUEST_NOUNS.has(w(k))) {
    // "100 million requests per second" says nothing of what they do; "requests to update a
    // score" does, here or elsewhere in the document (left open, the requests count as reads).
    const said = verbDirection(text, lx, i, k);
    if (said !== undefined) subject = said;
    else undecided = true;
  }
  // "1.2 million log lines per second": a unit noun may stand between the subject and the rate.
  const perTime = readPerTime(lx, k + 1) ?? (UNIT_NOUNS.has(w(k + 1)) ? readPerTime(lx, k + 2) : undefined);
  const period = perTime?.seconds ?? (subject === 'users' || subject === 'items' || subject === 'objects' ? undefined : frequency);
  if (period !== undefined && period > 0 && perTime?.perEntity !== true) {
    const perSecond = value / period;
    const peak = peakLine ? perSecond : perSecond * PEAK_FACTOR;
    const last = perTime ? perTime.last : k;
    const made = make('rate', subject, perSecond, last, rateText(perSecond, peak, peakLine), { peakPerSecond: peak });
    if (undecided) UNDECIDED.set(made.fact, singular(w(k)));
    return made;
  }
  // "2M devices, each sending a reading every 10 s": the count; the caller derives the rate.
  if (perTime?.perEntity && subject !== 'users') return undefined;
  const concurrent = atOnce && subject === 'users';
  return make('count', subject, value, k, `${formatCount(value)} ${subject}${concurrent ? ' at once' : ''}`, concurrent ? { concurrent } : {});
}

/** Lexemes looked at on each side of a figure for a verb that says what is done with its noun. */
const VERB_REACH = 6;

function isContextNoun(word: string): boolean {
  return CONTEXT_NOUNS.has(word) || CONTEXT_NOUNS.has(singular(word));
}

/**
 * What the verbs of the figure's clause say is done with its noun: recorded, counted, logged,
 * ingested, tracked, stored (writes) or served, shown, rendered (reads). The verb nearest the
 * figure decides; undefined when the clause has none.
 */
function verbDirection(text: string, lx: readonly Lexeme[], first: number, noun: number): 'reads' | 'writes' | undefined {
  let best: 'reads' | 'writes' | undefined;
  let bestDistance = Infinity;
  for (let k = first - 1, steps = 0; k >= 0 && steps < VERB_REACH; k--, steps++) {
    if (clauseBreak(text, lx[k]!.end, lx[k + 1]!.start)) break;
    const d = lx[k]!.kind === 'word' ? CONTEXT_VERBS.get(lx[k]!.text) : undefined;
    if (d !== undefined) {
      best = d;
      bestDistance = first - k;
      break;
    }
  }
  for (let k = noun + 1, steps = 0; k < lx.length && steps < VERB_REACH; k++, steps++) {
    if (clauseBreak(text, lx[k - 1]!.end, lx[k]!.start)) break;
    const d = lx[k]!.kind === 'word' ? CONTEXT_VERBS.get(lx[k]!.text) : undefined;
    if (d !== undefined) {
      if (k - noun < bestDistance) best = d;
      break;
    }
  }
  return best;
}

/**
 * Rates of a noun whose direction its own clause left open (CONTEXT_NOUNS), with the noun: the
 * engine asks the rest of the document what it does with that noun (`documentDirection`).
 */
const UNDECIDED = new WeakMap<NumberFact, string>();

/** The noun of a rate whose direction its clause left open, if any (see `documentDirection`). */
export function undecidedNoun(fact: NumberFact): string | undefined {
  return UNDECIDED.get(fact);
}

/** Occurrences of a noun looked at, at most, when asking the document what it does with it. */
const MAX_NOUN_MENTIONS = 24;

/**
 * What the document says it does with a noun ("We count impressions", "impressions are logged",
 * "we serve ad impressions"): the verbs in the clauses around its mentions, writes against reads.
 * Undefined when they do not say, or say both equally.
 */
export function documentDirection(text: string, noun: string): 'reads' | 'writes' | undefined {
  let writes = 0, reads = 0, seen = 0;
  // The noun as written in prose and at the start of a sentence; the text is not lowercased as a
  // whole (a copy of a 10 MB document for a few mentions), `lex` lowercases the words it reads.
  for (const form of [noun, noun.charAt(0).toUpperCase() + noun.slice(1)]) {
    for (let at = text.indexOf(form); at >= 0 && seen < MAX_NOUN_MENTIONS; at = text.indexOf(form, at + form.length)) {
      seen++;
      const from = Math.max(0, at - 60), to = Math.min(text.length, at + noun.length + 60);
      const lx = lex(text, from, to, false);
      const k = lx.findIndex((t) => t.kind === 'word' && t.start <= at && t.end > at);
      if (k < 0 || singular(lx[k]!.text) !== noun) continue;
      const d = REQUEST_NOUNS.has(noun) ? requestDirection(text, lx, k) : verbDirection(text, lx, k, k);
      if (d === 'writes') writes++;
      else if (d === 'reads') reads++;
    }
  }
  return writes > reads ? 'writes' : reads > writes ? 'reads' : undefined;
}

/** Words that make the duration after them a window of time ("the last 90 days"). */
const WINDOW_WORDS = new Set(['last', 'past', 'next', 'previous', 'first', 'recent', 'trailing', 'rolling']);

/**
 * What a request does, from the verb it governs in its clause ("a request to update the score",
 * "every request must increment a counter"); a passive verb is done to the request ("every
 * request is logged") and says nothing of what the requests do.
 */
function requestDirection(text: string, lx: readonly Lexeme[], noun: number): 'reads' | 'writes' | undefined {
  for (let k = noun + 1, steps = 0; k < lx.length && steps < VERB_REACH; k++, steps++) {
    if (clauseBreak(text, lx[k - 1]!.end, lx[k]!.start)) return undefined;
    const d = lx[k]!.kind === 'word' ? CONTEXT_VERBS.get(lx[k]!.text) : undefined;
    if (d !== undefined) return PASSIVE_AUXILIARIES.has(wordAt(lx, k - 1)) ? undefined : d;
  }
  return undefined;
}
const PASSIVE_AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'gets', 'got']);

/** Nouns of requests whose direction the document may tell ("request to update the score"). */
const REQUEST_NOUNS = new Set(['request', 'requests']);

/** Work words besides WORK_WORDS that say what timed out ("the upload endpoint times out after 30 seconds"). */
const TIMED_OUT_WORK = new Set(['upload', 'uploads', 'endpoint', 'request', 'requests', 'query', 'queries', 'sync', 'synchronously']);

/** "times out after", "timed out at": the verb before "out". */
const TIME_OUT_VERBS = new Set(['time', 'times', 'timed', 'timing']);

/** Words that say a share of traffic is reads or writes ("99% writes", "90% of requests are reads"). */
const READ_WRITE_WORDS: ReadonlyMap<string, 'reads' | 'writes'> = new Map([['reads', 'reads'], ['writes', 'writes']] as const);
/** Words that may follow "99% writes" without making it a phrase about something else ("99% writes and 1% reads"). */
const SHARE_FOLLOWERS = new Set(['and', 'to', 'vs', 'versus', 'or', 'with', 'in', 'at', 'during', 'on', 'of', 'the', 'overall', 'by']);
const PERCENT_NOUNS = new Set(['requests', 'traffic', 'operations', 'ops', 'queries', 'calls']);

/** Lexemes looked at after a count of users for what each of them does ("each pinging every 4 s"). */
const PER_ENTITY_REACH = 20;

/**
 * "300,000 drivers, each pinging every 4 seconds", "2M devices send a reading every 10 s",
 * "50K users polling twice a minute": a count of users with a per-user frequency is a rate,
 * count × frequency. The verbs and nouns in between say whether it is writes or reads.
 */
function perEntityRate(
  text: string, lx: Lexeme[], first: number, from: number, count: NumberFact, lineStart: number, peakLine: boolean,
): NumberFact | undefined {
  let subject: NumberSubject = 'requests';
  let multiplier = 1;
  for (let k = from; k < lx.length && k < from + PER_ENTITY_REACH; k++) {
    const t = lx[k]!;
    // What each one does is said in the same sentence.
    if (k > 0 && sentenceBreak(text, lx[k - 1]!.end, t.start)) return undefined;
    if (t.kind === 'num' && wordAt(lx, k + 1) !== 'times' && !(k > 0 && (lx[k - 1]!.text === 'every' || lx[k - 1]!.text === 'per'))) {
      // "each reports 20 metrics every 10 s": what each one sends at a time multiplies the rate.
      const counted = wordAt(lx, k + 1);
      if ((wordAt(lx, k - 1) === 'each' || wordAt(lx, k - 2) === 'each') && multiplier === 1 && t.value > 1 &&
        (subjectOf(counted) !== undefined || UNIT_NOUNS.has(counted)) && SIZE_UNITS.get(counted) === undefined && timeUnitSeconds(counted) === undefined) {
        multiplier = t.value;
        continue;
      }
      return undefined;
    }
    if (t.kind !== 'word') continue;
    const s = subjectOf(t.text) ?? ENTITY_VERBS.get(t.text);
    if ((s === 'writes' || s === 'reads') && subject === 'requests') subject = s;
    let times = 1;
    if (t.text === 'once') times = 1;
    else if (t.text === 'twice') times = 2;
    else if (t.text === 'times' && lx[k - 1]?.kind === 'num') times = lx[k - 1]!.value;
    else if (t.text !== 'every' && t.text !== 'per') continue;
    if ((t.text === 'once' || t.text === 'twice' || t.text === 'times') && !['a', 'an', 'per', 'every', 'each'].includes(wordAt(lx, k + 1))) continue;
    // "every 4 seconds", "every second", "per minute", "twice a minute", "10 times per hour".
    let u = t.text === 'every' || t.text === 'per' ? k + 1 : k + 2;
    let n = 1;
    if (lx[u]?.kind === 'num') {
      n = lx[u]!.value;
      u++;
    }
    const word = wordAt(lx, u);
    const secs = word === 's' || word === 'sec' ? 1 : timeUnitSeconds(word);
    if (secs === undefined || n <= 0) continue;
    times *= multiplier;
    const perSecond = (count.value * times) / (n * secs);
    const peak = peakLine ? perSecond : perSecond * PEAK_FACTOR;
    return {
      line: count.line, column: lx[first]!.start - lineStart + 1, text: text.slice(lx[first]!.start, lx[u]!.end), kind: 'rate', subject,
      value: perSecond, peakPerSecond: peak, normalized: `${formatCount(count.value)} × ${times > 1 ? `${times} ` : ''}every ${n === 1 ? '' : `${n} `}${word} ${rateText(perSecond, peak, peakLine)}`,
    };
  }
  return undefined;
}

function rateText(perSecond: number, peak: number, statedPeak: boolean): string {
  return statedPeak
    ? `≈ ${formatRate(perSecond)} at peak`
    : `≈ ${formatRate(perSecond)} average, ≈ ${formatRate(peak)} at a ${PEAK_FACTOR}x peak`;
}

/** "per second", "/day", "a minute", "each month", "per user per day" (per entity). */
function readPerTime(lx: Lexeme[], k: number): { seconds: number; last: number; perEntity: boolean } | undefined {
  let perEntity = false;
  for (let hops = 0; hops < 3; hops++) {
    const t = lx[k];
    if (!t) return perEntity ? { seconds: 1, last: k - 1, perEntity } : undefined;
    const isPer = (t.kind === 'sym' && t.text === '/') || t.text === 'per' || t.text === 'a' || t.text === 'each' || t.text === 'every' || t.text === 'an';
    if (!isPer) return perEntity ? { seconds: 1, last: k - 1, perEntity } : undefined;
    let u = k + 1;
    let count = 1;
    if (lx[u]?.kind === 'num') {
      count = lx[u]!.value;
      u++;
    }
    const word = lx[u]?.kind === 'word' ? lx[u]!.text : '';
    const secs = word === 's' || word === 'sec' ? 1 : timeUnitSeconds(word);
    if (secs !== undefined) return { seconds: secs * count, last: u, perEntity };
    if (word === '' ) return undefined;
    perEntity = true;
    k = u + 1;
  }
  return perEntity ? { seconds: 1, last: k - 1, perEntity } : undefined;
}

/** What a size measures, from the words next to it (see OBJECT_SIZE_NOUNS and NON_OBJECT_SIZE_NOUNS). */
type SizeNoun = 'objects' | 'other' | undefined;

function sizeNounKind(word: string): SizeNoun {
  if (OBJECT_SIZE_NOUNS.has(word)) return 'objects';
  if (NON_OBJECT_SIZE_NOUNS.has(word)) return 'other';
  const one = singular(word);
  if (OBJECT_SIZE_NOUNS.has(one)) return 'objects';
  if (NON_OBJECT_SIZE_NOUNS.has(one)) return 'other';
  return undefined;
}

/** Lexemes looked at on each side of a size for the noun it measures, within its clause. */
const SIZE_NOUN_AFTER = 4;
const SIZE_NOUN_BEFORE = 4;

/** Whether a clause boundary (",", ";", ".", "(", ")") lies between two lexemes. */
/** A full stop (or ! ?) followed by a space or the end between two lexemes. */
function sentenceBreak(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if ((c === 46 || c === 33 || c === 63) && (p + 1 >= to || text.charCodeAt(p + 1) === 32)) return true;
  }
  return false;
}

function clauseBreak(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === 44 || c === 59 || c === 40 || c === 41 || (c === 46 && (p + 1 >= to || text.charCodeAt(p + 1) === 32))) return true;
  }
  return false;
}

/**
 * A size is an object's size when the noun it measures is a stored or transferred object ("2 MB
 * photos", "attachments average 300 KB"), and something else when that noun is configuration,
 * working data, logs or rows ("a 6 MB snapshot", "rotate at 10 MB"). The nearest such noun in the
 * same clause decides, the words after the unit first; without one, the line decides only when it
 * names objects and nothing else a size could measure.
 */
function sizeSubject(text: string, lx: readonly Lexeme[], first: number, unit: number, lineWords: ReadonlySet<string>): NumberSubject {
  for (let k = unit + 1, seen = 0; k < lx.length && seen < SIZE_NOUN_AFTER; k++) {
    const t = lx[k]!;
    if (clauseBreak(text, lx[k - 1]!.end, t.start) || t.kind === 'num') break;
    if (t.kind !== 'word') continue;
    seen++;
    let kind = sizeNounKind(t.text);
    if (!kind) continue;
    // The last noun of a compound is its head: "log bundles" are bundles, "video metadata" is data.
    for (let h = k + 1; h < lx.length && lx[h]!.kind === 'word' && !clauseBreak(text, lx[h - 1]!.end, lx[h]!.start); h++) {
      const next = sizeNounKind(lx[h]!.text);
      if (!next) break;
      kind = next;
    }
    return kind;
  }
  for (let k = first - 1, seen = 0; k >= 0 && seen < SIZE_NOUN_BEFORE; k--) {
    const t = lx[k]!;
    if (clauseBreak(text, t.end, lx[k + 1]!.start) || t.kind === 'num') break;
    if (t.kind !== 'word') continue;
    seen++;
    const kind = sizeNounKind(t.text);
    if (kind) return kind;
  }
  let objects = false;
  for (const w of lineWords) {
    const kind = sizeNounKind(w);
    if (kind === 'other') return 'other';
    if (kind === 'objects') objects = true;
  }
  return objects ? 'objects' : 'other';
}

function hasPerTime(lx: Lexeme[], from: number): boolean {
  for (let k = from; k < Math.min(lx.length, from + LOOKAHEAD); k++) {
    const t = lx[k]!;
    if (t.text === 'per' || t.text === '/' || t.text === 'a') {
      const next = lx[k + 1]?.text ?? '';
      if (timeUnitSeconds(next) !== undefined || next === 'sec') return true;
    }
  }
  return false;
}

function wordsAfter(lx: Lexeme[], from: number, n: number): string[] {
  const words: string[] = [];
  for (let k = from; k < lx.length && words.length < n; k++) if (lx[k]!.kind === 'word') words.push(lx[k]!.text);
  return words;
}

function wordsAround(lx: Lexeme[], at: number, n: number): string[] {
  const words: string[] = [];
  for (let k = Math.max(0, at - n); k < Math.min(lx.length, at + n + 2); k++) if (lx[k]!.kind === 'word') words.push(lx[k]!.text);
  return words;
}

function firstIndexOf(lx: Lexeme[], from: number, words: readonly string[]): number {
  for (let k = from; k < lx.length; k++) if (words.includes(lx[k]!.text)) return k;
  for (let k = 0; k < from; k++) if (words.includes(lx[k]!.text)) return k + lx.length;
  return Number.MAX_SAFE_INTEGER;
}
