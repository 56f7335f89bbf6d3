// Bundled on its own as dist/lazy/suggestWorker.js: a worker thread that runs the suggest engine
// on one large document, so the extension host stays responsive (see ../suggest/offThreadAnalysis.ts).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseCatalogJson } from '../../core/catalog/catalogJson';
import { suggestWithOutline } from '../../core/review/suggestWithOutline';
import { createSuggestEngine, isSuggestMessages, type SuggestOptions } from '../../core/suggest';
import { WORKER_STARTED } from '../env/types';

interface Job { readonly catalogPath: string; readonly text: string; readonly options: SuggestOptions; readonly messages?: unknown }

const job = workerData as Job;
// First: the script has loaded, so a failure from here on is mid-analysis, not a failed start.
parentPort?.postMessage(WORKER_STARTED);
try {
  // The localised reasons come with the job; a job without a well-formed table gets English ones.
  const messages = isSuggestMessages(job.messages) ? job.messages : undefined;
  const engine = createSuggestEngine(parseCatalogJson(readFileSync(job.catalogPath, 'utf8')), messages);
  // The outline (the headings only; `npm run bench` prints its serialised size) is read off the
  // engine's own parse and sent with the result, so the host parses nothing for it.
  const { result, outline } = suggestWithOutline(engine, job.text, job.options);
  parentPort?.postMessage({ ok: true, result, outline });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
