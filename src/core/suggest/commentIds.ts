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
import { NO_DEEP_DIVES_ID, UNCHECKED_IDS_ID } from './commentText';
import type { CharacterSpan, MalformedComment, NamedId } from './ignoreComments';
import type { ColumnSpan, MalformedReviewComment, UnknownCommentId } from './types';

/** How close a known id must be to be proposed (content/suggest/commentIds.json explains each field). */
export interface NearestIdRule {
  /** Single-character edits at most. */
  readonly maxEdits: number;
  /** One edit allowed for every this many characters of the word. */
  readonly charsPerEdit: number;
}

export const NEAREST_ID_RULE: NearestIdRule = { maxEdits: commentIdsJson.maxEdits, charsPerEdit: commentIdsJson.charsPerEdit };

/** At most this many words are reported in one document, and as many malformed comments (content/suggest/commentIds.json, maxReported). */
export const MAX_REPORTED_IDS: number = commentIdsJson.maxReported;

/** The ids a comment may name, as a set to look words up in and in alphabetical order to pick the nearest from. */
export interface KnownIds {
  readonly ids: ReadonlySet<string>;
  readonly sorted: readonly string[];
}

export function knownIds(ids: Iterable<string>): KnownIds {
  const set = new Set(ids);
  return { ids: set, sorted: [...set].sort() };
}

/**
 * What each kind of comment may name, and the catalog's deep dives that no document is asked
 * (those under no pattern: a combination's): ids, so a word naming one is told so, not corrected.
 */
export type CommentIds = Readonly<Record<NamedId['comment'], KnownIds>> & { readonly deepDivesNotAsked: ReadonlySet<string> };

/**
 * The ids the comments may name in a document read with this catalog. An `sdp-ignore` comment:
 * its patterns and deep dives, the design checks of its patterns, `deep-dives`, and `unknown-id`
 * (no id of the document is checked). An `sdp-todo` marker keeps a question open: a deep dive or a
 * design check (a pattern's id there keeps nothing open).
 */
export function catalogCommentIds(index: Pick<CatalogIndex, 'patternIds' | 'deepDives' | 'checks' | 'nodes'>): CommentIds {
  const questions = [...index.deepDives.map((d) => d.id), ...index.checks.map((c) => c.check.id)];
  const asked = new Set(questions);
  const deepDivesNotAsked = new Set([...index.nodes.values()].filter((n) => n.kind === 'deep-dive' && !asked.has(n.id)).map((n) => n.id));
  return {
    'sdp-ignore': knownIds([...index.patternIds, ...questions, NO_DEEP_DIVES_ID, UNCHECKED_IDS_ID]),
    'sdp-todo': knownIds(questions),
    deepDivesNotAsked,
  };
}

/**
 * The words of `named` that are no id their comment may name, in their order, each with the
 * nearest such id when one is close: the first `max` of them (a comment of thousands of words is
 * not thousands of warnings).
 */
export function unknownCommentIds(named: readonly NamedId[], known: CommentIds, rule: NearestIdRule = NEAREST_ID_RULE, max: number = MAX_REPORTED_IDS): UnknownCommentId[] {
  const nearestOf = new Map<string, string | undefined>();
  const unknown: UnknownCommentId[] = [];
  for (const n of named) {
    if (unknown.length >= max) break;
    const ids = known[n.comment];
    if (ids.ids.has(n.id)) continue;
    const spans = n.separatorSpan ? { separatorSpan: columns(n.separatorSpan) } : {};
    const where = { id: n.id, text: n.written, line: n.line + 1, column: n.character + 1, comment: n.comment };
    if (known.deepDivesNotAsked.has(n.id)) {
      unknown.push({ ...where, deepDiveNotAsked: true, ...spans });
      continue;
    }
    // Keyed by the comment too: the two kinds of comment may name different ids.
    const key = `${n.comment} ${n.id}`;
    if (!nearestOf.has(key)) nearestOf.set(key, nearestKnownId(n.id, ids, rule));
    const nearest = nearestOf.get(key);
    unknown.push({ ...where, ...(nearest !== undefined ? { nearest } : {}), ...spans });
  }
  return unknown;
}

/** The comments that do nothing for their form, as the result carries them: the first `max`, 1-based. */
export function malformedComments(malformed: readonly MalformedComment[], max: number = MAX_REPORTED_IDS): MalformedReviewComment[] {
  return malformed.slice(0, max).map((m) => ({ kind: m.kind, text: m.written, line: m.line + 1, column: m.character + 1 }));
}

/** 0-based characters, end exclusive, as the result's 1-based columns. */
function columns(span: CharacterSpan): ColumnSpan {
  return { column: span.start + 1, endColumn: span.end + 1 };
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
