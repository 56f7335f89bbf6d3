/**
 * Fitting a whole-file variant into a file that already has code. Go variants start with
 * `package` and an import block, Java variants with imports and a public class: pasted as they are
 * into an existing file, both break it (a second package clause, imports after declarations, two
 * public top-level classes). This module turns such a body into what belongs at the cursor, plus
 * the imports the file lacks and where they go. Plain text, no `vscode`.
 */
import type { SnippetLanguage } from './types';

/** Text to insert at `offset` of the document before the body is inserted (the missing imports). */
export interface HeaderEdit {
  readonly offset: number;
  readonly text: string;
}

export interface FittedInsertion {
  /** The body to insert at the cursor, still in snippet syntax. */
  readonly body: string;
  /** The imports the document lacks, placed where that language expects them. */
  readonly header?: HeaderEdit;
  /**
   * Where to insert the body instead of the cursor (an offset of the original document): set when
   * the cursor is in the file's package clause or imports, where declarations cannot go (the body
   * then goes at the end of the file), and for Java when the cursor is inside a method or a nested
   * block, where a class declaration does not compile (the body then goes after the enclosing
   * top-level type).
   */
  readonly insertAt?: number;
}

interface SplitBody {
  /** The body without its package clause and imports. */
  readonly rest: string;
  /** Import specs: Go `"net/http"` or `name "path"`, Java `java.util.List` or `static a.b.C.d`. */
  readonly imports: string[];
}

const GO_BLOCK = /^import\s*\(\s*\n([\s\S]*?)^\)[ \t]*\n?/gm;
const GO_SINGLE = /^import[ \t]+((?:[\w.]+[ \t]+)?"[^"\n]+")[ \t]*\n?/gm;
const JAVA_IMPORT = /^import[ \t]+((?:static[ \t]+)?[\w.]+(?:\.\*)?)[ \t]*;[ \t]*\n?/gm;
const JAVA_PUBLIC_TYPE = /^public[ \t]+((?:(?:final|abstract|sealed|non-sealed|strictfp)[ \t]+)*(?:class|interface|record|enum|@interface)\b)/m;

function goImportSpecs(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(GO_BLOCK)) {
    for (const line of m[1]!.split('\n')) {
      const spec = line.replace(/\/\/.*$/, '').trim();
      if (spec) specs.push(spec.replace(/\s+/g, ' '));
    }
  }
  for (const m of text.matchAll(GO_SINGLE)) specs.push(m[1]!.replace(/\s+/g, ' '));
  return specs;
}

function javaImportSpecs(text: string): string[] {
  return [...text.matchAll(JAVA_IMPORT)].map((m) => m[1]!.replace(/\s+/g, ' '));
}

/** Splits a whole-file Go or Java body into its declarations and its imports. */
export function splitWholeFileBody(language: 'go' | 'java', body: string): SplitBody {
  if (language === 'go') {
    const imports = goImportSpecs(body);
    const rest = body.replace(/^package[ \t]+\w+[ \t]*\n/m, '').replace(GO_BLOCK, '').replace(GO_SINGLE, '');
    return { rest: rest.replace(/^\s*\n/, ''), imports };
  }
  const imports = javaImportSpecs(body);
  const rest = body.replace(/^package[ \t]+[\w.]+[ \t]*;[ \t]*\n/m, '').replace(JAVA_IMPORT, '');
  return { rest: rest.replace(/^\s*\n/, ''), imports };
}

/**
 * Brace depth at `offset` of Java (or Go) source, not counting braces in comments, strings and
 * character literals: 0 means the top level of the file.
 */
export function braceDepthAt(text: string, offset: number): number {
  return scanBraces(text, Math.min(offset, text.length)).depth;
}

/**
 * Offset just after the `}` that closes the top-level block around `offset` (the enclosing
 * top-level type in Java), or undefined when it is not closed before the end of the text.
 */
function topLevelBlockEnd(text: string, offset: number): number | undefined {
  const closed = scanBraces(text, text.length, offset).closedTopLevelAt;
  return closed === undefined ? undefined : closed + 1;
}

/**
 * Scans code braces up to `end`. `closedTopLevelAt` is the index of the first `}` at or after
 * `from` that brings the depth back to 0.
 */
function scanBraces(text: string, end: number, from = Infinity): { depth: number; closedTopLevelAt?: number } {
  let depth = 0;
  let i = 0;
  while (i < end) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else if (c === '"' && text.startsWith('"""', i)) {
      const close = text.indexOf('"""', i + 3);
      i = close < 0 ? end : close + 3;
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < end && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' && c !== '`' ? 2 : 1;
      i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && i >= from) return { depth, closedTopLevelAt: i };
      }
      i++;
    }
  }
  return { depth };
}

/** The name a Go import spec binds in the file: its alias, or the package name the path implies. */
function goImportName(spec: string): { name: string; path: string } {
  const m = /^(?:([\w.]+)\s+)?"([^"]+)"$/.exec(spec.trim());
  if (!m) return { name: spec, path: spec };
  const parts = m[2]!.split('/');
  let last = parts[parts.length - 1]!;
  // A major-version suffix (".../pgx/v4") is not the package name.
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return { name: m[1] ?? last.replace(/[^\w]/g, '_'), path: m[2]! };
}

/**
 * The Go imports the document lacks, by the name each binds, not by the spec text: `"math/rand"`
 * in a file that imports `"crypto/rand"` would redeclare `rand`. Such a clashing import is added
 * under an alias (`mathrand "math/rand"`), and the body's uses of the name are renamed to it.
 */
function goMissingImports(documentText: string, imports: string[], body: string): { missing: string[]; body: string } {
  const have = goImportSpecs(documentText).map(goImportName);
  const taken = new Set(have.map((h) => h.name));
  const missing: string[] = [];
  let renamed = body;
  for (const spec of imports) {
    const wanted = goImportName(spec);
    const same = have.find((h) => h.name === wanted.name);
    if (same && same.path === wanted.path) continue; // already imported under the name the body uses
    if (!same || wanted.name === '_' || wanted.name === '.') {
      missing.push(spec); // blank and dot imports bind no name that could clash
      taken.add(wanted.name);
      continue;
    }
    // The name is taken by another package: import ours under a free alias and rename its uses.
    const base = wanted.path.split('/').filter((p) => !/^v\d+$/.test(p)).slice(-2).join('').replace(/[^\w]/g, '');
    let alias = base;
    for (let n = 2; taken.has(alias) || alias === wanted.name; n++) alias = `${base}${n}`;
    taken.add(alias);
    missing.push(`${alias} "${wanted.path}"`);
    renamed = renamed.replace(new RegExp(`(?<![\\w.])${wanted.name}\\.(?=[A-Za-z_])`, 'g'), `${alias}.`);
  }
  return { missing, body: renamed };
}

function lineEndAfter(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  return nl < 0 ? text.length : nl + 1;
}

function goHeader(document: string, missing: string[]): HeaderEdit | undefined {
  if (missing.length === 0) return undefined;
  GO_BLOCK.lastIndex = 0;
  const block = GO_BLOCK.exec(document);
  GO_BLOCK.lastIndex = 0;
  if (block) {
    // Before the closing parenthesis of the file's first import block.
    const close = block.index + block[0].lastIndexOf(')');
    return { offset: close, text: missing.map((s) => `\t${s}\n`).join('') };
  }
  const singles = [...document.matchAll(GO_SINGLE)];
  const last = singles[singles.length - 1];
  if (last) {
    const at = last.index + last[0].length;
    const offset = last[0].endsWith('\n') ? at : lineEndAfter(document, at);
    return { offset, text: `${last[0].endsWith('\n') ? '' : '\n'}${missing.map((s) => `import ${s}\n`).join('')}` };
  }
  const text = `import (\n${missing.map((s) => `\t${s}\n`).join('')})\n`;
  const pkg = /^package[ \t]+\w+[^\n]*(\n|$)/m.exec(document);
  if (pkg) {
    const offset = pkg.index + pkg[0].length;
    return { offset, text: `${pkg[1] ? '' : '\n'}\n${text}` };
  }
  return { offset: 0, text: `${text}\n` };
}

function javaHeader(document: string, missing: string[]): HeaderEdit | undefined {
  if (missing.length === 0) return undefined;
  const lines = missing.map((s) => `import ${s};\n`).join('');
  const imports = [...document.matchAll(JAVA_IMPORT)];
  const last = imports[imports.length - 1];
  if (last) {
    const at = last.index + last[0].length;
    return last[0].endsWith('\n') ? { offset: at, text: lines } : { offset: lineEndAfter(document, at), text: `\n${lines}` };
  }
  const pkg = /^package[ \t]+[\w.]+[ \t]*;[^\n]*(\n|$)/m.exec(document);
  if (pkg) return { offset: pkg.index + pkg[0].length, text: `${pkg[1] ? '' : '\n'}\n${lines}` };
  return { offset: 0, text: `${lines}\n` };
}

/** End of the package clause and import declarations of Go or Java source (0 without them). */
function preambleEnd(language: 'go' | 'java', text: string): number {
  const patterns = language === 'go' ? [/^package[ \t]+\w+[^\n]*/gm, GO_BLOCK, GO_SINGLE] : [/^package[ \t]+[\w.]+[ \t]*;[^\n]*/gm, JAVA_IMPORT];
  let end = 0;
  for (const pattern of patterns) {
    for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags))) end = Math.max(end, m.index + m[0].length);
  }
  return end;
}

/**
 * What to insert for a variant at `cursorOffset` of a document whose text is `documentText`.
 *
 * - An empty document gets the variant unchanged: it becomes the whole file.
 * - Go: the package clause is dropped (the file has its own) and the imports the file lacks are
 *   added to its import block (or a new one after its package clause). Imports are matched by the
 *   name they bind: one whose name the file already uses for another package is added under an
 *   alias, and the body's uses are renamed.
 * - Java: the imports the file lacks go after its imports (or its package clause). The variant's
 *   public top-level type becomes a `public static` member when the cursor is directly inside a
 *   type, goes after the enclosing top-level type when the cursor is deeper (in a method), and
 *   loses `public` at the top level of a file that already declares a public type (Java allows one
 *   per file).
 * - Other languages are returned unchanged: TypeScript and Python variants start with top-level
 *   imports, so insert them at the top level of a module (an import inside a function is a syntax
 *   error), or move the imports to the top by hand.
 */
export function fitSnippetToDocument(
  language: SnippetLanguage,
  body: string,
  documentText: string,
  cursorOffset: number,
): FittedInsertion {
  if ((language !== 'go' && language !== 'java') || documentText.trim() === '') return { body };
  const { rest, imports } = splitWholeFileBody(language, body);
  // A cursor in the package clause or the imports: declarations go at the end of the file instead.
  const preamble = preambleEnd(language, documentText);
  const insertAt = preamble > 0 && cursorOffset <= preamble ? documentText.length : undefined;
  const lead = insertAt !== undefined && !documentText.endsWith('\n\n') ? (documentText.endsWith('\n') ? '\n' : '\n\n') : '';
  if (language === 'go') {
    const { missing, body: renamed } = goMissingImports(documentText, imports, rest);
    return { body: lead + renamed, header: goHeader(documentText, missing), ...(insertAt !== undefined ? { insertAt } : {}) };
  }
  const have = new Set(javaImportSpecs(documentText));
  const missing = imports.filter((s) => !have.has(s) && !s.startsWith('java.lang.'));
  let fitted = rest;
  let at = insertAt;
  let before = lead;
  const depth = braceDepthAt(documentText, insertAt ?? cursorOffset);
  if (depth > 1) {
    // Inside a method or a nested block a class declaration does not compile: the body goes after
    // the enclosing top-level type instead (or at the end of the file if that is not closed).
    const end = topLevelBlockEnd(documentText, cursorOffset);
    at = end ?? documentText.length;
    before = end !== undefined ? '\n\n' : documentText.endsWith('\n') ? '\n' : '\n\n';
  }
  if (depth === 1) {
    fitted = rest.replace(JAVA_PUBLIC_TYPE, 'public static $1');
  } else if (JAVA_PUBLIC_TYPE.test(documentText)) {
    fitted = rest.replace(JAVA_PUBLIC_TYPE, '$1');
  }
  return { body: before + fitted, header: javaHeader(documentText, missing), ...(at !== undefined ? { insertAt: at } : {}) };
}

/**
 * A variant for pasting into an existing file without the editor's help (the IntelliSense entry):
 * Go without its package clause and imports, Java without imports and with a package-private
 * class, each opened by a comment that lists the imports to add (goimports and "Organize Imports"
 * add them too). Undefined for languages whose variants already insert anywhere.
 */
export function bodyOnlyVariant(language: SnippetLanguage, body: string): string | undefined {
  if (language !== 'go' && language !== 'java') return undefined;
  const { rest, imports } = splitWholeFileBody(language, body);
  if (language === 'go') {
    const header = imports.length > 0 ? `// Imports: ${imports.join(', ')}\n` : '';
    return header + rest;
  }
  const header = imports.length > 0 ? `// Imports: ${imports.join(', ')}\n` : '';
  return header + rest.replace(JAVA_PUBLIC_TYPE, '$1');
}
