/**
 * Stage 6: the explanation. For a suggested pattern, the figures past its limits and the lines
 * whose words moved its evidence most. A line is shown only when its words speak for this pattern
 * specifically (a phrase several patterns share, a mention under non-goals or alternatives, a
 * negated one, or one in code is not shown), and only when it carries a fair share of what the
 * best line carries.
 */
import type { CatalogIndex, Phrase } from './catalogIndex';
import type { Hit } from './evidence';
import { round } from './format';
import { describeLimit, type LimitFinding } from './limits';
import { EXPLAIN } from './lexicon';
import { ENGLISH_SUGGEST_MESSAGES, fillMessage, type SuggestMessages } from './messages';
import { lineOf } from './lines';
import type { DocumentStructure } from './structure';
import type { Evidence } from './types';

const HIDDEN_ROLES = new Set(EXPLAIN.hiddenRoles);
const HIDDEN_KINDS = new Set(EXPLAIN.hiddenBlockKinds);

/** How many evidence lines a suggestion with this score shows (content/suggest/explain.json). */
export function linesForScore(score: number): number {
  return EXPLAIN.evidenceLinesByScore.find((r) => score >= r.minScore)?.lines ?? 0;
}

export function explain(
  pattern: string, maxLines: number, index: CatalogIndex, structure: DocumentStructure, text: string,
  contributions: ReadonlyMap<Hit, number>, findings: readonly LimitFinding[], max: number,
  messages: SuggestMessages = ENGLISH_SUGGEST_MESSAGES,
): Evidence[] {
  const title = index.nodes.get(pattern)?.title ?? pattern;
  const total = [...contributions.values()].reduce((s, c) => s + c, 0) + findings.reduce((s, f) => s + f.strength, 0) || 1;
  const numbers: Evidence[] = findings.filter((f) => f.pattern === pattern).map((f) => ({
    line: f.fact.line, column: f.fact.column, text: f.fact.text, reason: f.reason, kind: 'number', weight: round(f.strength / total),
    target: pattern, limit: describeLimit(f.limit, messages),
  }));
  const shown: { hit: Hit; c: number; line: number }[] = [];
  for (const [hit, c] of contributions) {
    const block = structure.blocks[hit.block]!;
    const target = hit.phrase.targets.find((t) => t.pattern === pattern);
    if (!target || hit.negated || HIDDEN_ROLES.has(block.role) || HIDDEN_KINDS.has(block.kind)) continue;
    if (hit.phrase.targets.some((t) => t.pattern !== pattern) || hit.phrase.specificity * target.weight < EXPLAIN.minSpecificity) continue;
    shown.push({ hit, c, line: lineOf(structure.lineStarts, hit.start) });
  }
  const byLine = new Map<number, { hit: Hit; c: number }[]>();
  for (const s of shown) {
    const list = byLine.get(s.line);
    if (list) list.push(s);
    else byLine.set(s.line, [s]);
  }
  const lines = [...byLine.entries()].map(([line, hs]) => ({ line, hs: hs.sort((a, b) => b.c - a.c), c: hs.reduce((s, h) => s + h.c, 0) }))
    .sort((a, b) => b.c - a.c || a.line - b.line);
  const best = lines[0]?.c ?? 0;
  const keywords: Evidence[] = [];
  for (const { line, hs, c } of lines.slice(0, Math.max(0, maxLines - numbers.length))) {
    if (c < best * EXPLAIN.shownShareOfBestLine) break;
    // The same phrase twice on one line is one piece of evidence: show it once.
    const distinct = hs.filter((h, i) => hs.findIndex((o) => o.hit.phrase === h.hit.phrase) === i);
    for (const { hit, c: hc } of distinct.slice(0, EXPLAIN.perLine)) {
      const block = structure.blocks[hit.block]!;
      const solution = solutionNamed(hit.phrase, pattern);
      const name = solution ? index.nodes.get(solution)?.title ?? title : title;
      keywords.push({
        line: line + 1, column: hit.start - structure.lineStarts[line]! + 1, text: text.slice(hit.start, hit.end),
        reason: fillMessage(messages.keywordReason, hit.phrase.label, where(messages, block.kind, block.role), name), kind: 'keyword', weight: round(hc / total),
        target: solution ?? pattern,
      });
    }
  }
  return [...numbers, ...keywords].slice(0, max);
}

/**
 * The solution of `pattern` a phrase points to: the one solution whose keywords (or title) list it
 * in the catalog, even when the pattern's own keywords list it too ("version column" for
 * Optimistic Locking: the words name the solution, and its card is the one to open). None when no
 * solution lists it, or more than one does (then the words name the pattern's need, not a choice).
 */
function solutionNamed(phrase: Phrase, pattern: string): string | undefined {
  const solutions = new Set(phrase.targets.filter((t) => t.pattern === pattern && t.solution).map((t) => t.solution!));
  return solutions.size === 1 ? [...solutions][0] : undefined;
}

function where(messages: SuggestMessages, kind: string, role: string): string {
  const w = messages.where as Record<string, string>;
  if (kind === 'title' || kind === 'heading' || kind === 'table' || kind === 'quote') return w[kind]!;
  return w[role] ?? w.body!;
}
