/**
 * What the editor shows inside a design doc, computed from the suggest engine's public result:
 * the spans a hover explains, the CodeLens lines, and the findings (open questions, figures past a
 * limit, ids in the review's comments that are no id, and sdp-todo markers that keep nothing open)
 * that become diagnostics, quick fixes and SARIF results. Pure data; the editor layer only converts ranges and wires commands. A document
 * the engine judges not to be a design doc (it suggested nothing) gets only the findings on its
 * review comments: a writer who hid every pattern still needs to hear of a mistyped id.
 */
import type { Evidence, SuggestResult } from '../suggest/types';
import { fill, percent, type ReviewLabels } from './labels';
import { headingAt, type DocumentOutline } from './outline';
import { contains, lineRange, spanRange, splitLines, type TextRange } from './ranges';
import { commentFindings, type MalformedCommentFinding, type UnknownIdFinding } from './commentFindings';
import type { IdleTodoFinding } from './idleTodoFindings';

// The comment findings live apart (no parse imported there) so the Design Review tree can load them
// on activation; what the rest of the review (SARIF, quick fixes) takes from here is re-exported.
export { MALFORMED_COMMENT_RULE, UNKNOWN_ID_RULE, type MalformedCommentFinding, type UnknownIdFinding } from './commentFindings';
export { IDLE_TODO_RULE, type IdleTodoFinding } from './idleTodoFindings';

/** A word or figure that counted as evidence for a suggested pattern. */
export interface EvidenceSpan {
  readonly range: TextRange;
  readonly pattern: string;
  readonly patternTitle: string;
  readonly score: number;
  readonly evidence: Evidence;
  /** The catalog node the words point to (a solution, or the pattern itself): the card a link opens. */
  readonly target: string;
  readonly targetTitle: string;
}

export interface ReviewLens {
  readonly line: number;
  readonly kind: 'top' | 'heading';
  readonly title: string;
  readonly tooltip: string;
  /** The card the lens opens. */
  readonly cardId: string;
}

export type FindingKind = 'question' | 'capacity' | 'unknown-id' | 'malformed-comment' | 'idle-todo';

/** A finding: `kind` says which of the shapes it has. */
export type ReviewFinding = CatalogFinding | UnknownIdFinding | MalformedCommentFinding | IdleTodoFinding;

/** An open question or a figure past a limit: about a pattern of the catalog. */
export interface CatalogFinding {
  readonly kind: 'question' | 'capacity';
  /** The SARIF rule and the id an `sdp-ignore` comment names: the deep dive or design check for a question, the pattern for a figure. */
  readonly ruleId: string;
  readonly range: TextRange;
  readonly message: string;
  readonly pattern: string;
  readonly patternTitle: string;
  /** The card a quick fix opens. */
  readonly cardId: string;
  readonly cardTitle: string;
  /** Questions: the question as the catalog asks it. */
  readonly question?: string;
  /** Questions: its short title, the heading of the section "Add a section answering" inserts. */
  readonly questionTitle?: string;
  /** Questions: the 1-based line the engine tied it to, when there is one. */
  readonly questionLine?: number;
}

export interface InDocumentReview {
  readonly isDesignDoc: boolean;
  readonly spans: readonly EvidenceSpan[];
  readonly lenses: readonly ReviewLens[];
  readonly findings: readonly ReviewFinding[];
}

export interface InDocumentOptions {
  /** How many patterns the top CodeLens lists. Default 3. */
  readonly topPatterns?: number;
}


/** Titles of catalog nodes by full id (solutions, deep dives); undefined when the id is unknown. */
export type TitleOf = (id: string) => string | undefined;

export function buildInDocumentReview(
  result: SuggestResult, text: string, outline: DocumentOutline, labels: ReviewLabels, titleOf: TitleOf, options: InDocumentOptions = {},
): InDocumentReview {
  // An sdp-todo marker that keeps nothing open is told so in any document, as the CLI's text says it:
  // with no suggestion at all, every marker's question waits for a pattern the review is not sure of.
  const commentProblems: ReviewFinding[] = commentFindings(result, labels);
  if (result.suggestions.length === 0) return { isDesignDoc: false, spans: [], lenses: [], findings: commentProblems };
  const lines = splitLines(text);
  const titles = new Map(result.suggestions.map((s) => [s.pattern, s.title]));
  const patternTitle = (id: string): string => titles.get(id) ?? titleOf(id) ?? id;

  const spans: EvidenceSpan[] = result.suggestions.flatMap((s) => s.evidence.map((e) => {
    const target = e.target ?? s.pattern;
    return {
      range: spanRange(e.line, e.column, e.text), pattern: s.pattern, patternTitle: s.title, score: s.score, evidence: e,
      target, targetTitle: target === s.pattern ? s.title : titleOf(target) ?? s.title,
    };
  }));

  const topLine = outline.title?.line ?? firstContentLine(lines, outline.bodyStart);
  const lenses: ReviewLens[] = result.suggestions.slice(0, options.topPatterns ?? 3).map((s) => ({
    line: topLine, kind: 'top', title: fill(labels.lensTop, s.title, percent(s.score)), tooltip: fill(labels.lensTooltip, s.title), cardId: s.pattern,
  }));
  // A heading whose own section carries a pattern's evidence names that pattern (the title has the top lens).
  const perHeading = new Map<string, { line: number; pattern: string; title: string; count: number }>();
  for (const span of spans) {
    const heading = headingAt(outline, span.range.startLine);
    if (!heading || heading.isTitle || heading.line === topLine) continue;
    const key = `${heading.line}\u0000${span.pattern}`;
    const entry = perHeading.get(key) ?? { line: heading.line, pattern: span.pattern, title: span.patternTitle, count: 0 };
    entry.count++;
    perHeading.set(key, entry);
  }
  const rank = new Map(result.suggestions.map((s, i) => [s.pattern, i]));
  for (const h of [...perHeading.values()].sort((a, b) => a.line - b.line || rank.get(a.pattern)! - rank.get(b.pattern)!)) {
    lenses.push({ line: h.line, kind: 'heading', title: fill(labels.lensHeading, h.title, h.count), tooltip: fill(labels.lensTooltip, h.title), cardId: h.pattern });
  }

  const findings: ReviewFinding[] = [];
  for (const span of spans) {
    if (span.evidence.kind !== 'number') continue;
    findings.push({
      kind: 'capacity', ruleId: span.pattern, range: span.range, pattern: span.pattern, patternTitle: span.patternTitle,
      message: fill(labels.capacityMessage, span.patternTitle, span.evidence.reason, span.evidence.limit ?? '?'),
      cardId: span.pattern, cardTitle: span.patternTitle,
    });
  }
  for (const q of result.openQuestions) {
    const line = q.line !== undefined ? q.line - 1 : topLine;
    const title = patternTitle(q.pattern);
    findings.push({
      kind: 'question', ruleId: q.id, range: lineRange(lines, Math.min(line, lines.length - 1)), pattern: q.pattern, patternTitle: title,
      message: fill(labels.questionMessage, title, q.question, q.reason), cardId: q.card, cardTitle: titleOf(q.card) ?? q.title,
      question: q.question, questionTitle: q.title, ...(q.line !== undefined ? { questionLine: q.line } : {}),
    });
  }
  // The comments' findings last: the catalog's keep their places for whoever reads the list in order.
  findings.push(...commentProblems);
  return { isDesignDoc: true, spans, lenses, findings };
}

/** The evidence spans under a 0-based position. */
export function spansAt(review: InDocumentReview, line: number, character: number): EvidenceSpan[] {
  return review.spans.filter((s) => contains(s.range, line, character));
}

/**
 * The hover for the spans under the cursor, as markdown: the pattern and its score, what the
 * words point to, why they counted, the limit a figure was compared with, and a link that opens
 * the card. `cardLink(id)` gives the link target (a command URI in the editor).
 */
export function hoverMarkdown(spans: readonly EvidenceSpan[], labels: ReviewLabels, cardLink: (id: string) => string): string | undefined {
  if (spans.length === 0) return undefined;
  return spans.map((s) => {
    const parts = [fill(labels.hoverPattern, escapeMarkdown(s.patternTitle), percent(s.score))];
    if (s.target !== s.pattern) parts.push(fill(labels.hoverPointsTo, escapeMarkdown(s.targetTitle)));
    parts.push(fill(labels.hoverWhy, escapeMarkdown(s.evidence.reason)));
    if (s.evidence.limit) parts.push(fill(labels.hoverLimit, `\`${s.evidence.limit}\``));
    parts.push(`[${escapeMarkdown(fill(labels.hoverOpenCard, s.targetTitle))}](${cardLink(s.target)})`);
    return parts.join('\n\n');
  }).join('\n\n---\n\n');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function firstContentLine(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() !== '') return i;
  return Math.min(from, Math.max(0, lines.length - 1));
}
