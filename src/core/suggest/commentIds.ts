/**
 * The ids a writer names in the review's comments, checked against the ids the engine knows. A
 * mistyped id (`contension`, `realtime-updates/reconection`) hides nothing and keeps no question
 * open, while the writer believes it does: each such word is reported where it is written, with
 * the known id the writer most likely meant when one is close (content/suggest/commentIds.json).
 * The comments are read by ignoreComments.ts (which skips those inside code); this file only
 * compares words with ids.
 */
import commentIdsJson from '../../../content/suggest/commentIds.json';
import { editDistance } from '../text/editDistance';
import type { CatalogIndex } from './catalogIndex';
import { NO_DEEP_DIVES_ID } from './commentText';
import type { NamedId } from './ignoreComments';
import { CHECKS } from './lexicon';
import type { UnknownCommentId } from './types';

/** How close a known id must be to be proposed (content/suggest/commentIds.json explains each field). */
export interface NearestIdRule {
  /** Single-character edits at most. */
  readonly maxEdits: number;
  /** One edit allowed for every this many characters of the word. */
  readonly charsPerEdit: number;
}

export const NEAREST_ID_RULE: NearestIdRule = { maxEdits: commentIdsJson.maxEdits, charsPerEdit: commentIdsJson.charsPerEdit };

/** The ids a comment may name, as a set to look words up in and in alphabetical order to pick the nearest from. */
export interface KnownIds {
  readonly ids: ReadonlySet<string>;
  readonly sorted: readonly string[];
}

export function knownIds(ids: Iterable<string>): KnownIds {
  const set = new Set(ids);
  return { ids: set, sorted: [...set].sort() };
}

/** What each kind of comment may name. */
export type CommentIds = Readonly<Record<NamedId['comment'], KnownIds>>;

/**
 * The ids the comments may name in a document read with this catalog. An `sdp-ignore` comment:
 * its patterns and deep dives, the design checks, and `deep-dives`. An `sdp-todo` marker keeps a
 * question open: a deep dive or a design check (a pattern's id there keeps nothing open).
 */
export function catalogCommentIds(index: Pick<CatalogIndex, 'patternIds' | 'deepDives'>): CommentIds {
  const questions = [...index.deepDives.map((d) => d.id), ...CHECKS.map((c) => c.id)];
  return { 'sdp-ignore': knownIds([...index.patternIds, ...questions, NO_DEEP_DIVES_ID]), 'sdp-todo': knownIds(questions) };
}

/** The words of `named` that are no id their comment may name, in their order, each with the nearest such id when one is close. */
export function unknownCommentIds(named: readonly NamedId[], known: CommentIds, rule: NearestIdRule = NEAREST_ID_RULE): UnknownCommentId[] {
  const nearestOf = new Map<string, string | undefined>();
  const unknown: UnknownCommentId[] = [];
  for (const n of named) {
    const ids = known[n.comment];
    if (ids.ids.has(n.id)) continue;
    const key = `${n.comment} ${n.id}`;
    if (!nearestOf.has(key)) nearestOf.set(key, nearestKnownId(n.id, ids, rule));
    const nearest = nearestOf.get(key);
    unknown.push({
      id: n.id, text: n.written, line: n.line + 1, column: n.character + 1, comment: n.comment,
      ...(nearest !== undefined ? { nearest } : {}),
    });
  }
  return unknown;
}

/**
 * The known id closest to `word` (lowercased), if it is within the rule's edits; else the one id
 * whose last part (after its `/`) is the word, for a deep dive or check named without its pattern.
 */
export function nearestKnownId(word: string, known: KnownIds, rule: NearestIdRule = NEAREST_ID_RULE): string | undefined {
  const allowed = Math.min(rule.maxEdits, Math.floor(word.length / rule.charsPerEdit));
  let best: string | undefined;
  let bestEdits = allowed + 1;
  for (const id of known.sorted) {
    // The lengths alone say when an id is too far: no distance to compute.
    if (Math.abs(id.length - word.length) >= bestEdits) continue;
    const edits = editDistance(word, id);
    if (edits < bestEdits) {
      best = id;
      bestEdits = edits;
    }
  }
  if (best !== undefined || word.includes('/')) return best;
  const byLastPart = known.sorted.filter((id) => id.endsWith(`/${word}`));
  return byLastPart.length === 1 ? byLastPart[0] : undefined;
}
