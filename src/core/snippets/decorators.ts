/**
 * The decorators (or attributes, or annotations) right above a declaration, read from the text
 * alone: a snippet block put above a decorated declaration goes above them (placement.ts). Which
 * openers a language has is its row of content/snippets/placement-languages.json (placementLanguages.ts).
 */

import { closingBracket, MAX_LINES } from './lineScan';
import type { PlacementLanguage } from './placementLanguages';

/**
 * The first line of the decorators right above `line` (Python's and TypeScript's `@name(...)`,
 * Java's annotations, Rust's outer attributes `#[...]`, C#'s `[Name]`, C's and C++'s `[[name]]`,
 * Go's `//go:` directives), each at `indent` and on lines of their
 * own, or `line` when there are none. A block put above a decorated declaration goes above them:
 * between them and the declaration it would take them over. A line that holds a decorator and
 * what it decorates (Java's `@Inject private Store store;`) decorates nothing below it.
 */
export function decoratorsStart(lineText: (line: number) => string, line: number, indent: number, language: PlacementLanguage): number {
  if (language.decorators.length === 0) return line;
  const opener = new RegExp(`^(?:${language.decorators.map((d) => DECORATOR_OPENS[d]).join('|')})`);
  let top = line;
  for (let k = line - 1; k >= 0 && k >= line - MAX_LINES; k--) {
    const text = lineText(k);
    // Decorators sit right above what they decorate; a blank line ends the run looked at.
    if (text.trim() === '') break;
    if (indentOf(text) !== indent || !opener.test(text.trimStart())) continue;
    // After a line that ends in `\`, `@name` continues that line's expression (Python's `@` is
    // also matrix multiplication): it decorates nothing.
    if (k > 0 && lineText(k - 1).trimEnd().endsWith('\\')) continue;
    const run: string[] = [];
    for (let i = k; i < line; i++) run.push(lineText(i));
    if (onlyDecorators(run.join('\n'), language)) top = k;
  }
  return top;
}

/**
 * How each opener starts a decorator line: `@` and a name (not Java's `@interface`, which declares
 * one); a bracketed attribute `#[` (Rust, PHP); C#'s `[Name` (a collection expression such as
 * `[1, 2]` does not open with a name); C's and C++'s `[[`, which opens nothing but an attribute there;
 * Go's directive comments (`//go:embed`, `//go:noinline`), which apply to the declaration under them.
 */
const DECORATOR_OPENS: Readonly<Record<PlacementLanguage['decorators'][number], string>> = {
  '@': '@(?!interface\\b)[A-Za-z_$]',
  '#[': '#\\[',
  '[': '\\[[ \\t]*[A-Za-z_@]',
  '[[': '\\[\\[',
  '//go:': '//go:[a-z]',
};

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** Whether `text` holds the language's decorators and line comments only: `@a.b`, `@a.b(...)`, `#[...]`, `[...]`, `[[...]]`, `//go:name ...`, `// ...`, `# ...`. */
function onlyDecorators(text: string, language: PlacementLanguage): boolean {
  const at = language.decorators.includes('@');
  const attribute = language.decorators.includes('#[');
  const bracketed = language.decorators.includes('[') ? '[' : language.decorators.includes('[[') ? '[[' : undefined;
  const directive = language.decorators.includes('//go:');
  let i = skipSpace(text, 0);
  while (i < text.length) {
    if (bracketed !== undefined && text.startsWith(bracketed, i)) {
      const end = closingBracket(text, i);
      if (end === undefined) return false;
      i = end + 1;
    } else if (attribute && text.startsWith('#[', i)) {
      const end = closingBracket(text, i + 1);
      if (end === undefined) return false;
      i = end + 1;
    } else if (at && text[i] === '@') {
      const name = /^@[A-Za-z_$][\w$.]*/.exec(text.slice(i));
      if (!name || name[0] === '@interface') return false;
      i += name[0].length;
      if (text[i] === '(') {
        const end = closingBracket(text, i);
        if (end === undefined) return false;
        i = end + 1;
      }
    } else if (language.lineComments.some((marker) => text.startsWith(marker, i)) || (directive && text.startsWith('//go:', i))) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd === -1 ? text.length : lineEnd;
    } else {
      return false;
    }
    i = skipSpace(text, i);
  }
  return true;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
