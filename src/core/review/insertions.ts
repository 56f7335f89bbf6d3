/**
 * Where the quick fixes put their text, and what they put there. Each returns one insertion at
 * a 0-based line and character, so the editor applies it as one edit (one undo).
 */
import { ignoreCommentFor, NO_DEEP_DIVES_ID, readIgnoreComments, todoCommentFor, type IgnoreComment } from '../suggest/ignoreComments';
import { CHECKS } from '../suggest/lexicon';
import { fill, type ReviewLabels } from './labels';
import { headingAt, type DocumentOutline, type OutlineHeading } from './outline';
import { splitLines } from './ranges';
import { withLoneCarriageReturnsAsNewlines } from '../text/lineBreaks';

export interface Insertion {
  readonly line: number;
  readonly character: number;
  readonly text: string;
  /**
   * Where the writer types next, once the text is in (0-based, in the document as it then stands):
   * the editor moves the cursor there. Only for text written to be filled in.
   */
  readonly typeAt?: { readonly line: number; readonly character: number };
}

export interface QuestionToAnswer {
  /** The deep dive's or design check's id: the `sdp-todo` marker names it. */
  readonly id: string;
  /** The question's title: the new section's heading. */
  readonly title: string;
  readonly question: string;
  /** 1-based line where the document relies on the solution the question is about, if any. */
  readonly line?: number;
}

/** Sections that set things aside: an answer goes before them, not inside. */
const SET_ASIDE = new Set(['alternatives', 'appendix']);

/**
 * "Add a section answering …": a heading and, under it, an `<!-- sdp-todo: id -->` marker holding
 * the question and where the answer goes. The engine blanks the marker and the heading above it,
 * so inserting the section answers nothing and changes no score: the question stays open, at the
 * new heading, until the writer answers it and deletes the marker. A question tied to a line goes
 * at the end of the section holding that line, one level deeper; a question tied to no line (or
 * to the title's own section) goes before the alternatives or appendix, or else at the end, at
 * the level of the document's top sections. `typeAt` is the start of the line under the marker.
 */
export function answerSectionInsertion(text: string, outline: DocumentOutline, q: QuestionToAnswer, labels: ReviewLabels): Insertion {
  const lines = splitLines(text);
  const section = q.line !== undefined ? headingAt(outline, q.line - 1) : undefined;
  let atLine: number;
  let level: number;
  if (section && !section.isTitle) {
    atLine = section.sectionEnd;
    level = Math.min(6, section.level + 1);
  } else {
    const body = outline.headings.filter((h) => !h.isTitle);
    const setAside: OutlineHeading | undefined = body.find((h) => SET_ASIDE.has(h.role));
    atLine = setAside ? setAside.line : lines.length;
    level = setAside ? setAside.level : body.length > 0 ? Math.min(6, Math.max(2, Math.min(...body.map((h) => h.level)))) : 2;
  }
  const block = [
    `${'#'.repeat(level)} ${q.title}`,
    '',
    todoCommentFor(q.id, [fill(labels.sectionQuestion, q.question), fill(labels.sectionAnswer)]),
  ].join('\n');
  const { insertion, breaksBeforeBlock } = insertBlock(lines, atLine, block);
  // The answer goes under the marker: the start of the line after its `-->`, the block's last line.
  const blockLastLine = insertion.line + breaksBeforeBlock + lineBreaksIn(block);
  return { ...insertion, typeAt: { line: blockLastLine + 1, character: 0 } };
}

function lineBreaksIn(text: string): number {
  return text.split('\n').length - 1;
}

/**
 * "Ignore in this document": an `<!-- sdp-ignore: id -->` line under the last such comment, or
 * else under the title (or front matter, or at the top). The engine blanks the comment before it
 * reads the document, so the line changes nothing else.
 */
export function ignoreInsertion(raw: string, outline: DocumentOutline, id: string): Insertion {
  // Lines as the editor counts them: a lone \r ends a line too (one character for one, so nothing moves).
  const text = withLoneCarriageReturnsAsNewlines(raw);
  return insertionUnder(text, readIgnoreComments(text).comments, outline, id);
}

/** The comment ignoring `id`, under the last of `comments` (the document's ignore comments), else under the title. */
function insertionUnder(text: string, comments: readonly IgnoreComment[], outline: DocumentOutline, id: string): Insertion {
  const last = comments[comments.length - 1];
  const line = last ? last.line + 1 : outline.title ? outline.title.endLine : outline.bodyStart;
  const lines = splitLines(text);
  if (line >= lines.length) {
    // The comment goes after the last line, which may not end with a line break.
    const endsWithBreak = text.endsWith('\n');
    return endsWithBreak ? { line: lines.length - 1, character: 0, text: `${ignoreCommentFor(id)}\n` }
      : { line: lines.length - 1, character: lines[lines.length - 1]!.length, text: `\n${ignoreCommentFor(id)}` };
  }
  return { line, character: 0, text: `${ignoreCommentFor(id)}\n` };
}

/**
 * "Ask no deep dives in this document": `<!-- sdp-ignore: deep-dives -->`, placed as any ignore
 * comment. The engine then asks design checks only here, as the setting does for a folder.
 * Undefined when the document holds that comment already (a deep dive an `sdp-todo` marker keeps
 * open is still asked there, and a second comment would change nothing).
 */
export function noDeepDivesInsertion(raw: string, outline: DocumentOutline): Insertion | undefined {
  const text = withLoneCarriageReturnsAsNewlines(raw);
  const read = readIgnoreComments(text);
  return read.ids.has(NO_DEEP_DIVES_ID) ? undefined : insertionUnder(text, read.comments, outline, NO_DEEP_DIVES_ID);
}

/** Whether an open question's id is a catalog deep dive (`pattern/slug`), not a design check of `checks.json`. */
export function isDeepDiveId(id: string): boolean {
  return id.includes('/') && !CHECK_IDS.has(id);
}

const CHECK_IDS: ReadonlySet<string> = new Set(CHECKS.map((c) => c.id));

/**
 * A block of lines (`block`, no line break at its end) before `atLine`, with a blank line on both
 * sides; `breaksBeforeBlock` is how many line breaks the insertion's text holds before the block.
 */
function insertBlock(lines: readonly string[], atLine: number, block: string): { insertion: Insertion; breaksBeforeBlock: number } {
  // `lines` ends with '' when the text ends with a line break.
  const lastIndex = lines.length - 1;
  const endsWithBreak = lines[lastIndex] === '';
  const contentEnd = endsWithBreak ? lastIndex : lines.length;
  let at: { line: number; character: number };
  let before: string;
  let after: string;
  if (atLine >= contentEnd) {
    // At the end: after the last line of content.
    const previous = lines[contentEnd - 1] ?? '';
    const lead = contentEnd === 0 ? '' : previous.trim() === '' ? '' : '\n';
    // Without a last line break, the block starts on a line of its own after the last one.
    at = endsWithBreak ? { line: lastIndex, character: 0 } : { line: Math.max(0, lastIndex), character: (lines[lastIndex] ?? '').length };
    before = endsWithBreak ? lead : `\n${lead}`;
    after = '\n';
  } else {
    const previous = atLine > 0 ? lines[atLine - 1]! : '';
    at = { line: atLine, character: 0 };
    before = atLine > 0 && previous.trim() !== '' ? '\n' : '';
    after = '\n\n';
  }
  return { insertion: { ...at, text: `${before}${block}${after}` }, breaksBeforeBlock: lineBreaksIn(before) };
}
