/**
 * `sdp suggest FILE|- [--json | --format text|json|sarif] [--fail-on error|warning|note|none]
 * [--max-size CHARS] [--min-score 0..1] [--no-deep-dives]`: the patterns a design doc needs, for a
 * person, for a program (--json), or for CI (--format sarif: SARIF 2.1.0, see
 * docs/in-document-review.md). --no-deep-dives asks design checks only (the setting
 * `suggest.deepDiveQuestions` off): for RFCs and design proposals. The JSON (and each SARIF
 * artifact's properties) then holds `deepDivesOff`, naming the flag or the document's own comment.
 * A word an `sdp-ignore` comment or `sdp-todo` marker names that is no id is a warning
 * (`unknown-id`), and the JSON's `unknownIds`; a comment that does nothing for its form (an
 * `sdp-ignore` not closed on its line, a marker naming no id, never closed or holding a comment before its id) is one too (`malformed-comment`,
 * `malformedComments`), and so is an `sdp-todo` marker whose question the review does not ask of the
 * document, so it keeps nothing open (`idle-todo`, `idleTodos`).
 * Exit 0 with or without suggestions; 1 when --fail-on is given and a finding is at that level or
 * worse (open questions are notes, figures past a limit and review comments' problems warnings; no
 * finding is an error, so `--fail-on error` never fails, and stderr says so); 2 when the arguments are wrong or the file cannot be read. The options are one list, SUGGEST_OPTIONS: the
 * parser knows no other, and `sdp help` prints each with its meaning.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Catalog } from '../core/catalog/model';
import { asOneLine } from '../core/text/oneLine';
import { createSuggestEngine, DEFAULTS, type DeepDivesOff, type DeepDivesOffBy, type SuggestResult } from '../core/suggest';
import { QUOTE_NOTE_PLACE, quoteNote, type QuoteNote } from '../core/suggest/quoteNote';
import { looksBinary } from '../core/text/looksBinary';
import { buildInDocumentReview, type InDocumentReview } from '../core/review/inDocumentReview';
import { ENGLISH_REVIEW_LABELS } from '../core/review/labels';
import { suggestWithOutline } from '../core/review/suggestWithOutline';
import { buildSarif, failsAt, REVIEW_COMMENT_SARIF_RULES, SARIF_LEVELS, sarifRules, type SarifLevel } from '../core/review/sarif';
import { CHECKS } from '../core/suggest/lexicon';
import { deepDivesOffNote, type DeepDivesOffNote } from '../core/suggest/deepDivesOff';
import { ignoreCommentFor, NO_DEEP_DIVES_ID } from '../core/suggest/commentText';
import { withLoneCarriageReturnsAsNewlines } from '../core/text/lineBreaks';
import { withoutByteOrderMark } from '../core/text/byteOrderMark';
import { version } from '../../package.json';
import { splitAtEndOfOptions } from './args';
import type { CliIO } from './io';
import { decodeText } from './decodeText';
import { forTerminal } from './terminalText';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/**
 * SARIF levels of the kinds of finding: an open question is a note; a figure past a limit, an unknown
 * id in a review comment, a review comment that does nothing and an sdp-todo marker that keeps no
 * question open are warnings (an idle marker for the reason a mistyped id in one is: its writer
 * believes it holds a question open).
 */
const LEVELS = { question: 'note', capacity: 'warning', 'unknown-id': 'warning', 'malformed-comment': 'warning', 'idle-todo': 'warning' } as const;
/**
 * --fail-on takes every SARIF level (SARIF_LEVELS), as CI tools' thresholds offer them. No finding is
 * an `error` (a design doc's gap is advice, not a broken build), so `--fail-on error` never fails:
 * it is accepted (a pipeline written for it keeps running, and a later error-level finding would
 * count) with a warning on stderr, so that a run which passes every time says why.
 * FINDING_LEVELS: the levels a finding can have (LEVELS); --fail-on at any other level but `none` never fails.
 */
const FINDING_LEVELS: readonly SarifLevel[] = Object.values<SarifLevel>(LEVELS);

/** One option of `sdp suggest`: its flag, the value it takes (as help shows it), and what it does in one line. */
export interface SuggestOption {
  readonly flag: string;
  readonly value?: string;
  /** The same option in one letter (`-h`). */
  readonly short?: string;
  readonly help: string;
}

/** Every option `sdp suggest` takes, in the order help lists them. The parser reads flags from this list only. */
export const SUGGEST_OPTIONS = {
  json: { flag: '--json', help: 'JSON for programs (the same as --format json)' },
  format: { flag: '--format', value: FORMATS.join('|'), help: 'text for people (the default), JSON, or SARIF 2.1.0 for CI' },
  failOn: {
    flag: '--fail-on', value: [...SARIF_LEVELS].reverse().join('|'),
    help: 'exit 1 on a finding at that level or worse: warning (figures past a limit, review comments that do nothing) or note (open questions too); none, the default, never fails, and neither does error, since no finding is an error',
  },
  maxSize: { flag: '--max-size', value: 'CHARS', help: `read only the first CHARS characters of each file, counted as UTF-16 code units as the editor counts them (an emoji is 2; a whole number, at least 1; default ${DEFAULTS.maxChars.toLocaleString('en-US')})` },
  minScore: { flag: '--min-score', value: '0..1', help: 'how sure the best pattern must be to be suggested (default: the trained threshold)' },
  noDeepDives: { flag: '--no-deep-dives', help: 'ask design checks only, no deep dives: for RFCs and design proposals' },
  help: { flag: '--help', short: '-h', help: 'print these options and exit (nothing else is read)' },
} as const satisfies Record<string, SuggestOption>;
type OptionName = keyof typeof SUGGEST_OPTIONS;

const optionByFlag: ReadonlyMap<string, OptionName> = new Map(Object.entries(SUGGEST_OPTIONS).flatMap(([name, o]: [string, SuggestOption]) => [
  [o.flag, name as OptionName] as const, ...(o.short ? [[o.short, name as OptionName] as const] : []),
]));

/** How an option is written in help: its flag, its one-letter form, its value. */
const optionText = (o: SuggestOption): string => `${o.flag}${o.short ? `, ${o.short}` : ''}${o.value ? ` ${o.value}` : ''}`;

const USAGE = `usage: sdp suggest FILE|- [FILE... with --format sarif] ${Object.values(SUGGEST_OPTIONS).map((o: SuggestOption) => `[${o.flag}${o.short ? `|${o.short}` : ''}${o.value ? ` ${o.value}` : ''}]`).join(' ')}`;

/**
 * `sdp suggest` in `sdp help`: the command, what FILE may be, and one line per option (each at
 * `indent`, its meaning from column `column`).
 */
export function suggestHelp(indent: string, column: number): string {
  const line = (left: string, meaning: string): string => `${indent}${left.padEnd(column - indent.length - 1)} ${meaning}`;
  return [
    line('sdp suggest FILE|- [options]', 'the patterns a design doc needs, with evidence'),
    line('', 'FILE may be - for standard input; several FILEs only with --format sarif'),
    line('', '-- ends the options: each word after it is a FILE, even one starting with -'),
    ...Object.values(SUGGEST_OPTIONS).map((o: SuggestOption) => line(`    ${optionText(o)}`, o.help)),
  ].join('\n');
}

const NO_DEEP_DIVES_COMMENT = ignoreCommentFor(NO_DEEP_DIVES_ID);
/** How the JSON and the SARIF name what turned the deep dives off: the engine's option is the flag here. */
const OFF_BY: Readonly<Record<DeepDivesOffBy, string>> = { option: 'flag', comment: 'comment' };

const text = {
  usage: USAGE,
  unknownOption: (o: string): string => `sdp suggest: unknown option ${o}\n${USAGE}`,
  badMaxSize: (o: string, v: string): string => `sdp suggest: ${o} takes a whole number of characters, at least 1, got "${v}"\n${USAGE}`,
  badMinScore: (o: string, v: string): string => `sdp suggest: ${o} takes a number from 0 to 1, got "${v}"\n${USAGE}`,
  noFile: `sdp suggest: no file given (use - for stdin)\n${USAGE}`,
  duplicate: (file: string, first: string): string => file === '-'
    ? 'sdp suggest: - (standard input) is given more than once; it is read once'
    : `sdp suggest: ${file} is the same file as ${first}; it is reviewed once`,
  unreadable: (file: string, reason: string): string => `sdp suggest: cannot read ${file}: ${reason}`,
  binary: (file: string): string =>
    `sdp suggest: ${file} looks like binary data (NUL or undecodable bytes), not a design doc; nothing was analysed. Give a markdown or text file (UTF-8, or UTF-16 with a byte order mark).`,
  none: 'No pattern suggested: nothing in this document points to one of the catalog\'s patterns.',
  numbers: 'Figures',
  questions: 'Open questions',
  combinations: 'Combinations',
  solutions: 'consider first',
  words: 'words that raised it',
  quoteNotes: {
    noLine: 'no line quoted: none is specific and sure enough to count as evidence',
    figuresOnly: 'no keyword line quoted, only figures past a limit: a keyword line is quoted only when one is specific and sure enough, and the score leaves it a place after the figures',
  } satisfies Record<QuoteNote, string>,
  /**
   * The line after the open questions when turning the deep dives off left the document with no
   * question or fewer (deepDivesOff.ts): `shown` questions now, `withDeepDives` with them on.
   */
  deepDivesOff: {
    'none-option': (_shown: number, n: number) => `No open question (with deep dives on there would be ${n}): --no-deep-dives turned the deep dives off; run without it to ask them too.`,
    'none-comment': (_shown: number, n: number) => `No open question (with deep dives on there would be ${n}): the document turns the deep dives off with ${NO_DEEP_DIVES_COMMENT}; delete that comment to ask them too.`,
    'none-both': (_shown: number, n: number) => `No open question (with deep dives on there would be ${n}): --no-deep-dives and the document's ${NO_DEEP_DIVES_COMMENT} turned the deep dives off; run without the flag and delete the comment to ask them too.`,
    'fewer-option': (shown: number, n: number) => `Fewer open questions (${shown}, against ${n} with deep dives on): --no-deep-dives turned the deep dives off; run without it to ask them too.`,
    'fewer-comment': (shown: number, n: number) => `Fewer open questions (${shown}, against ${n} with deep dives on): the document turns the deep dives off with ${NO_DEEP_DIVES_COMMENT}; delete that comment to ask them too.`,
    'fewer-both': (shown: number, n: number) => `Fewer open questions (${shown}, against ${n} with deep dives on): --no-deep-dives and the document's ${NO_DEEP_DIVES_COMMENT} turned the deep dives off; run without the flag and delete the comment to ask them too.`,
  } satisfies Record<DeepDivesOffNote, (shown: number, withDeepDives: number) => string>,
  badChoice: (o: string, v: string, choices: readonly string[]): string => `sdp suggest: ${o} takes one of ${choices.join(', ')}, got "${v}"\n${USAGE}`,
  /** A SARIF level no finding has (`error`): accepted, but the option will never fail. */
  levelNoFindingHas: (o: string, v: string): string =>
    `sdp suggest: warning: ${o} ${v} never fails: no finding of sdp suggest is at level "${v}" (figures past a limit and review comments that do nothing are warnings, open questions notes); use ${o} warning or ${o} note to fail on them`,
  truncated: (file: string, analysed: number, total: number): string => {
    const n = (x: number): string => x.toLocaleString('en-US');
    return `sdp suggest: ${file}: only the first ${n(analysed)} of the document's ${n(total)} characters were analysed (--max-size ${analysed}); give a larger --max-size to analyse all of it`;
  },
  failed: (level: string): string => `sdp suggest: findings at level "${level}" or worse (--fail-on ${level})`,
} as const;

/**
 * `io`'s stderr is made safe for a terminal by its caller, main() (terminalSafe), the one place every
 * command's messages pass: file names and arguments in them are the user's words. The text output
 * on stdout is escaped here, since only this command knows it holds the document's words.
 */
export async function suggestCommand(args: string[], io: CliIO, catalog: Catalog): Promise<number> {
  let format: Format = 'text';
  let failOn: SarifLevel = 'none';
  const files: string[] = [];
  let maxChars: number | undefined;
  let minScore: number | undefined;
  let deepDives = true;
  // `--` ends the options: every word after it is a file, even one that starts with `-` (`-` stays stdin).
  const { options, operands } = splitAtEndOfOptions(args);
  // Help wins over everything else on the line, looked for before any option is parsed: the reader
  // asked what the options are, so an unknown option or a bad value next to it is no error, and
  // `--max-size --help` is a request for help, not a size.
  if (options.some((a) => optionByFlag.get(a) === 'help')) {
    io.out(`${suggestHelp('  ', 44)}\n`);
    return 0;
  }
  for (let i = 0; i < options.length; i++) {
    const a = options[i]!;
    const option = optionByFlag.get(a);
    if (option === 'json') format = 'json';
    else if (option === 'noDeepDives') deepDives = false;
    else if (option === 'format' || option === 'failOn') {
      const v = options[++i] ?? '';
      const choices: readonly string[] = option === 'format' ? FORMATS : SARIF_LEVELS;
      if (!choices.includes(v)) {
        io.err(text.badChoice(a, v, choices));
        return 2;
      }
      if (option === 'format') format = v as Format;
      else failOn = v as SarifLevel;
    } else if (option === 'maxSize') {
      // Digits only: Number() reads '' and ' ' as 0, and 0 would analyse nothing without a word.
      const v = options[++i] ?? '';
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1) || !Number.isSafeInteger(n)) {
        io.err(text.badMaxSize(a, v));
        return 2;
      }
      maxChars = n;
    } else if (option === 'minScore') {
      // A score is from 0 to 1 (what the help says); a decimal as written, no hex, exponent or blank.
      const v = options[++i] ?? '';
      const n = /^(\d+(\.\d*)?|\.\d+)$/.test(v) ? Number(v) : NaN;
      if (!(n >= 0 && n <= 1)) {
        io.err(text.badMinScore(a, v));
        return 2;
      }
      minScore = n;
    } else if (a === '-' || !a.startsWith('-')) {
      files.push(a);
    } else {
      io.err(text.unknownOption(a));
      return 2;
    }
  }
  files.push(...operands);
  if (files.length === 0) {
    io.err(text.noFile);
    return 2;
  }
  // Once every option is read: the last --fail-on is the one that applies.
  if (failOn !== 'none' && !FINDING_LEVELS.includes(failOn)) io.err(text.levelNoFindingHas(SUGGEST_OPTIONS.failOn.flag, failOn));
  // A file named twice (`a.md ./a.md`, or `- -`) is one document: reviewed once, where it was first
  // named. Two artifacts of one file would double its results in code scanning, and stdin has
  // nothing left for a second read.
  const firstBySource = new Map<string, string>();
  for (const file of files.splice(0)) {
    const source = file === '-' ? '-' : resolve(file);
    const first = firstBySource.get(source);
    if (first === undefined) {
      firstBySource.set(source, file);
      files.push(file);
    } else io.err(text.duplicate(file, first));
  }
  // SARIF holds one run over many files (code scanning takes one run per tool); people and programs read one document at a time.
  if (files.length > 1 && format !== 'sarif') {
    io.err(`sdp suggest: more than one file given (only --format sarif takes several)\n${USAGE}`);
    return 2;
  }
  const engine = createSuggestEngine(catalog);
  const artifacts: { uri: string; findings: InDocumentReview['findings'] }[] = [];
  // SARIF: a file that cannot be reviewed is named in the log (and the exit status is 2); the others keep their results.
  const failures: { uri: string; message: string }[] = [];
  // Files cut short at --max-size: reviewed in part, said on stderr and in the SARIF log.
  const partial: { uri: string; message: string }[] = [];
  const fail = (file: string, message: string): void => {
    io.err(message.endsWith('\n') ? message : `${message}\n`);
    failures.push({ uri: sarifUri(file), message: message.trim() });
  };
  for (const file of files) {
    let input: string;
    try {
      // UTF-8, or UTF-16 after its byte order mark; without the mark, as the editor reads the file:
      // line 1's columns and the results agree with it.
      input = withoutByteOrderMark(file === '-' ? await io.readStdin() : decodeText(await readFile(file)));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      fail(file, text.unreadable(file, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message));
      if (format !== 'sarif') return 2;
      continue;
    }
    if (looksBinary(input)) {
      fail(file, text.binary(file === '-' ? 'standard input' : file));
      if (format !== 'sarif') return 2;
      continue;
    }
    // Lines as an editor counts them: the engine's line numbers and the SARIF ranges agree with it.
    input = withLoneCarriageReturnsAsNewlines(input);
    const { result, outline } = suggestWithOutline(engine, input, { maxChars, minScore, deepDives });
    if (result.truncated) {
      const message = text.truncated(file, result.truncated.analysedChars, result.truncated.totalChars);
      io.err(message);
      partial.push({ uri: sarifUri(file), message });
    }
    const analysed = result.truncated ? input.slice(0, result.truncated.analysedChars) : input;
    const review = buildInDocumentReview(result, analysed, outline, ENGLISH_REVIEW_LABELS, (id) => catalog.byId.get(id)?.title);
    artifacts.push({
      uri: sarifUri(file), findings: review.findings,
      ...(result.deepDivesOff ? { properties: { deepDivesOff: deepDivesOffJson(result.deepDivesOff) } } : {}),
    });
    if (format === 'json') io.out(`${JSON.stringify(toJson(file, result), null, 2)}\n`);
    // The document's own words are in it (quotes, figures, review comments' words): no control character reaches the terminal.
    else if (format === 'text') io.out(forTerminal(formatForPeople(result) + formatFindings(review)));
  }
  // A design check is asked only under a pattern this catalog has.
  const checks = CHECKS.filter((c) => c.patterns.some((p) => catalog.byId.get(p)?.kind === 'pattern'));
  const sarif = buildSarif({
    artifacts, rules: [...sarifRules(catalog.byId.values(), checks), ...Object.values(REVIEW_COMMENT_SARIF_RULES)], levels: LEVELS, toolVersion: version, failures, partial,
    // The flag holds for every file of the run; a file's own comment is recorded on its artifact.
    ...(deepDives ? {} : { invocationProperties: { deepDives: false } }),
  });
  if (format === 'sarif') io.out(`${JSON.stringify(sarif, null, 2)}\n`);
  if (failures.length > 0) return 2;
  if (failsAt(sarif, failOn)) {
    io.err(text.failed(failOn));
    return 1;
  }
  return 0;
}

/** The SARIF artifact of a file argument: `stdin` for `-`, else its URI (artifactUri). */
function sarifUri(file: string): string {
  return file === '-' ? 'stdin' : artifactUri(file);
}

/**
 * A relative path as a URI reference with forward slashes (what code scanning resolves against the
 * checkout); an absolute one, or a Windows one with a drive letter, as a file: URI. Each segment is
 * percent-encoded whole (encodeURIComponent), so a `#`, `?`, `%` or `:` in a name stays part of the
 * path; only a drive letter's colon is kept. A Windows UNC path (`\\server\share\doc.md`) is
 * `file://server/share/doc.md`.
 *
 * Windows namespace paths: `\\?\` (extended length) and `\\.\` (device) before a drive letter or
 * `UNC\` name the same file as the path without them (`\\.\C:\doc.md` is `C:\doc.md`). Any other
 * (a volume by GUID, `\\?\Volume{…}\doc.md`, or a device or pipe, `\\.\pipe\name`) has neither a
 * drive nor a server: it is written whole in the URI's path, after an empty host
 * (`file:////%3F/Volume%7B…%7D/doc.md`, the form RFC 8089, appendix E.3.2, gives a UNC string), so
 * the path decodes back to the one given. Both prefixes name the one namespace there, and it is
 * written `?`: a `.` segment would be dropped by any URI resolver as a dot segment.
 */
export function artifactUri(name: string): string {
  // A lone surrogate (half of a pair, which a file name may hold on Windows) cannot be
  // percent-encoded: it is written as U+FFFD, as a UTF-8 reader would show it.
  const file = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/^\\\\[?.]\\UNC\\/i, '\\\\').replace(/^\\\\[?.]\\(?=[a-zA-Z]:\\)/, '');
  const slashed = file.replace(/\\/g, '/');
  const encode = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
  // A namespace path left (no drive letter, no UNC): no host, the whole path in the URI's path.
  if (/^\\\\[?.]\\/.test(file)) return `file:////%3F${encode(slashed.slice(3))}`;
  // A UNC path (\\server\share\doc.md): the server is the URI's host.
  if (file.startsWith('\\\\') && !file.startsWith('\\\\\\')) {
    const [host = '', ...rest] = slashed.slice(2).split('/');
    return `file://${encodeURIComponent(host)}/${rest.map(encodeURIComponent).join('/')}`;
  }
  const drive = /^[a-zA-Z]:(?=\/)/.exec(slashed)?.[0];
  if (drive) return `file:///${drive}${encode(slashed.slice(drive.length))}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed)}`;
  return encode(slashed.replace(/^(\.\/)+/, ''));
}

/**
 * The findings a CI run would report, for a person: one line each, with its line and column, in
 * the document's order (the review lists them by kind, questions first; a reader goes down the file).
 */
function formatFindings(review: InDocumentReview): string {
  if (review.findings.length === 0) return '';
  const lines = ['Findings:'];
  const inOrder = [...review.findings].sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCharacter - b.range.startCharacter);
  for (const f of inOrder) lines.push(`  ${f.range.startLine + 1}:${f.range.startCharacter + 1}  ${LEVELS[f.kind]}  ${f.message}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The documented JSON shape: `{file, suggestions: [{pattern, title, score, solutions, evidence}], numbers, openQuestions, combinations}`,
 * with `truncated`, `deepDivesOff`, `unknownIds`, `malformedComments` and `idleTodos` only when they apply.
 */
export function toJson(file: string, r: SuggestResult): object {
  return {
    file,
    suggestions: r.suggestions.map((s) => ({
      pattern: s.pattern,
      title: s.title,
      score: s.score,
      solutions: s.solutions,
      evidence: s.evidence.map((e) => ({ line: e.line, column: e.column, text: e.text, reason: e.reason })),
      words: s.words,
    })),
    numbers: r.numbers,
    openQuestions: r.openQuestions,
    combinations: r.combinations,
    ...(r.truncated ? { truncated: r.truncated } : {}),
    ...(r.deepDivesOff ? { deepDivesOff: deepDivesOffJson(r.deepDivesOff) } : {}),
    // Words the review comments name that are no id (1-based line and column of the word as written).
    // `deepDiveNotAsked` (only when true): the word is a deep dive under no pattern, which no document is asked.
    ...(r.unknownIds ? {
      unknownIds: r.unknownIds.map((u) => ({
        id: u.id, text: u.text, line: u.line, column: u.column, comment: u.comment,
        ...(u.nearest !== undefined ? { nearest: u.nearest } : {}), ...(u.deepDiveNotAsked ? { deepDiveNotAsked: true } : {}),
      })),
    } : {}),
    // Review comments that do nothing for their form: kind, the opener as written, its 1-based line and column.
    ...(r.malformedComments ? { malformedComments: r.malformedComments.map((m) => ({ kind: m.kind, text: m.text, line: m.line, column: m.column })) } : {}),
    // sdp-todo markers that keep nothing open: the id, the opener and id as written, the marker's 1-based line and column, why, and the solutions or patterns the question waits for (ids, and their titles).
    ...(r.idleTodos ? { idleTodos: r.idleTodos } : {}),
  };
}

/**
 * `deepDivesOff` in the JSON and on a SARIF artifact, only when no deep dive was asked: `by` holds
 * `"flag"` (--no-deep-dives) and/or `"comment"` (the document's `<!-- sdp-ignore: deep-dives -->`),
 * with how many open questions the document would show with deep dives on, and how many deep dives
 * of those are not asked.
 */
export function deepDivesOffJson(off: DeepDivesOff): { by: string[]; questionsWithDeepDives: number; deepDivesNotAsked: number } {
  return { by: off.by.map((b) => OFF_BY[b]), questionsWithDeepDives: off.questionsWithDeepDives, deepDivesNotAsked: off.deepDivesNotAsked };
}

export function formatForPeople(r: SuggestResult): string {
  if (r.suggestions.length === 0) return `${text.none}\n`;
  const lines: string[] = [];
  for (const s of r.suggestions) {
    lines.push(`${s.title} (${s.pattern})  ${s.score.toFixed(2)}`);
    if (s.solutions.length > 0) lines.push(`  ${text.solutions}: ${s.solutions.join(', ')}`);
    // The note stands where every front end puts it (QUOTE_NOTE_PLACE), so an absence reads as
    // deliberate (the JSON says nothing more).
    const note = quoteNote(s);
    if (note && QUOTE_NOTE_PLACE[note] === 'insteadOfLines') lines.push(`  ${text.quoteNotes[note]}`);
    // A quote that wraps is shown on one line, as in the tree and the copied review (the JSON keeps it as written).
    for (const e of s.evidence) lines.push(`  ${e.line}:${e.column}  ${JSON.stringify(asOneLine(e.text))}  ${e.reason}`);
    if (note && QUOTE_NOTE_PLACE[note] === 'afterLines') lines.push(`  ${text.quoteNotes[note]}`);
    if (s.words.length > 0) lines.push(`  ${text.words}: ${s.words.join(', ')}`);
    lines.push('');
  }
  const used = new Set(r.suggestions.flatMap((s) => s.evidence.filter((e) => e.kind === 'number').map((e) => `${e.line}:${e.column}`)));
  const figures = r.numbers.filter((n) => used.has(`${n.line}:${n.column}`));
  if (figures.length > 0) {
    lines.push(`${text.numbers}:`);
    for (const n of figures) lines.push(`  ${n.line}:${n.column}  ${asOneLine(n.text)}  ${n.normalized}`);
    lines.push('');
  }
  if (r.openQuestions.length > 0) {
    lines.push(`${text.questions}:`);
    for (const q of r.openQuestions) lines.push(`  [${q.pattern}] ${q.question}`);
    lines.push('');
  }
  // Said where the questions are (or would be): an empty list is the deep dives' absence, not a finished document.
  const off = deepDivesOffNote(r);
  if (off) lines.push(text.deepDivesOff[off.note](off.shown, off.withDeepDives), '');
  if (r.combinations.length > 0) {
    lines.push(`${text.combinations}:`);
    for (const c of r.combinations) lines.push(`  ${c.title} (${c.id}): ${c.patterns.join(' + ')}`);
    lines.push('');
  }
  return lines.join('\n');
}
