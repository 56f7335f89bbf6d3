import MarkdownIt from 'markdown-it';
import namedSystemsData from '../../../content/rules/named-systems.json';
import proseWordsData from '../../../content/rules/prose-words.json';
import { asOneLine } from '../text/oneLine';

/**
 * Rules about what the content says, not its structure. Each check takes one text (a section's
 * markdown or a field's string) and the file line of its first line, and returns the lines to fix.
 */

/** The word lists of `content/rules/prose-words.json`, by name. */
export const PROSE_WORD_LISTS = [
  'measuredUnits', 'rateNouns', 'rateAbbreviations', 'scaledCountNouns', 'operationRateNouns', 'capacityUnits',
  'capacityUnitKinds', 'cappedNouns', 'defaultPhrases', 'currencySymbols', 'currencyWords', 'spelledUnits',
  'spelledCountNouns', 'smallSpelledNumbers', 'largeSpelledQuantities', 'vagueAmounts', 'spelledScales', 'subMillisecond', 'latencyAmounts',
  'latencyUnits', 'availabilityWords', 'availabilityNinesCounts', 'durabilityNinesCounts', 'ninesWords',
  'sinceQualifiers', 'limitCues', 'perUnitCues', 'notQuotedPhrases', 'ownSizingNouns', 'pastPracticeVerbs',
  'exerciseVerbs', 'exerciseArticles', 'pronounOpenings',
] as const;
export type ProseWordList = (typeof PROSE_WORD_LISTS)[number];
export type ProseWords = Readonly<Record<ProseWordList, readonly string[]>>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A word or a name: one line of text, no leading, trailing or doubled spaces. */
const isWord = (w: unknown): w is string => typeof w === 'string' && w !== '' && w === w.trim() && !/\s\s|[\n\r\t]/.test(w);

/**
 * Checks the shape of `content/rules/prose-words.json`: a "note", and for every list the rule reads
 * a `{ note, words }` with at least one word; no list the rule does not know. Throws an error that
 * names the file and the list to fix, so a broken data file stops the build with a clear message.
 */
export function parseProseWords(data: unknown, file = 'content/rules/prose-words.json'): ProseWords {
  if (!isRecord(data)) throw new Error(`${file}: expected an object with a "note" and one { note, words } per word list`);
  if (typeof data['note'] !== 'string' || data['note'].trim() === '') throw new Error(`${file}: the top-level "note" (what the file is for) is missing`);
  const known = new Set<string>(PROSE_WORD_LISTS);
  const unknown = Object.keys(data).filter((k) => k !== 'note' && !known.has(k));
  if (unknown.length > 0) throw new Error(`${file}: unknown word list(s) ${unknown.map((k) => `"${k}"`).join(', ')}: the rule reads only ${PROSE_WORD_LISTS.join(', ')}`);
  const out: Partial<Record<ProseWordList, readonly string[]>> = {};
  for (const name of PROSE_WORD_LISTS) {
    const list = data[name];
    if (!isRecord(list)) throw new Error(`${file}: the word list "${name}" is missing; expected { "note": "...", "words": ["..."] }`);
    if (typeof list['note'] !== 'string' || list['note'].trim() === '') throw new Error(`${file}: the word list "${name}" needs a "note" saying what its words mark`);
    const words = list['words'];
    if (!Array.isArray(words) || words.length === 0) throw new Error(`${file}: the word list "${name}" needs "words", a non-empty array of strings`);
    const bad = words.findIndex((w) => !isWord(w));
    if (bad >= 0) throw new Error(`${file}: "${name}" word ${bad + 1} (${JSON.stringify(words[bad])}) must be a non-empty string on one line, without leading, trailing or doubled spaces`);
    out[name] = words as string[];
  }
  return out as ProseWords;
}

/**
 * Checks the shape of `content/rules/named-systems.json`: non-empty "services" and "reported" lists
 * of names, and "platformHosts" (optional: none when left out), `{ note, hosts }`.
 */
export function parseNamedSystems(data: unknown, file = 'content/rules/named-systems.json'): { services: readonly string[]; reported: readonly string[]; platformHosts: readonly string[] } {
  if (!isRecord(data)) throw new Error(`${file}: expected an object with "services" and "reported" lists of names`);
  const list = (key: 'services' | 'reported'): readonly string[] => {
    const names = data[key];
    if (!Array.isArray(names) || names.length === 0) throw new Error(`${file}: "${key}" must be a non-empty array of names`);
    const bad = names.findIndex((n) => !isWord(n));
    if (bad >= 0) throw new Error(`${file}: "${key}" name ${bad + 1} (${JSON.stringify(names[bad])}) must be a non-empty string on one line, without leading, trailing or doubled spaces`);
    return names as string[];
  };
  const platforms = data['platformHosts'];
  let platformHosts: readonly string[] = [];
  if (platforms !== undefined) {
    const hosts = isRecord(platforms) ? platforms['hosts'] : undefined;
    if (!isRecord(platforms) || typeof platforms['note'] !== 'string' || !Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string' || !/^[a-z0-9.-]+$/.test(h))) {
      throw new Error(`${file}: "platformHosts" must be { "note": "...", "hosts": [...] }, each host lower case (letters, digits, dots and dashes)`);
    }
    platformHosts = hosts as string[];
  }
  return { services: list('services'), reported: list('reported'), platformHosts };
}

const namedSystems = parseNamedSystems(namedSystemsData);
const WORDS = parseProseWords(proseWordsData);

/** Regular-expression source for one word: every character literal, a space matching one space. */
const literal = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** One phrase of a word list: every character literal, a space matching any run of white space (a phrase wraps over a line break in prose). */
const phrase = (word: string): string => word.split(' ').map(literal).join(String.raw`\s+`);
/** `(?:w1|w2|...)` over a word list, in the file's order. */
function oneOf(name: ProseWordList): string {
  return `(?:${WORDS[name].map(phrase).join('|')})`;
}
/** Like `oneOf`, with the first letter of each word matching either case ("[Dd]esign"). */
function oneOfFirstEitherCase(name: ProseWordList): string {
  return `(?:${WORDS[name]
    .map((w) => {
      const first = w[0]!;
      const upper = first.toUpperCase();
      const lower = first.toLowerCase();
      return (upper === lower ? literal(first) : `[${upper}${lower}]`) + phrase(w.slice(1));
    })
    .join('|')})`;
}

/**
 * Named real systems whose limits change over time (`content/rules/named-systems.json`, "services").
 * A sentence (or table row, or list item) that names one of them together with a measured figure
 * and a word of limit or behaviour ("default", "up to", "caps", "ops/s", a latency in ms, ...)
 * states that system's limit or behaviour, and must say when it was checked: "(2025)",
 * "(checked 2025)", "(as of 2025)".
 */
export const NAMED_SERVICES: readonly string[] = namedSystems.services;

/**
 * Companies and in-house systems known through their own talks, papers and posts
 * (`content/rules/named-systems.json`, "reported"): Dropbox's block size, Instagram's id layout,
 * Twitter's tweets a day. Any figure quoted of them is a published claim of its time, so the
 * sentence must carry the year of its source in parentheses: "(Instagram engineering blog, 2011)",
 * and the file must list a source that names the company (`companyQuotes`, `sourceNames`).
 */
export const REPORTED_SYSTEMS: readonly string[] = namedSystems.reported;

function nameRegExp(names: readonly string[]): RegExp {
  const alternatives = names.map((s) => literal(s).replace(/ /g, '\\s+'));
  return new RegExp(`(?<![\\w-])(?:${alternatives.join('|')})(?![\\w-])`);
}

export const SERVICE = nameRegExp(NAMED_SERVICES);
export const REPORTED = nameRegExp(REPORTED_SYSTEMS);

/**
 * A measured figure: a number with a unit of size, time or rate, or a count of the things a system
 * caps (items, replicas, parts, characters, events). Other counts ("5 solutions") do not trigger it.
 * The words are `prose-words.json`'s; a space in a multi-word entry ("by default") matches any white space, as in every list.
 */
const MEASURED = new RegExp(
  String.raw`\d(?:[\d,.]*\d)?\s*(?:${oneOf('measuredUnits')}\b` +
    String.raw`|${oneOf('rateNouns')}(?:\s*\/\s*s|\s+per\s+second)\b` +
    String.raw`|${oneOf('rateAbbreviations')}\b` +
    String.raw`|[KMB]\s+${oneOf('scaledCountNouns')}` +
    String.raw`|(?:[a-z-]+\s+){0,2}${oneOf('operationRateNouns')}(?:\s*\/\s*s\b|\s+per\s+second\b)` +
    String.raw`|(?:${oneOf('capacityUnits')}|${oneOf('capacityUnitKinds')}\s+units?)\b` +
    String.raw`|${oneOf('cappedNouns')}\b)` +
    String.raw`|\d[\d,.]*\s+${oneOf('defaultPhrases')}\b` +
    String.raw`|${oneOf('currencySymbols')}\s?\d[\d,.]*|\d\s*${oneOf('currencyWords')}\b`,
  'i',
);

/**
 * A figure written in words: "a few milliseconds", "sub-millisecond", "eleven nines", "up to a
 * year", "thousands of logical shards", "tens of KB", "billions of messages". MEASURED reads only
 * digits, so these used to pass unread.
 */
const TIME_OR_SIZE = oneOf('spelledUnits');
const COUNTED = oneOf('spelledCountNouns');
const SUB_MILLISECOND = oneOf('subMillisecond');
const WORD_FIGURE = new RegExp(
  // Small spelled numbers only with a unit of time or size ("two writes" is a count of our own, "a day" a span).
  String.raw`\b${SUB_MILLISECOND}\b|\b${oneOf('smallSpelledNumbers')}\s+${TIME_OR_SIZE}\b` +
    // Large spelled quantities with anything counted: "thousands of logical shards", "billions of chat messages".
    String.raw`|\b${oneOf('largeSpelledQuantities')}\s+of\s+(?:[a-z-]+\s+){0,2}?(?:${TIME_OR_SIZE}|${COUNTED})\b` +
    // A vague amount of a spelled scale with anything counted: "several thousand logical shards", "a few hundred ms".
    String.raw`|\b${oneOf('vagueAmounts')}\s+${oneOf('spelledScales')}\s+(?:[a-z-]+\s+){0,2}?(?:${TIME_OR_SIZE}|${COUNTED})\b`,
  'i',
);

/**
 * A reported system named in passing rather than quoted: "in the spirit of Instagram", "as
 * Facebook's Haystack did", "a teaching model, not Slack's published internals", the card's own
 * sizing ("in our example", "our estimate"). The figures around it are the card's own. An exercise
 * title is read apart (EXERCISE).
 */
const NOT_QUOTED = new RegExp(
  String.raw`\b${oneOf('notQuotedPhrases')}\b` +
    // "not Slack's published internals", "not published".
    String.raw`|\bnot\s+(?:[\w-]+'s\s+|[\w-]+\s+)?published\b` +
    // "as Facebook's Haystack did".
    String.raw`|\bas\s+[A-Z][\w-]*(?:'s)?(?:\s+[A-Z][\w-]*)?\s+${oneOf('pastPracticeVerbs')}\b` +
    // "in our example", "our own estimate".
    String.raw`|\b(?:in\s+)?our\s+(?:own\s+)?${oneOf('ownSizingNouns')}\b`,
);

/**
 * An exercise's title opening a sentence: "Design Dropbox: split each file into 4 MB blocks.",
 * "Designing a Twitter clone for 200M daily users." The name right after it quotes no company, but
 * only that one: "Design Dropbox: Dropbox stores 500 PB." still quotes Dropbox, and a book title
 * ("Designing Data-Intensive Applications says Twitter ...") names no exercise.
 */
const EXERCISE = new RegExp(String.raw`^\W*${oneOfFirstEitherCase('exerciseVerbs')}\s+(?:${oneOf('exerciseArticles')}\s+)?`);

/** Whether the reported name `name`, found in `unit`, is only an exercise's title: right after its "Design", and no reported name after it. */
function exerciseTitleOnly(unit: string, name: RegExpExecArray): boolean {
  const lead = EXERCISE.exec(unit);
  return lead !== null && name.index === lead[0].length && !REPORTED.test(unit.slice(name.index + name[0].length));
}

/** A latency written in words: "sub-millisecond", "a few ms", "several milliseconds". */
const WORD_LATENCY = new RegExp(String.raw`\b${SUB_MILLISECOND}\b|\b${oneOf('latencyAmounts')}\s+${oneOf('latencyUnits')}\b`, 'i');

/**
 * An availability promise: "99.99% availability", "uptime of 99.95%", "four nines of availability".
 * Next to a service's name it is that service's SLA or design figure, which changes like a limit.
 */
const AVAILABLE = oneOf('availabilityWords');
const AVAILABILITY = new RegExp(
  String.raw`\b\d{2}(?:\.\d+)?\s*%\s*${AVAILABLE}\b|\b${AVAILABLE}\s+(?:SLA\s+)?(?:of\s+)?\d{2}(?:\.\d+)?\s*%` +
    String.raw`|\b(?:${oneOf('availabilityNinesCounts')}|\d)\s+nines\s+of\s+${AVAILABLE}\b`,
  'i',
);

/** "since late 2020", "since December 2025", "since 4.0": a behaviour that holds from then on. */
const SINCE = new RegExp(String.raw`\bsince\s+(?:(?:${oneOf('sinceQualifiers')}|[A-Z][a-z]+)\s+)?(?:(?:19|20)\d\d|v?\d+\.\d+)\b`);

/** A durability figure in nines ("eleven nines", "99.999999999%"): a vendor's design claim. */
const DURABILITY_NINES = new RegExp(
  String.raw`\b(?:${oneOf('durabilityNinesCounts')}|\d{1,2})\s+${oneOf('ninesWords')}\b|\b99\.9{4,}\d*\s*%`,
  'i',
);

/** Any figure at all: a measured or spelled-out figure, or a number that is not a year. */
function anyFigure(unit: string): RegExpExecArray | null {
  return MEASURED.exec(unit) ?? WORD_FIGURE.exec(unit) ?? /(?<![\w.])~?\d[\d,.]*(?:[KMB]\b|-bit\b)?(?![\d])/.exec(unit.replace(/\b(?:19|20)\d\d\b/g, 'YEAR'));
}

/**
 * Words that make a figure a statement about the system rather than a design choice ("a lock with
 * a 30 s expiry" is ours; "`innodb_lock_wait_timeout`, 50 s by default" is MySQL's). A latency in
 * milliseconds next to a system's name is a claim about that system too.
 */
const LIMIT_CUE = new RegExp(
  String.raw`\b(?:${oneOf('limitCues')}|per (?:[\w-]+\s+)?node|per ${oneOf('perUnitCues')})\b|\d\s*(?:ms|µs)\b`,
  'i',
);

/**
 * The earliest year a check can carry. A bracketed older year is a citation of history ("(Netflix,
 * 2011)"), not the date a limit was checked, so it does not date the sentence.
 */
export const MIN_CHECK_YEAR = 2024;

/** "(2025)", "(checked 2025)", "(as of Dec 2025)", "(2024; raised since)": a parenthesis holding a year of checking. */
export function hasCheckYear(text: string): boolean {
  for (const m of text.matchAll(/\([^()]*\)/g)) {
    for (const y of m[0].matchAll(/\b(20\d\d)\b/g)) if (Number(y[1]) >= MIN_CHECK_YEAR) return true;
  }
  return false;
}

/** A sentence that opens by pointing back at the previous sentence's subject ("It handles ..."). */
const PRONOUN_OPENING = new RegExp(String.raw`^\W*${oneOf('pronounOpenings')}\b`, 'i');

export interface RuleHit {
  /** 0-based line offset inside the text. */
  readonly offset: number;
  readonly message: string;
}

/** "(Instagram engineering blog, 2011)", "(Twitter, 2012)": a parenthesis holding the year of a source. */
export function hasSourceYear(text: string): boolean {
  for (const m of text.matchAll(/\([^()]*\)/g)) if (/\b(?:19[89]\d|20\d\d)\b/.test(m[0])) return true;
  return false;
}

type Cut = 'start' | 'blank' | 'row' | 'item' | 'sentence';

/** Splits text into sentence-sized units (sentences, table rows, list items), with their offsets. */
function units(text: string): { unit: string; index: number; cut: Cut }[] {
  const out: { unit: string; index: number; cut: Cut }[] = [];
  // Blank lines, table rows (a row is one unit: a service in one cell, its figure in another),
  // list markers at a line start and sentence ends all cut a unit.
  const cut = /(\n\s*\n)|(\n(?=\s*\|)|\|\s*\n)|(\n\s*(?:[-*+]|\d+[.)])\s+)|(?<=[.!?][*_]*)\s+(?=[A-Z*`[(])/g;
  let start = 0;
  let kind: Cut = 'start';
  for (const m of text.matchAll(cut)) {
    out.push({ unit: text.slice(start, m.index), index: start, cut: kind });
    start = m.index! + m[0].length;
    kind = m[1] ? 'blank' : m[2] ? 'row' : m[3] ? 'item' : 'sentence';
  }
  out.push({ unit: text.slice(start), index: start, cut: kind });
  return out.filter((u) => u.unit.trim() !== '');
}

/** Code blocks and inline code are not prose: blank them out, keeping every newline. */
function withoutCode(text: string): string {
  return text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    // Inline code stays prose-visible with its backticks as spaces, so `Redis` still names Redis.
    .replace(/`([^`\n]*)`/g, ' $1 ')
    // A link to another card names it by its title ("[Twitter timeline](sdp:...)"), which quotes no one.
    .replace(/\[([^\]\n]*)\]\(sdp:[^)\s]*\)/g, (link) => link.replace(/[^\n]/g, ' '));
}

/** A list item that opens with a bold name ("- **AWS Step Functions** uses ...") is about that name throughout. */
const BOLD_LEAD = /^\s*(?:[-*+]\s+)?\*\*([^*]+)\*\*/;

/** A reported company or in-house system whose figure a unit quotes, dated or not. */
export interface CompanyQuote {
  /** 0-based line offset inside the text. */
  readonly offset: number;
  /** The name as written in `named-systems.json`'s "reported" list ("Instagram"). */
  readonly name: string;
}

/**
 * The lines of a text to fix: a named service's limit without the year it was checked, a durability
 * in nines without its year, a company's figure without the year of its source.
 */
export function undatedServiceLimits(text: string): RuleHit[] {
  return readProse(text).hits;
}

/**
 * The units of a text that quote a figure of a reported company (`named-systems.json`, "reported"),
 * whether or not they carry the year: "Instagram described 64-bit ids ... (2011)". The build asks
 * that the card list a source naming that company for each.
 */
export function companyQuotes(text: string): CompanyQuote[] {
  return readProse(text).quotes;
}

/** Both readings of `text` in one pass: the undated limits (`undatedServiceLimits`) and the company quotes (`companyQuotes`). */
export function readProse(text: string): { hits: RuleHit[]; quotes: CompanyQuote[] } {
  const prose = withoutCode(text);
  const hits: RuleHit[] = [];
  const quotes: CompanyQuote[] = [];
  let previous: RegExpExecArray | null = null;
  let previousReported: RegExpExecArray | null = null;
  let lead: RegExpExecArray | null = null;
  for (const { unit, index, cut } of units(prose)) {
    const offset = (): number => prose.slice(0, index + (unit.length - unit.trimStart().length)).split('\n').length - 1;
    // The bold name that opens a list item carries through the item's later sentences.
    if (cut !== 'sentence') {
      const bold = BOLD_LEAD.exec(unit);
      lead = bold ? SERVICE.exec(bold[1]!) : null;
    }
    const pronoun = PRONOUN_OPENING.test(unit);
    const own = SERVICE.exec(unit);
    // "We use Redis. It handles 100,000 ops/s per node.": the pronoun carries the service over.
    const service: RegExpExecArray | null = own ?? (previous && pronoun ? previous : null) ?? lead;
    previous = own ?? (service && pronoun ? service : null);
    // An exercise's title ("Design Dropbox: ...") names no company, here or for a pronoun after it.
    const named = REPORTED.exec(unit);
    const ownReported = named && exerciseTitleOnly(unit, named) ? null : named;
    const reported: RegExpExecArray | null = ownReported ?? (previousReported && pronoun ? previousReported : null);
    previousReported = ownReported ?? (reported && pronoun ? reported : null);
    // A quote needs a source naming the company, dated or not; the year is the checks' below.
    const quoted = reported !== null && !NOT_QUOTED.test(unit) && anyFigure(unit) !== null;
    if (quoted) quotes.push({ offset: offset(), name: asOneLine(reported[0]) });

    const nines = DURABILITY_NINES.exec(unit);
    if (nines && !hasCheckYear(unit)) {
      hits.push({
        offset: offset(),
        message: `the durability figure "${nines[0]}" is a vendor's design claim: name the store and add the year it was checked (${MIN_CHECK_YEAR} or later), e.g. "(S3, 2026)"`,
      });
      continue;
    }
    if (service && !hasCheckYear(unit)) {
      const since = SINCE.exec(unit);
      const availability = AVAILABILITY.exec(unit);
      const figure = MEASURED.exec(unit) ?? WORD_FIGURE.exec(unit);
      const cue = LIMIT_CUE.test(unit) || WORD_LATENCY.test(unit);
      if (since || availability || (figure && cue)) {
        hits.push({
          offset: offset(),
          message: `"${asOneLine(service[0])}" is stated with the figure "${(since ?? availability ?? figure)![0].trim()}" but no year it was checked: add the year it was checked (${MIN_CHECK_YEAR} or later) to the sentence, e.g. "(2025)", or reference a dated shared figure ({{fig:id}})`,
        });
        continue;
      }
    }
    if (reported && !hasSourceYear(unit) && !NOT_QUOTED.test(unit)) {
      const figure = anyFigure(unit);
      if (figure) {
        hits.push({
          offset: offset(),
          message: `"${reported[0]}" is quoted with the figure "${figure[0].trim()}" but no year: a figure a company published is a claim of its time, so add who said it and when in parentheses, e.g. "(${reported[0]} engineering blog, 2012)"`,
        });
      }
    }
  }
  return { hits, quotes };
}

/**
 * Whether a source names the company, case aside: its title holds the name as a whole word
 * ("Instagram Engineering (2011): ...", "Uber's Cadence"), or a word of its URL starts with the name
 * without spaces ("https://instagram-engineering.com/...", "netflixtechblog.com"). A name inside a
 * longer word names nothing: "Kubernetes" does not name Uber.
 */
export function sourceNames(source: { readonly title: string; readonly url: string }, name: string, platformHosts: readonly string[] = namedSystems.platformHosts): boolean {
  const words = name.toLowerCase().split(/\s+/).map(literal);
  const inTitle = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'u');
  const inUrl = new RegExp(`(?<![a-z0-9])${words.join('')}`);
  return inTitle.test(source.title.toLowerCase()) || inUrl.test(namingPartOfUrl(source.url.toLowerCase(), platformHosts));
}

/**
 * The part of a (lower-cased) URL that may name its author: all of it, but on a site where anyone
 * posts (`platformHosts`) only the account, the path's first part without its `@`
 * ("youtube.com/@netflix" names Netflix, "youtube.com/watch?v=..." names no one, YouTube included).
 */
function namingPartOfUrl(url: string, platformHosts: readonly string[]): string {
  const parts = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:www\.|m\.)?([^/?#:]+)(?::\d+)?(\/[^?#]*)?/.exec(url);
  if (!parts || !platformHosts.includes(parts[1]!)) return url;
  return (parts[2] ?? '').split('/').find((segment) => segment !== '')?.replace(/^@/, '') ?? '';
}

export const MAX_PARAGRAPH_WORDS = 80;
const md = new MarkdownIt({ html: false });

/** Paragraphs (including list-item paragraphs) longer than `MAX_PARAGRAPH_WORDS` words. */
export function longParagraphs(markdown: string, max = MAX_PARAGRAPH_WORDS): RuleHit[] {
  const tokens = md.parse(markdown, {});
  const hits: RuleHit[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || !token.map) continue;
    const words = token.content.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words > max) {
      hits.push({ offset: token.map[0], message: `paragraph of ${words} words: a side panel reads best at ${max} or fewer; split it or make it a list` });
    }
  }
  return hits;
}
