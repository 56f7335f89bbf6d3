/**
 * The text of the comments a writer leaves for the review (`<!-- sdp-ignore: ... -->`,
 * `<!-- sdp-todo: ... -->`): the ids and the builders, and nothing that reads a document.
 *
 * This module imports nothing on purpose. The extension's activation bundle (dist/extension.js)
 * names the comment in its messages, and reading the comments (ignoreComments.ts) needs the
 * engine's block parse and markdown-it, which load on first use (src/extension/lazyModules.ts,
 * docs/platform-seam.md). test/unit/web/activationBundle.test.ts fails if activation pulls them in.
 */

/**
 * The id an `sdp-ignore` comment names to turn the deep dives off in one document
 * (`<!-- sdp-ignore: deep-dives -->`): what the setting `suggest.deepDiveQuestions` does for a folder.
 */
export const NO_DEEP_DIVES_ID = 'deep-dives';

/**
 * The id an `sdp-ignore` comment names to have no id of its document checked
 * (`<!-- sdp-ignore: unknown-id -->`): for a document written against another version of the
 * catalog. It is also the code of the warning it silences (the Problems, SARIF).
 */
export const UNCHECKED_IDS_ID = 'unknown-id';

/**
 * The start of an `sdp-ignore` comment, anywhere in the text; ids follow, separated by commas or
 * spaces, up to `-->` on the same line. `<!---` opens a comment too (HTML reads the third dash as
 * the comment's text, and some writers use it): it is obeyed as the two-dash form is.
 */
export const COMMENT_OPEN = '<!---*[ \\t]*';
export const IGNORE_OPEN = new RegExp(`${COMMENT_OPEN}sdp-ignore[ \\t]*:`, 'gi');

/**
 * White space that keeps to one line, as a regex character class: what may stand between an
 * `sdp-todo` marker's opener and its id (`\\s` as JavaScript reads it, a no-break space too, but no
 * line feed or carriage return). The reader (ignoreComments.ts) and the worker-result check
 * (resultCheck.ts) both build on it, so the check accepts the spans the reader gives.
 */
export const SPACE_ON_LINE = '[^\\S\\r\\n]';

/** The comment that ignores `id`, as a line of its own. */
export function ignoreCommentFor(id: string): string {
  return `<!-- sdp-ignore: ${id} -->`;
}

/**
 * The marker that keeps `id` open, with prompt lines inside it. A prompt cannot end the comment
 * early: any `--` in it becomes a dash.
 */
export function todoCommentFor(id: string, prompts: readonly string[]): string {
  // A `--` could end the comment early, and a lone backtick could open a code span (as the engine's
  // parse reads the marker's text) that runs over a real comment further on.
  return [`<!-- sdp-todo: ${id}`, ...prompts.map((p) => p.replace(/--+/g, '–').replace(/`/g, "'")), '-->'].join('\n');
}
