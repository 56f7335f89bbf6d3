// Bundled on its own as dist/lazy/suggestWorker.web.js: the Web Worker that runs the suggest
// engine on one large document in the browser, so the web worker extension host stays
// responsive (see ../env/web.ts). The Node build uses suggestWorker.ts, a worker thread.
import { parseCatalogJson } from '../../core/catalog/catalogJson';
import { suggestWithOutline } from '../../core/review/suggestWithOutline';
import { createSuggestEngine, isSuggestMessages, type SuggestOptions } from '../../core/suggest';
import { WORKER_STARTED } from '../env/types';

interface Job { readonly catalogJson: string; readonly text: string; readonly options: SuggestOptions; readonly messages?: unknown }

/** The worker's global scope, as far as this file uses it (type-checked without the WebWorker library). */
const scope = globalThis as unknown as {
  onmessage: ((event: { data: Job }) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = ({ data: job }) => {
  try {
    // The localised reasons come with the job; a job without a well-formed table gets English ones.
    const messages = isSuggestMessages(job.messages) ? job.messages : undefined;
    const engine = createSuggestEngine(parseCatalogJson(job.catalogJson), messages);
    // The outline (the headings only; `npm run bench` prints its serialised size) is read off the
    // engine's own parse and sent with the result, so the host parses nothing for it.
    const { result, outline } = suggestWithOutline(engine, job.text, job.options);
    scope.postMessage({ ok: true, result, outline });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};

// The script has loaded: a failure from here on is mid-analysis, not a failed start.
scope.postMessage(WORKER_STARTED);
