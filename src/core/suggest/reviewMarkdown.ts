import { commentFindingPlace, commentFindingWording, type CommentFinding } from '../review/commentFindings';
import { fill, type ReviewLabels } from '../review/labels';
import { QUOTE_NOTE_PLACE, quoteNote, type QuoteNote } from './quoteNote';
import type { SuggestResult } from './types';
import { asOneLine } from '../text/oneLine';

/**
 * Every word of the copied review that does not come from the document or the catalog. The
 * editor layer builds it from `vscode.l10n.t` literals; tests pass their own.
 */
export interface ReviewMarkdownLabels {
  /** The top heading; `name` is the document's file name. */
  readonly title: (name: string) => string;
  readonly why: string;
  /** Said under "Why" for a suggestion that quotes no line (quoteNote.ts `noLine`). */
  readonly noLineQuoted: string;
  /** Said under "Why", after the figures, for a suggestion that quotes figures but no keyword line (quoteNote.ts `figuresOnly`). */
  readonly noKeywordLineQuoted: string;
  /** Said last under "Why": the words that raised the score through the text model (`Suggestion.words`), given joined. */
  readonly scoreWords: (words: string) => string;
  readonly startWith: string;
  readonly openQuestions: string;
  readonly numbers: string;
  readonly combinations: string;
  /** "line 12". */
  readonly line: (line: number) => string;
  /** "87%". */
  readonly score: (score: number) => string;
  /** Said instead of the list when nothing was suggested. */
  readonly nothing: string;
  /** Said under the title when only the first part of the document was analysed. */
  readonly truncated?: string;
  /**
   * Said under the title when turning the deep dives off left the document with no open question,
   * or fewer (deepDivesOff.ts). `code`, where the sentence names it (the document's
   * `<!-- sdp-ignore: deep-dives -->`), is shown as a code span, so it reads and copies as written.
   */
  readonly deepDivesOff?: { readonly sentence: string; readonly code?: string };
  /**
   * The problems in the document's review comments (commentFindings.ts `commentFindings`), listed
   * last under `heading`, each with its line, in the Problems panel's words (`wording`, the
   * in-document review's labels) with every word it names (the word as written, the id meant) as
   * a code span. No section when `findings` is empty.
   */
  readonly commentProblems?: { readonly heading: string; readonly findings: readonly CommentFinding[]; readonly wording: ReviewLabels };
}

/** What the Design Review view shows, as data: the engine's result and the titles of the nodes it names. */
export interface ReviewForMarkdown {
  readonly name: string;
  readonly result: SuggestResult;
  /** Titles of the solutions and deep dives the result names, by full id. */
  readonly titles: ReadonlyMap<string, string>;
}

/**
 * The Design Review as markdown, in the order the view shows it: each suggested pattern with
 * its evidence, the solutions to start with and its open questions; then questions of no
 * suggested pattern, the figures found and the combinations. Text from the document or the
 * catalog is escaped, so a heading, a list or a link in a quoted line stays literal text.
 */
export function reviewToMarkdown(review: ReviewForMarkdown, labels: ReviewMarkdownLabels): string {
  const { result } = review;
  const out: string[] = [`# ${escapeInline(labels.title(review.name))}`, ''];
  if (labels.truncated) out.push(`> ${escapeInline(labels.truncated)}`, '');
  if (labels.deepDivesOff) out.push(`> ${escapeInlineWithCode(labels.deepDivesOff.sentence, labels.deepDivesOff.code)}`, '');
  if (result.suggestions.length === 0) out.push(escapeInline(labels.nothing), '');
  const placed = new Set<object>();
  const noteText: Record<QuoteNote, string> = { noLine: labels.noLineQuoted, figuresOnly: labels.noKeywordLineQuoted };

  for (const suggestion of result.suggestions) {
    out.push(`## ${escapeInline(suggestion.title)} (${escapeInline(labels.score(suggestion.score))})`, '');
    // An empty "Why" says so, so a reader can tell a deliberate absence from a lost section.
    out.push(`### ${escapeInline(labels.why)}`, '');
    const note = quoteNote(suggestion);
    if (note && QUOTE_NOTE_PLACE[note] === 'insteadOfLines') out.push(escapeInline(noteText[note]));
    for (const e of suggestion.evidence) out.push(`- “${escapeInline(asOneLine(e.text))}” (${escapeInline(labels.line(e.line))}): ${escapeInline(e.reason)}`);
    // A paragraph of its own: a line right after the list would continue its last item.
    if (note && QUOTE_NOTE_PLACE[note] === 'afterLines') out.push('', escapeInline(noteText[note]));
    // A paragraph of its own, after the lines and any note: what the learned part of the score read.
    if (suggestion.words.length > 0) out.push('', escapeInline(labels.scoreWords(suggestion.words.join(', '))));
    out.push('');
    if (suggestion.solutions.length > 0) {
      out.push(`### ${escapeInline(labels.startWith)}`, '');
      for (const id of suggestion.solutions) out.push(`- ${escapeInline(review.titles.get(id) ?? id)}`);
      out.push('');
    }
    const questions = result.openQuestions.filter((q) => q.pattern === suggestion.pattern);
    questions.forEach((q) => placed.add(q));
    if (questions.length > 0) {
      out.push(`### ${escapeInline(labels.openQuestions)}`, '');
      for (const q of questions) out.push(questionLine(q, labels));
      out.push('');
    }
  }

  const unplaced = result.openQuestions.filter((q) => !placed.has(q));
  if (unplaced.length > 0) {
    out.push(`## ${escapeInline(labels.openQuestions)}`, '');
    for (const q of unplaced) out.push(questionLine(q, labels));
    out.push('');
  }
  if (result.numbers.length > 0) {
    out.push(`## ${escapeInline(labels.numbers)}`, '');
    for (const n of result.numbers) out.push(`- “${escapeInline(asOneLine(n.text))}” (${escapeInline(labels.line(n.line))}): ${escapeInline(n.normalized)}`);
    out.push('');
  }
  if (result.combinations.length > 0) {
    out.push(`## ${escapeInline(labels.combinations)}`, '');
    for (const c of result.combinations) out.push(`- ${escapeInline(c.title)} (${escapeInline(labels.score(c.score))})`);
    out.push('');
  }
  const problems = labels.commentProblems;
  if (problems && problems.findings.length > 0) {
    out.push(`## ${escapeInline(problems.heading)}`, '');
    for (const f of problems.findings) {
      const { template, args, plain } = commentFindingWording(f, problems.wording);
      out.push(`- ${escapeInline(labels.line(commentFindingPlace(f).line))}: ${fillWithCode(template, args, plain)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function questionLine(q: SuggestResult['openQuestions'][number], labels: ReviewMarkdownLabels): string {
  const where = q.line !== undefined ? ` (${escapeInline(labels.line(q.line))})` : '';
  const card = q.title && q.title !== q.question ? ` — ${escapeInline(q.title)}` : '';
  return `- ${escapeInline(q.question)}${card}${where}: ${escapeInline(q.reason)}`;
}

/**
 * `text` escaped as `escapeInline` escapes it, but each occurrence of `code` in it a code span
 * (HTML such as a comment, escaped as text, would copy with backslashes). Copies of `code` right
 * next to each other share one span, holding them all: markdown cannot set two code spans side by
 * side, since their fences would join into one run of backticks, so the rendered text is exactly
 * `text` with every copy in code. An empty `code`, or a `text` holding U+E000 (used as a
 * placeholder), gives `escapeInline(text)`.
 */
export function escapeInlineWithCode(text: string, code: string | undefined): string {
  if (!code || !text.includes(code) || text.includes(CODE_PLACE)) return escapeInline(text);
  const parts = text.split(code);
  // One placeholder per run of adjacent copies, and how many copies each run holds.
  const runs: number[] = [];
  let placed = parts[0]!;
  let copies = 0;
  for (let i = 1; i < parts.length; i++) {
    copies++;
    if (parts[i] !== '' || i === parts.length - 1) {
      runs.push(copies);
      placed += CODE_PLACE + parts[i]!;
      copies = 0;
    }
  }
  const between = escapeInline(placed).split(CODE_PLACE);
  return between.map((piece, i) => (i === 0 ? piece : codeSpan(code.repeat(runs[i - 1]!)) + piece)).join('');
}

/**
 * `template` with its `{0}`-style placeholders filled in (as labels.ts `fill` does), each filled
 * word a code span and the rest escaped as `escapeInline` escapes it: a word is code only where
 * the template puts it, never where the same letters happen to occur in the sentence. Words of
 * placeholders right next to each other share one span, as in `escapeInlineWithCode`; an empty
 * word fills in as nothing. A placeholder with no argument stays as written; a template holding
 * U+E000 is filled as plain text, then escaped. The words whose indices are in `plain` fill in as
 * text (escaped with the rest), and are never read as a template themselves.
 */
export function fillWithCode(template: string, args: readonly string[], plain: readonly number[] = []): string {
  if (template.includes(CODE_PLACE) || plain.some((i) => args[i]?.includes(CODE_PLACE))) return escapeInline(fill(template, ...args));
  const runs: string[] = [];
  let open = false;
  const placed = template.replace(/\{(\d+)\}|[^{]+|\{/g, (piece, index: string | undefined) => {
    const arg = index === undefined ? undefined : args[Number(index)];
    if (arg === undefined || plain.includes(Number(index))) {
      open = false;
      return arg ?? piece;
    }
    if (arg === '') return '';
    if (open) {
      runs[runs.length - 1] += arg;
      return '';
    }
    open = true;
    runs.push(arg);
    return CODE_PLACE;
  });
  return escapeInline(placed).split(CODE_PLACE).map((piece, i) => (i === 0 ? piece : codeSpan(runs[i - 1]!) + piece)).join('');
}

/** Stands for the code while the text around it is escaped: a private-use character, which `escapeInline` leaves alone. */
const CODE_PLACE = '\uE000';

/**
 * `code` as one inline code span: fenced by more backticks than any run inside it, on one line
 * (a line break becomes a space, as markdown reads it in a span). Code of spaces only is kept as
 * it is (markdown strips no space from such a span). Throws a RangeError for empty code: markdown
 * has no empty code span (a pair of backticks reads as literal text).
 */
export function codeSpan(code: string): string {
  if (code === '') throw new RangeError('codeSpan: markdown has no empty code span');
  const line = code.replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space inside the fence keeps a backtick at either end from joining it, and keeps a space at
  // both ends of non-blank code; the reader strips one each side.
  const pad = line.startsWith('`') || line.endsWith('`') || (line.startsWith(' ') && line.endsWith(' ') && line.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * Escapes what markdown would read as syntax in one line of text placed after a list marker or
 * a heading's `#`: emphasis, code, links and images, HTML and entities (`&copy;` stays as
 * written), strikethrough and table pipes; a block marker at its start (`#`, `>`, `+`, `-`,
 * `1.`, `1)`), which would make a heading, a quote or a nested list inside the item; leading
 * spaces, which would make a code block; a `#` at its end, which a heading would drop; and bare
 * web addresses and e-mail addresses, which would become links. Line breaks become spaces, so
 * one item stays one line.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>~|&@]/g, '\\$&')
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/#(?=#*$)/g, '\\#')
    .replace(/\/\//g, '\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.');
}
