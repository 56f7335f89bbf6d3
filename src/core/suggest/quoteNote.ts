import type { Suggestion } from './types';

/**
 * What a suggestion's quoted evidence leaves unsaid, which every front end (the Design Review tree,
 * the quick pick, the copied review, the CLI's text) says in its own words so that an absence reads
 * as deliberate; the JSON output says nothing more.
 *
 * - `noLine`: it quotes nothing: it has no figure past a limit (those are shown at any score), and
 *   either its score allows no keyword line (below 0.5, or a runner-up under the trained threshold:
 *   content/suggest/explain.json) or no line was specific and sure enough.
 * - `figuresOnly`: it quotes figures past a limit but no keyword line. Its score may allow none, its
 *   figures, which come first, may take every place its score allows, or no line was sure enough.
 */
export type QuoteNote = 'noLine' | 'figuresOnly';

/**
 * Where each note stands among the quoted lines: instead of them (there are none), or after them as
 * a paragraph of its own. A front end places a note by this table, so a new note must say where it
 * goes (the table is typed by every note) and cannot be left out by a front end's own test.
 */
export const QUOTE_NOTE_PLACE: Readonly<Record<QuoteNote, 'insteadOfLines' | 'afterLines'>> = {
  noLine: 'insteadOfLines',
  figuresOnly: 'afterLines',
};

export function quoteNote(suggestion: Pick<Suggestion, 'evidence'>): QuoteNote | undefined {
  if (suggestion.evidence.length === 0) return 'noLine';
  return suggestion.evidence.every((e) => e.kind === 'number') ? 'figuresOnly' : undefined;
}
