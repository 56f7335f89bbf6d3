import { LineCounter, parseDocument } from 'yaml';
import type { CatalogProblem } from './model';

export interface YamlBlock {
  /** The parsed mapping, or undefined when the block is not a mapping. */
  readonly data: Record<string, unknown> | undefined;
  /** 1-based line in the file of each top-level key, for precise messages. */
  readonly keyLines: ReadonlyMap<string, number>;
}

/**
 * Parses a YAML mapping that starts at `firstLine` (1-based) of `file`.
 * Syntax errors become problems pointing at the offending line of the file.
 */
export function parseYamlBlock(
  text: string,
  file: string,
  firstLine: number,
  problems: CatalogProblem[],
): YamlBlock {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const keyLines = new Map<string, number>();
  if (doc.errors.length > 0) {
    // Only the first error: the ones after it are mostly its echoes ("Unexpected token" per token).
    const error = doc.errors[0]!;
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({ file, line: firstLine + pos.line - 1, message: `invalid YAML: ${firstSentence(error.message)}` });
    return { data: undefined, keyLines };
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file, line: firstLine, message: 'expected a YAML mapping of fields (key: value)' });
    return { data: undefined, keyLines };
  }
  const contents = doc.contents;
  if (contents && 'items' in contents && Array.isArray(contents.items)) {
    for (const pair of contents.items as Array<{ key?: { value?: unknown; range?: [number, number, number] } }>) {
      const key = pair.key;
      if (key && typeof key.value === 'string' && key.range) {
        keyLines.set(key.value, firstLine + lineCounter.linePos(key.range[0]).line - 1);
      }
    }
  }
  return { data: value as Record<string, unknown>, keyLines };
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

export interface SplitFile {
  readonly frontMatter: string | undefined;
  /** 1-based line of the first front-matter line (after the opening ---). */
  readonly frontMatterLine: number;
  readonly bodyLines: readonly string[];
  /** 1-based file line of bodyLines[0]. */
  readonly bodyFirstLine: number;
}

/** Separates `---` front matter from the markdown body, keeping line numbers. */
export function splitFrontMatter(lines: readonly string[]): SplitFile {
  if (lines[0]?.trim() !== '---') {
    return { frontMatter: undefined, frontMatterLine: 1, bodyLines: lines, bodyFirstLine: 1 };
  }
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]?.trim() === '---') {
      return {
        frontMatter: lines.slice(1, i).join('\n'),
        frontMatterLine: 2,
        bodyLines: lines.slice(i + 1),
        bodyFirstLine: i + 2,
      };
    }
  }
  return { frontMatter: undefined, frontMatterLine: 1, bodyLines: lines, bodyFirstLine: 1 };
}
