/**
 * Design doc templates: markdown files with optional front matter (`title`, `description`) whose
 * `{{placeholder}}` slots become snippet tab stops. The same placeholder text twice is one tab
 * stop (typing fills both). Kept as data in content/templates/ (built into dist/templates.json)
 * and in a workspace's `.sdp/templates/*.md`.
 */

import { withoutByteOrderMark } from '../text/byteOrderMark';

export interface DesignDocTemplate {
  /** File name without `.md`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The markdown after the front matter, placeholders as written. */
  readonly body: string;
}

export interface TemplateProblem {
  readonly file: string;
  /** The line the problem is on; none when it concerns the whole file (unreadable, no text at all, no placeholder). */
  readonly line?: number;
  /** What is wrong, for the editor layer's own (localised) wording. */
  readonly kind: 'front-matter-line' | 'empty-body' | 'empty-file' | 'no-placeholder' | 'unreadable' | 'no-read-permission';
  /**
   * front-matter-line: the line in question. unreadable, no-read-permission: the reader's own error
   * text, in English, for the log (a notification words the cause itself).
   */
  readonly text?: string;
  /** The same in English, for the CLI and logs. */
  readonly message: string;
}

/**
 * One template file as read: `template` when it can be used (offered in the picker), absent when it
 * cannot; `problems` either way. Whether a template is usable is the parser's answer, not a rule
 * about kinds of problem that a caller keeps a copy of.
 */
export interface TemplateFile {
  readonly file: string;
  readonly template?: DesignDocTemplate;
  readonly problems: readonly TemplateProblem[];
}

const PLACEHOLDER = /\{\{([^{}\n]+)\}\}/g;

/**
 * Reads one template file. Front matter is optional: the title falls back to the first heading, then
 * the file name. The first front matter block is the template's own (what the picker shows), not
 * the new document's, so it is not in the body; a template whose documents start with front matter
 * writes that as a second block after it (as the built-in MADR template does). Returns no template when the file cannot be used (no text); its problems say why.
 */
export function parseTemplate(file: string, source: string, problems: TemplateProblem[]): DesignDocTemplate | undefined {
  const id = (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');
  const text = withoutByteOrderMark(source).replace(/\r\n/g, '\n');
  let body = text;
  const fields: Record<string, string> = {};
  const fm = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (fm) {
    body = text.slice(fm[0].length);
    fm[1]!.split('\n').forEach((line, i) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      // A key as YAML writes one: letters, digits, `-`, `_` and `.` (`decision-makers`, `last_updated`).
      const m = /^([A-Za-z0-9_][\w.-]*):\s*(.*)$/.exec(line);
      if (!m) problems.push({ file, line: i + 2, kind: 'front-matter-line', text: line, message: `front matter line "${line}" is not "key: value"` });
      else fields[m[1]!] = m[2]!.replace(/^["']|["']$/g, '').trim();
    });
  }
  if (body.trim() === '') {
    // With front matter, the text is missing after its closing `---`: that line is the place. Without
    // any, the whole file is empty and no line is the place.
    if (fm) problems.push({ file, line: fm[1]!.split('\n').length + 2, kind: 'empty-body', message: 'the template has no text after its front matter' });
    else problems.push({ file, kind: 'empty-file', message: 'the template file has no text' });
    return undefined;
  }
  const heading = /^#{1,6}\s+(.+)$/m.exec(body)?.[1]?.replace(PLACEHOLDER, '$1').trim();
  return { id, title: fields['title'] || heading || id, description: fields['description'] ?? '', body };
}

/** Parses a template file's text into a TemplateFile. */
export function readTemplate(file: string, source: string): TemplateFile {
  const problems: TemplateProblem[] = [];
  const template = parseTemplate(file, source, problems);
  return template ? { file, template, problems } : { file, problems };
}

/**
 * A template file that could not be read: not usable. `cause` is the reader's own error text (for
 * the log); `noPermission` when the reader said the user may not read it.
 */
export function unreadableTemplate(file: string, cause: string, noPermission = false): TemplateFile {
  const problem: TemplateProblem = { file, kind: noPermission ? 'no-read-permission' : 'unreadable', text: cause, message: `the file could not be read: ${cause}` };
  return { file, problems: [problem] };
}

/** Where a problem is, as `file:line`, or the file alone when the problem concerns all of it. */
export function templateProblemPlace(problem: Pick<TemplateProblem, 'file' | 'line'>): string {
  return problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
}

/**
 * The template as VS Code snippet syntax: literal `$`, `}` and `\` escaped, each distinct
 * placeholder a numbered tab stop in order of first use, and the cursor's final stop at the end.
 */
export function toSnippet(body: string): string {
  const numbers = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    out += escapeSnippet(body.slice(last, m.index));
    const name = m[1]!.trim();
    let n = numbers.get(name);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(name, n);
      out += `\${${n}:${escapeSnippet(name)}}`;
    } else {
      out += `\${${n}}`;
    }
    last = m.index + m[0].length;
  }
  return `${out}${escapeSnippet(body.slice(last))}$0`;
}

/** The template's text with each placeholder as its own words: what a reader of the raw file sees. */
export function toPlainText(body: string): string {
  return body.replace(PLACEHOLDER, (_m, name: string) => name.trim());
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}
