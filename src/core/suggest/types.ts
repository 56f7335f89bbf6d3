/** Result and option types of the suggest engine. Everything here is plain JSON-serialisable data. */

export interface SuggestOptions {
  /** Characters analysed at most; the rest is ignored and `truncated` says so. Default 10,000,000. */
  readonly maxChars?: number;
  /**
   * Lowest score (0..1) the best pattern needs for the document to get any suggestion; the other
   * patterns are then listed while they score at least `minScore × alsoListedRatio` (trained, in
   * `content/suggest/weights.generated.json`). Default: the threshold the scorer was trained with.
   * The score compared is the score shown.
   */
  readonly minScore?: number;
  /** Suggestions returned at most. Default 5. */
  readonly maxSuggestions?: number;
  /** Evidence items kept per suggestion. Default 8. */
  readonly maxEvidence?: number;
  /**
   * Whether open questions include the catalog's deep dives (interview scenarios). Default true.
   * False asks design checks only (a deep dive an `sdp-todo` marker keeps open is still asked): for
   * RFCs and design proposals, where the writer knows the document is not an interview answer. A
   * document can turn them off for itself with `<!-- sdp-ignore: deep-dives -->`.
   */
  readonly deepDives?: boolean;
  /**
   * The text is the first part of a longer document, cut by the caller (the editor copies out only
   * the part within its size limit): a review comment that runs to the text's end may end past it,
   * so it is not reported as malformed (`malformedComments`). Text cut here, at `maxChars`, counts
   * as such without it. Default false.
   */
  readonly textIsPrefix?: boolean;
}

/** One line-and-span of the document that counted for a pattern. Lines and columns are 1-based. */
export interface Evidence {
  readonly line: number;
  readonly column: number;
  /** The exact text of the span (for numbers, the figure as written). */
  readonly text: string;
  readonly reason: string;
  /** What kind of signal it was. */
  readonly kind: 'keyword' | 'number';
  /**
   * The span's share (0..1) of the pattern's catalog evidence and limit findings. It ranks the
   * evidence; the score itself also rests on text similarity and learned words, which no single
   * span carries.
   */
  readonly weight: number;
  /** The catalog node the span points to: a solution's full id, or the pattern's. */
  readonly target?: string;
  /** Figures: the limit it was compared with, in the grammar of `limits:` ("writes/s > 10,000"). */
  readonly limit?: string;
}

export interface Suggestion {
  readonly pattern: string;
  readonly title: string;
  /** 0..1: the scorer's probability that the document needs the pattern. Suggestions are sorted by it. */
  readonly score: number;
  /** Full solution ids worth considering first, best first. */
  readonly solutions: readonly string[];
  readonly evidence: readonly Evidence[];
  /**
   * The document's words that raised the score most through the learned text model, strongest
   * first, lower-cased (scoreWords.ts; at most content/suggest/explain.json `scoreWords.shown`).
   * Empty when no word's share is large enough, or when the text model lowered the score overall. The lines are the catalog's phrases;
   * these are what the learned part of the score read.
   */
  readonly words: readonly string[];
}

export type NumberKind = 'rate' | 'count' | 'size' | 'duration' | 'ratio';
export type NumberSubject = 'reads' | 'writes' | 'requests' | 'users' | 'items' | 'objects' | 'storage' | 'task' | 'other';

/** A figure the document states, normalised. */
export interface NumberFact {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly kind: NumberKind;
  readonly subject: NumberSubject;
  /** Counts: the count. Sizes: bytes. Durations: seconds. Rates: events per second (average). Ratios: reads per write. */
  readonly value: number;
  /** Rates only: the peak per second (stated, or the average times the guide's peak factor). */
  readonly peakPerSecond?: number;
  /** Counts: stated as simultaneous ("at once", "concurrent"). */
  readonly concurrent?: boolean;
  /** Durations only: the work ran into this limit and was cut off ("times out after 30 seconds"). */
  readonly timedOut?: boolean;
  /** Human-readable normalisation ("500M reads/day ≈ 5,787/s average"). */
  readonly normalized: string;
}

export interface OpenQuestion {
  readonly pattern: string;
  /** Full id of the deep dive, or of the design check (`<pattern>/check-<slug>`, content/suggest/checks.json). */
  readonly id: string;
  /** A short title: the deep dive's, or the check's. */
  readonly title: string;
  /** The catalog entry whose card answers the question: the deep dive itself, or the check's card. */
  readonly card: string;
  readonly question: string;
  /** Why it is asked ("the doc relies on WebSockets and says nothing of reconnecting"). */
  readonly reason: string;
  /** 1-based line the question concerns (where the doc relies on the solution), when there is one. */
  readonly line?: number;
}

export interface CombinationMatch {
  readonly id: string;
  readonly title: string;
  readonly patterns: readonly string[];
  /** 0..1: how many of its patterns are suggested, weighted by their scores. */
  readonly score: number;
}

export interface SuggestResult {
  readonly suggestions: readonly Suggestion[];
  readonly numbers: readonly NumberFact[];
  readonly openQuestions: readonly OpenQuestion[];
  readonly combinations: readonly CombinationMatch[];
  /** Set when the text was longer than `maxChars`; only the first part was analysed. */
  readonly truncated?: { readonly analysedChars: number; readonly totalChars: number; readonly message: string };
  /** Set when no deep dive was asked (but those a marker keeps open): what turned them off, and what that changed (deepDivesOff.ts). */
  readonly deepDivesOff?: DeepDivesOff;
  /**
   * Set when a review comment (`sdp-ignore`, `sdp-todo`) names a word that is no id the engine
   * knows, so it hides nothing (or keeps no question open): each such word, in document order
   * (commentIds.ts). Suggestions and questions are the same with or without it.
   */
  readonly unknownIds?: readonly UnknownCommentId[];
  /**
   * Set when a review comment does nothing for its form: an `sdp-ignore` comment not closed on its
   * line, an `sdp-todo` marker naming no id on its opening line, not closed at all, or starting inside
   * a line of text and closed only past its paragraph; in document order
   * (ignoreComments.ts). Suggestions and questions are the same with or without it.
   */
  readonly malformedComments?: readonly MalformedReviewComment[];
  /**
   * Set when an `sdp-todo` marker names a known question the review does not ask of this document,
   * so it keeps nothing open (idleTodos.ts): each such marker, in document order, with why.
   */
  readonly idleTodos?: readonly IdleTodo[];
}

/**
 * An `sdp-todo` marker that keeps nothing open though its id is a question's. `reason`:
 * `solution-not-named`, the question is about `solutions`, none of which the document names;
 * `pattern-not-suggested`, it is asked only under `patterns`, none of which the review is sure of;
 * `ignored`, an `sdp-ignore` comment names it too (or the check or deep dive that is the same question, or its pattern); `not-asked`, the review does not ask it here.
 */
export interface IdleTodo {
  readonly id: string;
  /** 1-based line and column of the marker's `<!--`. */
  readonly line: number;
  readonly column: number;
  /**
   * Where it is reported, as written from `column` on its first line: its opener, white space on
   * the line and its id (`<!-- sdp-todo: contention/deadlocks`; ignoreComments.ts `TodoComment.text`).
   */
  readonly text: string;
  readonly reason: 'solution-not-named' | 'pattern-not-suggested' | 'ignored' | 'not-asked';
  /** Ids of the solutions the question is about (`solution-not-named`), as a suggestion's `solutions` holds them. */
  readonly solutions?: readonly string[];
  /** Their titles, in the same order. */
  readonly solutionTitles?: readonly string[];
  /** Ids of the patterns it is asked under (`pattern-not-suggested`). */
  readonly patterns?: readonly string[];
  /** Their titles, in the same order. */
  readonly patternTitles?: readonly string[];
}

/** A review comment that does nothing for its form, at its opener (`<!-- sdp-ignore:`, `<!-- sdp-todo:`) as written. */
export interface MalformedReviewComment {
  /**
   * `ignore-not-closed`: an sdp-ignore comment with no `-->` on its line; `todo-names-nothing`: an
   * sdp-todo marker with no id right after its colon; `todo-not-closed`: an sdp-todo marker with no
   * `-->` after it; `todo-ends-past-paragraph`: one that starts inside a line of text and whose
   * first `-->` comes after its paragraph, heading or table row (a preview shows it as text);
   * `todo-comment-before-id`: one in which another comment (`<!--`) opens right after its colon,
   * before any id, so that a preview ends it at that comment's `-->` and shows its id as text.
   * Neither `-not-closed` kind is reported when the text was cut (`textIsPrefix`) and the comment
   * runs to the cut.
   */
  readonly kind: 'ignore-not-closed' | 'todo-names-nothing' | 'todo-not-closed' | 'todo-ends-past-paragraph' | 'todo-comment-before-id';
  /** The opener as written, through its colon. */
  readonly text: string;
  /** 1-based line and column of its `<!--`. */
  readonly line: number;
  readonly column: number;
}

/**
 * A word a review comment names where an id belongs that is no id that comment may name: for
 * `sdp-ignore` a pattern, deep-dive or design-check id, or `deep-dives`; for `sdp-todo` a deep-dive
 * or design-check id.
 */
export interface UnknownCommentId {
  /** The word lowercased, as the engine compared it. */
  readonly id: string;
  /** The word as written: the text at `line`, `column` (its case kept). */
  readonly text: string;
  /** 1-based line and column (UTF-16 code units) of its first character, as for evidence. */
  readonly line: number;
  readonly column: number;
  /** The comment that names it. */
  readonly comment: 'sdp-ignore' | 'sdp-todo';
  /** The known id the writer most likely meant, when one is close enough (content/suggest/commentIds.json). */
  readonly nearest?: string;
  /**
   * Set when the word is a deep dive of the catalog that no document is asked (one under no
   * pattern, such as a combination's): naming it hides nothing, though it is an id.
   */
  readonly deepDiveNotAsked?: true;
  /**
   * Of an `sdp-ignore` comment's word that is not its only one: the commas and white space that
   * part it from the next word (from the previous one, for the last word), which the "Remove" fix
   * takes out with it. Absent for a comment's only word: no "Remove" is offered for it.
   */
  readonly separatorSpan?: ColumnSpan;
}

/** Characters of one line: 1-based `column` of the first, `endColumn` one past the last. */
export interface ColumnSpan {
  readonly column: number;
  readonly endColumn: number;
}

/** What turned the deep dives off: the option (`SuggestOptions.deepDives: false`), or the document's `<!-- sdp-ignore: deep-dives -->`. */
export type DeepDivesOffBy = 'option' | 'comment';

export interface DeepDivesOff {
  /** What turned them off: one or both, option first. */
  readonly by: readonly DeepDivesOffBy[];
  /** How many open questions the document would show with deep dives on (compare `openQuestions.length`). */
  readonly questionsWithDeepDives: number;
  /** How many of those are deep dives not shown now (the design checks may have taken their places). */
  readonly deepDivesNotAsked: number;
}

export interface SuggestEngine {
  suggest(text: string, options?: SuggestOptions): SuggestResult;
}
