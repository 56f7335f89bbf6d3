import type * as vscode from 'vscode';
import type { DocumentOutline } from '../../core/review/outline';
import type { SuggestResult } from '../../core/suggest';

/** What the engine found in one version of one document. */
export interface DocumentReview {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** The name to show: the file name, or "Untitled-1". */
  readonly name: string;
  readonly result: SuggestResult;
  /**
   * The headings of the text analysed, read off the engine's own parse (on the worker, for a large
   * document): the in-document review takes them from here and parses nothing itself. The empty
   * outline when nothing was suggested (nothing reads it then) and for a binary document.
   */
  readonly outline: DocumentOutline;
  /** Titles of the catalog nodes the result points to (solutions, deep dives), by full id. */
  readonly titles: ReadonlyMap<string, string>;
  /** Set when the document was over the size limit and only its first part was analysed. */
  readonly truncation?: Truncation;
  /** Set when the document holds binary data rather than text; it was not analysed. */
  readonly binary?: boolean;
  /** Set when the document holds nothing but white space; it was not analysed. */
  readonly empty?: boolean;
  /** How long the engine took, in milliseconds; the controller waits longer between edits when it is slow. */
  readonly durationMs: number;
  /** Set when a worker analysed it (a document over 1 MB), away from the extension host's thread. */
  readonly offThread?: boolean;
}

export interface Truncation {
  readonly analysedChars: number;
  readonly totalChars: number;
  readonly limitMB: number;
}
