/**
 * Design doc templates: markdown files with optional front matter (`title`, `description`) whose
 * `{{placeholder}}` slots become snippet tab stops. The same placeholder text twice is one tab
 * stop (typing fills both). Kept as data in content/templates/ (built into dist/templates.json)
 * and in a workspace's `.sdp/templates/*.md`.
 */

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
  readonly line: number;
  /** What is wrong, for the editor layer's own (localised) wording; `text` is the line in question. */
  readonly kind: 'front-matter-line' | 'empty-body' | 'no-placeholder' | 'unreadable';
  readonly text?: string;
  /** The same in English, for the CLI and logs. */
  readonly message: string;
}

const PLACEHOLDER = /\{\{([^{}\n]+)\}\}/g;

/** Reads one template file. Front matter is optional: the title falls back to the first heading, then the file name. */
export function parseTemplate(file: string, source: string, problems: TemplateProblem[]): DesignDocTemplate | undefined {
  const id = (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let body = text;
  const fields: Record<string, string> = {};
  const fm = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (fm) {
    body = text.slice(fm[0].length);
    fm[1]!.split('\n').forEach((line, i) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const m = /^([A-Za-z]+):\s*(.*)$/.exec(line);
      if (!m) problems.push({ file, line: i + 2, kind: 'front-matter-line', text: line, message: `front matter line "${line}" is not "key: value"` });
      else fields[m[1]!] = m[2]!.replace(/^["']|["']$/g, '').trim();
    });
  }
  if (body.trim() === '') {
    problems.push({ file, line: 1, kind: 'empty-body', message: 'the template has no text after its front matter' });
    return undefined;
  }
  const heading = /^#{1,6}\s+(.+)$/m.exec(body)?.[1]?.replace(PLACEHOLDER, '$1').trim();
  return { id, title: fields['title'] || heading || id, description: fields['description'] ?? '', body };
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
