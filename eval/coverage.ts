/**
 * How often the explanation has something to point at: the rated sample measures whether the lines
 * shown are real (precision), and removing lines raises that by construction, so this prints the
 * other side. For the documents of a split that get a suggestion: how many show at least one keyword
 * line, and, of those whose first suggestion is the labelled primary, how many show a keyword line
 * for it (a right answer given without a reason).
 */
import type { SuggestResult } from '../src/core/suggest';
import type { EvalDoc } from './docs';

export function coverageReport(title: string, docs: readonly EvalDoc[], suggest: (d: EvalDoc) => SuggestResult): string {
  const hasLine = (s: SuggestResult['suggestions'][number]): boolean => s.evidence.some((e) => e.kind === 'keyword');
  let suggested = 0;
  let withLine = 0;
  let right = 0;
  let rightWithLine = 0;
  for (const d of docs) {
    const { suggestions } = suggest(d);
    if (suggestions.length === 0) continue;
    suggested++;
    if (suggestions.some(hasLine)) withLine++;
    if (d.primary !== null && suggestions[0]!.pattern === d.primary) {
      right++;
      if (hasLine(suggestions[0]!)) rightWithLine++;
    }
  }
  return `${title}: of ${suggested} documents that get a suggestion, ${withLine} show at least one keyword line; ` +
    `of ${right} whose first suggestion is the labelled primary, ${rightWithLine} show a keyword line for it`;
}
