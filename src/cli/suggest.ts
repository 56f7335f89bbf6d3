/**
 * `sdp suggest FILE|- [--json] [--max-size CHARS] [--min-score 0..1]`: the patterns a design doc
 * needs, for a person or (with --json) for a program. Exit 0 with or without suggestions; 2 when
 * the arguments are wrong or the file cannot be read.
 */
import { readFile } from 'node:fs/promises';
import type { Catalog } from '../core/catalog/model';
import { createSuggestEngine, type SuggestResult } from '../core/suggest';
import { looksBinary } from '../core/text/looksBinary';
import type { CliIO } from './io';

const USAGE = 'usage: sdp suggest FILE|- [--json] [--max-size CHARS] [--min-score 0..1]';

const text = {
  usage: USAGE,
  unknownOption: (o: string): string => `sdp suggest: unknown option ${o}\n${USAGE}`,
  badNumber: (o: string, v: string): string => `sdp suggest: ${o} needs a number, got "${v ?? ''}"\n${USAGE}`,
  noFile: `sdp suggest: no file given (use - for stdin)\n${USAGE}`,
  unreadable: (file: string, reason: string): string => `sdp suggest: cannot read ${file}: ${reason}`,
  binary: (file: string): string =>
    `sdp suggest: ${file} looks like binary data (NUL or undecodable bytes), not a design doc; nothing was analysed. Give a markdown or text file.`,
  none: 'No pattern suggested: nothing in this document points to one of the catalog\'s patterns.',
  numbers: 'Figures',
  questions: 'Open questions',
  combinations: 'Combinations',
  solutions: 'consider first',
} as const;

export async function suggestCommand(args: string[], io: CliIO, catalog: Catalog): Promise<number> {
  let json = false;
  let file: string | undefined;
  let maxChars: number | undefined;
  let minScore: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--max-size' || a === '--min-score') {
      const v = args[++i];
      const n = Number(v);
      if (v === undefined || !Number.isFinite(n) || n < 0) {
        io.err(text.badNumber(a, v ?? ''));
        return 2;
      }
      if (a === '--max-size') maxChars = Math.floor(n);
      else minScore = n;
    } else if (a === '-' || !a.startsWith('-')) {
      if (file !== undefined) {
        io.err(`sdp suggest: more than one file given\n${USAGE}`);
        return 2;
      }
      file = a;
    } else {
      io.err(text.unknownOption(a));
      return 2;
    }
  }
  if (file === undefined) {
    io.err(text.noFile);
    return 2;
  }
  let input: string;
  try {
    input = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(text.unreadable(file, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message));
    return 2;
  }
  if (looksBinary(input)) {
    io.err(`${text.binary(file === '-' ? 'standard input' : file)}\n`);
    return 2;
  }
  const result = createSuggestEngine(catalog).suggest(input, { maxChars, minScore });
  if (result.truncated) io.err(`sdp suggest: ${result.truncated.message}`);
  io.out(json ? `${JSON.stringify(toJson(file, result), null, 2)}\n` : formatForPeople(result));
  return 0;
}

/** The documented JSON shape: `{file, suggestions: [{pattern, title, score, solutions, evidence}], numbers, openQuestions, combinations}`. */
export function toJson(file: string, r: SuggestResult): object {
  return {
    file,
    suggestions: r.suggestions.map((s) => ({
      pattern: s.pattern,
      title: s.title,
      score: s.score,
      solutions: s.solutions,
      evidence: s.evidence.map((e) => ({ line: e.line, column: e.column, text: e.text, reason: e.reason })),
    })),
    numbers: r.numbers,
    openQuestions: r.openQuestions,
    combinations: r.combinations,
    ...(r.truncated ? { truncated: r.truncated } : {}),
  };
}

export function formatForPeople(r: SuggestResult): string {
  if (r.suggestions.length === 0) return `${text.none}\n`;
  const lines: string[] = [];
  for (const s of r.suggestions) {
    lines.push(`${s.title} (${s.pattern})  ${s.score.toFixed(2)}`);
    if (s.solutions.length > 0) lines.push(`  ${text.solutions}: ${s.solutions.join(', ')}`);
    for (const e of s.evidence) lines.push(`  ${e.line}:${e.column}  ${JSON.stringify(e.text)}  ${e.reason}`);
    lines.push('');
  }
  const used = new Set(r.suggestions.flatMap((s) => s.evidence.filter((e) => e.kind === 'number').map((e) => `${e.line}:${e.column}`)));
  const figures = r.numbers.filter((n) => used.has(`${n.line}:${n.column}`));
  if (figures.length > 0) {
    lines.push(`${text.numbers}:`);
    for (const n of figures) lines.push(`  ${n.line}:${n.column}  ${n.text}  ${n.normalized}`);
    lines.push('');
  }
  if (r.openQuestions.length > 0) {
    lines.push(`${text.questions}:`);
    for (const q of r.openQuestions) lines.push(`  [${q.pattern}] ${q.question}`);
    lines.push('');
  }
  if (r.combinations.length > 0) {
    lines.push(`${text.combinations}:`);
    for (const c of r.combinations) lines.push(`  ${c.title} (${c.id}): ${c.patterns.join(' + ')}`);
    lines.push('');
  }
  return lines.join('\n');
}
