/**
 * A parser for the VS Code snippet grammar, as far as the library uses it:
 *
 *   $1  ${1}  ${1:default}  ${1:outer ${2:nested}}  ${1|one,two,three|}  $0  $NAME  ${NAME:default}
 *
 * Escapes follow VS Code: in text and inside placeholders, `\$`, `\}` and `\\` stand for `$`, `}`
 * and `\`; any other backslash is literal. Inside a choice, `\,`, `\|` and `\\` are escapes too.
 * A `}` outside any placeholder is literal text.
 *
 * Two things VS Code tolerates are problems here, because in a code library they are always
 * mistakes: a `$` that starts no tab stop (VS Code would keep it, but the author almost certainly
 * forgot the escape, and the next edit can turn it into a tab stop), and variables (`$TM_FILENAME`,
 * or `${name}` from a TypeScript template literal that lost its escape).
 */

export type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly line: number; readonly column: number }
  | {
      readonly kind: 'placeholder';
      readonly index: number;
      readonly children: readonly SnippetNode[];
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'choice';
      readonly index: number;
      readonly options: readonly string[];
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly children: readonly SnippetNode[] | undefined;
      readonly line: number;
      readonly column: number;
    };

/** A problem in a body; line and column are 1-based and relative to the body. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedBody {
  readonly nodes: readonly SnippetNode[];
  readonly problems: readonly SyntaxProblem[];
}

const DIGIT = /[0-9]/;
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

class BodyParser {
  private pos = 0;
  private readonly lineStarts: number[] = [0];
  readonly problems: SyntaxProblem[] = [];

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') this.lineStarts.push(i + 1);
  }

  where(pos: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - this.lineStarts[lo]! + 1 };
  }

  private problem(pos: number, message: string): void {
    this.problems.push({ ...this.where(pos), message });
  }

  /** Parses until end of input, or (inside a placeholder) until an unescaped `}`. */
  parseSequence(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += ch;
          this.pos += 1;
        }
        continue;
      }
      if (ch === '}' && insidePlaceholder) break;
      if (ch === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
        }
        continue;
      }
      text += ch;
      this.pos += 1;
    }
    flush();
    return nodes;
  }

  private readWhile(re: RegExp): string {
    const start = this.pos;
    while (this.pos < this.src.length && re.test(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** At a `$`. Returns the construct it starts, or undefined (and a problem) for a stray `$`. */
  private parseDollar(): SnippetNode | undefined {
    const start = this.pos;
    const at = this.where(start);
    this.pos++; // '$'
    const next = this.src[this.pos];
    if (next !== undefined && DIGIT.test(next)) {
      return { kind: 'tabstop', index: Number(this.readWhile(DIGIT)), ...at };
    }
    if (next !== undefined && NAME_START.test(next)) {
      return { kind: 'variable', name: this.readWhile(NAME_PART), children: undefined, ...at };
    }
    if (next !== '{') {
      this.problem(start, 'unescaped "$": write "\\$" for a literal dollar sign');
      return undefined;
    }
    this.pos++; // '{'
    const after = this.src[this.pos];
    if (after !== undefined && DIGIT.test(after)) {
      const index = Number(this.readWhile(DIGIT));
      const sep = this.src[this.pos];
      if (sep === '}') {
        this.pos++;
        return { kind: 'tabstop', index, ...at };
      }
      if (sep === ':') {
        this.pos++;
        const children = this.parseSequence(true);
        if (this.src[this.pos] !== '}') {
          this.problem(start, `placeholder \${${index}:...} is never closed: add "}" (a "}" inside a default is written "\\}")`);
          return { kind: 'placeholder', index, children, ...at };
        }
        this.pos++;
        return { kind: 'placeholder', index, children, ...at };
      }
      if (sep === '|') {
        this.pos++;
        return this.parseChoice(start, index);
      }
      if (sep === '/') {
        this.problem(start, `transform on tab stop ${index} is not supported in library snippets`);
        this.skipToClose();
        return { kind: 'tabstop', index, ...at };
      }
      this.problem(start, `"\${${index}" must be followed by "}", ":default}" or "|choice,...|}"`);
      this.pos = start + 1;
      return undefined;
    }
    if (after !== undefined && NAME_START.test(after)) {
      const name = this.readWhile(NAME_PART);
      const sep = this.src[this.pos];
      if (sep === '}') {
        this.pos++;
        return { kind: 'variable', name, children: undefined, ...at };
      }
      if (sep === ':') {
        this.pos++;
        const children = this.parseSequence(true);
        if (this.src[this.pos] === '}') this.pos++;
        else this.problem(start, `variable \${${name}:...} is never closed`);
        return { kind: 'variable', name, children, ...at };
      }
      if (sep === '/') {
        this.skipToClose();
        return { kind: 'variable', name, children: undefined, ...at };
      }
    }
    this.problem(start, 'unescaped "${": write "\\${" for a literal "${" (template literals, shell)');
    this.pos = start + 1;
    return undefined;
  }

  private parseChoice(start: number, index: number): SnippetNode {
    const at = this.where(start);
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === ',' || next === '|' || next === '\\' || next === '$' || next === '}') {
          current += next;
          this.pos += 2;
          continue;
        }
      }
      if (ch === ',') {
        options.push(current);
        current = '';
        this.pos++;
        continue;
      }
      if (ch === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return { kind: 'choice', index, options, ...at };
      }
      current += ch;
      this.pos++;
    }
    this.problem(start, `choice \${${index}|...|} is never closed: end it with "|}"`);
    options.push(current);
    return { kind: 'choice', index, options, ...at };
  }

  private skipToClose(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== '}') {
      if (this.src[this.pos] === '\\') this.pos++;
      this.pos++;
    }
    this.pos++;
  }
}

/** Parses a body written in VS Code snippet syntax. Never throws; problems carry line and column. */
export function parseSnippetBody(body: string): ParsedBody {
  const parser = new BodyParser(body);
  const nodes = parser.parseSequence(false);
  return { nodes, problems: parser.problems };
}

/** The default text of every tab stop index: the first placeholder's text, or a choice's first option. */
function collectDefaults(nodes: readonly SnippetNode[]): Map<number, readonly SnippetNode[] | string> {
  const defaults = new Map<number, readonly SnippetNode[] | string>();
  const walk = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'placeholder') {
        if (!defaults.has(node.index)) defaults.set(node.index, node.children);
        walk(node.children);
      } else if (node.kind === 'choice') {
        if (!defaults.has(node.index)) defaults.set(node.index, node.options[0] ?? '');
      } else if (node.kind === 'variable' && node.children) {
        walk(node.children);
      }
    }
  };
  walk(nodes);
  return defaults;
}

/**
 * Plain code with every placeholder replaced by its default, as a person accepting every default
 * would get it: mirrors (`$1` after `${1:name}`) repeat the default, choices take their first
 * option, `$0` and tab stops without a default vanish, variables take their default or nothing.
 */
export function expandNodes(nodes: readonly SnippetNode[]): string {
  const defaults = collectDefaults(nodes);
  const expanding = new Set<number>();
  const defaultOf = (index: number): string => {
    const value = defaults.get(index);
    if (value === undefined || expanding.has(index)) return '';
    if (typeof value === 'string') return value;
    expanding.add(index);
    const text = render(value);
    expanding.delete(index);
    return text;
  };
  const render = (list: readonly SnippetNode[]): string => {
    let out = '';
    for (const node of list) {
      switch (node.kind) {
        case 'text':
          out += node.value;
          break;
        case 'tabstop':
        case 'placeholder':
        case 'choice':
          out += defaultOf(node.index);
          break;
        case 'variable':
          out += node.children ? render(node.children) : '';
          break;
      }
    }
    return out;
  };
  return render(nodes);
}

/** `expandNodes(parseSnippetBody(body).nodes)`. */
export function expandSnippetBody(body: string): string {
  return expandNodes(parseSnippetBody(body).nodes);
}

/**
 * Every problem a library snippet body can have: syntax errors, variables, tab stops without a
 * default (the code would not compile as inserted), and one index given two different defaults
 * (VS Code mirrors the first, so the second default would silently never appear).
 */
export function validateSnippetBody(body: string): SyntaxProblem[] {
  const { nodes, problems } = parseSnippetBody(body);
  const out: SyntaxProblem[] = [...problems];
  const firstDefault = new Map<number, string>();
  const bareStops: { index: number; line: number; column: number }[] = [];
  const walk = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'variable') {
        out.push({
          line: node.line,
          column: node.column,
          message: `"$${node.name}" is a snippet variable; library snippets use none. Write "\\$" for a literal dollar sign`,
        });
        if (node.children) walk(node.children);
      } else if (node.kind === 'placeholder' || node.kind === 'choice') {
        const text = node.kind === 'choice' ? (node.options[0] ?? '') : expandNodes(node.children);
        if (node.kind === 'choice' && node.options.some((o) => o === '')) {
          out.push({ line: node.line, column: node.column, message: `choice $${node.index} has an empty option` });
        }
        if (node.index !== 0 && text === '') {
          out.push({
            line: node.line,
            column: node.column,
            message: `placeholder $${node.index} has an empty default; give it one that compiles`,
          });
        }
        const earlier = firstDefault.get(node.index);
        if (earlier === undefined) firstDefault.set(node.index, text);
        else if (earlier !== text) {
          out.push({
            line: node.line,
            column: node.column,
            message: `tab stop $${node.index} has two defaults ("${earlier}" and "${text}"); VS Code mirrors the first, so write "$${node.index}" here`,
          });
        }
        if (node.kind === 'placeholder') walk(node.children);
      } else if (node.kind === 'tabstop' && node.index !== 0) {
        bareStops.push(node);
      }
    }
  };
  walk(nodes);
  for (const stop of bareStops) {
    if (!firstDefault.has(stop.index)) {
      out.push({
        line: stop.line,
        column: stop.column,
        message: `tab stop $${stop.index} has no default; write "\${${stop.index}:default}" at its first use so the code compiles as inserted`,
      });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Tab stop indices used in a body, ascending (0 last, as VS Code visits it). */
export function tabStopIndices(nodes: readonly SnippetNode[]): number[] {
  const seen = new Set<number>();
  const walk = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'tabstop' || node.kind === 'choice') seen.add(node.index);
      else if (node.kind === 'placeholder') {
        seen.add(node.index);
        walk(node.children);
      } else if (node.kind === 'variable' && node.children) walk(node.children);
    }
  };
  walk(nodes);
  return [...seen].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
}
