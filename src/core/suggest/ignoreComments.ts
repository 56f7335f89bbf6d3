/**
 * `<!-- sdp-ignore: id, id -->` comments: a writer's way to say "not this pattern" or "not this
 * question" for one document. An id is a pattern id (`contention`: the suggestion, its evidence,
 * its findings and its questions go) or a deep-dive id (`realtime-updates/reconnection`: that open
 * question goes). The engine reads them before analysis, blanks them (so their words are no
 * evidence and no line or column moves), and drops what they name after scoring.
 * docs/in-document-review.md documents the comment for writers.
 */

/** The comment, anywhere in the text; ids separated by commas or spaces. */
const IGNORE_COMMENT = /<!--[ \t]*sdp-ignore[ \t]*:([^\n]*?)-->/gi;
const ID = /^[a-z0-9][a-z0-9._/-]*$/;

export interface IgnoreComment {
  /** 0-based line of the comment. */
  readonly line: number;
  readonly ids: readonly string[];
}

export interface IgnoredIds {
  /** Every id named by a comment, lowercased. */
  readonly ids: ReadonlySet<string>;
  readonly comments: readonly IgnoreComment[];
  /** The text with each comment replaced by spaces: same length, same lines. */
  readonly text: string;
}

export function readIgnoreComments(text: string): IgnoredIds {
  const ids = new Set<string>();
  const comments: IgnoreComment[] = [];
  if (!/sdp-ignore/i.test(text)) return { ids, comments, text };
  let line = 0;
  let counted = 0;
  const blanked = text.replace(IGNORE_COMMENT, (whole: string, list: string, offset: number) => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    const named = list.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter((s) => ID.test(s));
    named.forEach((id) => ids.add(id));
    comments.push({ line, ids: named });
    return whole.replace(/[^\n]/g, ' ');
  });
  return { ids, comments, text: blanked };
}

/** The comment that ignores `id`, as a line of its own. */
export function ignoreCommentFor(id: string): string {
  return `<!-- sdp-ignore: ${id} -->`;
}
