/**
 * Reads what an analysis worker posted as its answer, trusting nothing: the value crossed a thread
 * and is checked before the review uses it. A well-formed answer gives the engine's result and the
 * outline; a well-formed failure gives the engine's own message; anything else is malformed, with a
 * reason for the log (offThreadAnalysis then analyses on the calling thread, as for a worker that
 * stopped mid-analysis). Never throws. Imports no parser and no engine, so the extension's main
 * bundle can read a reply.
 */
import { isDocumentOutline } from '../../core/review/outlineCheck';
import type { SuggestionsAndOutline } from '../../core/review/suggestWithOutline';
import { isSuggestResult } from '../../core/suggest/resultCheck';

export type WorkerReply =
  | { readonly kind: 'answer'; readonly answer: SuggestionsAndOutline }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'malformed'; readonly reason: string };

export function readWorkerReply(reply: unknown): WorkerReply {
  try {
    if (typeof reply !== 'object' || reply === null) return malformed(`the worker's reply is not an object (${kindOf(reply)})`);
    const r = reply as Record<string, unknown>;
    // A failure without its words: analysed again on the calling thread, which says what went wrong.
    if (r.ok === false) return typeof r.message === 'string' && r.message !== '' ? { kind: 'error', message: r.message } : malformed('the worker reported a failure without a message');
    if (r.ok !== true) return malformed(`the worker's reply says neither ok: true nor ok: false (ok is ${kindOf(r.ok)})`);
    if (!isSuggestResult(r.result)) return malformed('the worker answered without a well-formed result');
    if (!isDocumentOutline(r.outline)) return malformed('the worker answered without a well-formed outline');
    return { kind: 'answer', answer: { result: r.result, outline: r.outline } };
  } catch (error) {
    // A value with a getter that throws (none crosses a thread, but a reply is not trusted).
    return malformed(`the worker's reply could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function malformed(reason: string): WorkerReply {
  return { kind: 'malformed', reason };
}

/** What a value is, for a reason in the log: its type, or null, or array (a few words, the same for every such reply). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
