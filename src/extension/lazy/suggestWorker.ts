// Bundled on its own as dist/lazy/suggestWorker.js: a worker thread that runs the suggest engine
// on one large document, so the extension host stays responsive (see ../suggest/offThreadAnalysis.ts).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseCatalogJson } from '../../core/catalog/catalogJson';
import { createSuggestEngine, type SuggestOptions } from '../../core/suggest';

interface Job { readonly catalogPath: string; readonly text: string; readonly options: SuggestOptions }

const job = workerData as Job;
try {
  const engine = createSuggestEngine(parseCatalogJson(readFileSync(job.catalogPath, 'utf8')));
  parentPort?.postMessage({ ok: true, result: engine.suggest(job.text, job.options) });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
