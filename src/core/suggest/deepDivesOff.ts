/**
 * What the result records when deep dives were off (`SuggestResult.deepDivesOff`), and what the
 * front ends say of it. Deep dives are off by the option (`SuggestOptions.deepDives: false`: the
 * setting `suggest.deepDiveQuestions` in the editor, `--no-deep-dives` on the command line) or by
 * the document's own `<!-- sdp-ignore: deep-dives -->` comment (`NO_DEEP_DIVES_ID`), or by both.
 * The engine also counts the questions the document would show with deep dives on, so a review
 * can say that turning them off left it with no open question, or fewer.
 */
import type { DeepDivesOff, DeepDivesOffBy, OpenQuestion, SuggestResult } from './types';

/** What turned the deep dives off, in the order option, comment; empty when they are on. */
export function deepDivesOffBy(option: boolean | undefined, comment: boolean): DeepDivesOffBy[] {
  return [...(option === false ? ['option' as const] : []), ...(comment ? ['comment' as const] : [])];
}

/**
 * The record of deep dives turned off: `shown` is what the document shows now, `withDeepDives`
 * what it would show with them on (the same document, ignore comments and markers).
 */
export function deepDivesOffRecord(by: readonly DeepDivesOffBy[], shown: readonly OpenQuestion[], withDeepDives: readonly OpenQuestion[]): DeepDivesOff {
  const now = new Set(shown.map((q) => q.id));
  return {
    by: [...by],
    questionsWithDeepDives: withDeepDives.length,
    // A design check's id is `<pattern>/check-<slug>` (content/suggest/checks.json); every other question is a deep dive.
    deepDivesNotAsked: withDeepDives.filter((q) => !q.id.includes('/check-') && !now.has(q.id)).length,
  };
}

/** Which sentence a review says: no question left, or fewer; and whether the option, the comment or both turned them off. */
export type DeepDivesOffNote = `${'none' | 'fewer'}-${'option' | 'comment' | 'both'}`;

/**
 * What a review says of deep dives turned off, or undefined when they were on or turning them off
 * cost the document no question (the design checks took every place the deep dives left).
 * `shown` and `withDeepDives` count the open questions now and with deep dives on.
 */
export function deepDivesOffNote(result: Pick<SuggestResult, 'openQuestions' | 'deepDivesOff'>): { note: DeepDivesOffNote; shown: number; withDeepDives: number } | undefined {
  const off = result.deepDivesOff;
  const shown = result.openQuestions.length;
  if (!off || off.by.length === 0 || off.questionsWithDeepDives <= shown) return undefined;
  const cause = off.by.length > 1 ? 'both' : off.by[0]!;
  return { note: `${shown === 0 ? 'none' : 'fewer'}-${cause}`, shown, withDeepDives: off.questionsWithDeepDives };
}
