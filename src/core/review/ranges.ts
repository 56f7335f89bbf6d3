/** 0-based ranges in a text, as editors (and LSP) count them: lines, and UTF-16 code units within a line. */
export interface TextRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** The range of `text` starting at a 1-based line and column, as the suggest engine reports spans. */
export function spanRange(line: number, column: number, text: string): TextRange {
  const startLine = Math.max(0, line - 1);
  const startCharacter = Math.max(0, column - 1);
  const lines = splitLines(text);
  const last = lines[lines.length - 1]!;
  return lines.length === 1
    ? { startLine, startCharacter, endLine: startLine, endCharacter: startCharacter + text.length }
    : { startLine, startCharacter, endLine: startLine + lines.length - 1, endCharacter: last.length };
}

/** A whole line without its leading and trailing white space (the whole line when it is blank). */
export function lineRange(lines: readonly string[], line: number): TextRange {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end > start
    ? { startLine: line, startCharacter: start, endLine: line, endCharacter: end }
    : { startLine: line, startCharacter: 0, endLine: line, endCharacter: text.length };
}

export function contains(range: TextRange, line: number, character: number): boolean {
  if (line < range.startLine || line > range.endLine) return false;
  if (line === range.startLine && character < range.startCharacter) return false;
  if (line === range.endLine && character > range.endCharacter) return false;
  return true;
}

/** The lines of a text, without their line breaks: `\r\n`, `\n` or a lone `\r`, as an editor ends a line (core/text/lineBreaks.ts). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
