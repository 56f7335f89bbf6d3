import { isWorkerStarted, WorkerUnavailable, type SuggestJob, type SuggestWorker, type WorkerFailure } from './types';

/**
 * The Web Worker side of env/web.ts, with no `vscode` import so the unit tests can drive it with a
 * fake Worker class: starting a worker (or saying why the browser cannot), passing it
 * the job, and the blob: URL of its script, revoked when the extension is deactivated.
 */

/** The part of the Web Worker API this file uses (the extension is type-checked without the DOM library). */
export interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
export type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;

/**
 * The host's Web Worker class, looked up on `scope` (globalThis in the extension). Throws
 * WorkerUnavailable when there is none: the caller then logs the reason and analyses on its own
 * thread. The one place that checks; env/web.ts asks before it reads the worker's files.
 */
export function webWorkerClass(scope: object): WebWorkerConstructor {
  const WorkerClass = (scope as { Worker?: unknown }).Worker;
  if (typeof WorkerClass !== 'function') throw new WorkerUnavailable('this extension host offers no Web Worker');
  return WorkerClass as WebWorkerConstructor;
}

/**
 * Starts a worker from `scriptUrl` and posts it the job. Throws when the constructor does (a
 * browser or host policy that refuses workers, or a bad URL): the caller then logs the reason and
 * analyses on its own thread.
 */
export function startWebSuggestWorker(
  WorkerClass: WebWorkerConstructor, scriptUrl: string, job: SuggestJob & { catalogJson: string },
): SuggestWorker {
  return webSuggestWorker(new WorkerClass(scriptUrl, { name: 'sdp-suggest' }), job);
}

/**
 * Wraps a started Web Worker. A failure (`onerror`: the script did not load, or it crashed) is
 * reported to the failure listener, which offThreadAnalysis logs and turns into "no worker". The
 * script posts WORKER_STARTED first, so the failure says whether it ever ran.
 */
export function webSuggestWorker(worker: WebWorker, job: SuggestJob & { catalogJson: string }): SuggestWorker {
  let replyListener: ((reply: unknown) => void) | undefined;
  let failureListener: ((failure: WorkerFailure) => void) | undefined;
  let started = false;
  // A failure before the listener is attached is kept for it (onerror can fire early).
  let failed: WorkerFailure | undefined;
  const fail = (reason: string, stage: WorkerFailure['stage'] = started ? 'analysis' : 'start'): void => {
    if (failed) return;
    failed = { stage, reason };
    failureListener?.(failed);
  };
  worker.onmessage = (event) => {
    if (isWorkerStarted(event.data)) started = true;
    else replyListener?.(event.data);
  };
  // A script that does not load gives an event with no message; an uncaught error, its own text.
  worker.onerror = (event) => fail(event.message || 'the Web Worker reported an error with no message (its script may not have loaded)');
  try {
    worker.postMessage(job);
  } catch (error) {
    // The job could not be sent (a structured-clone failure): no answer will come.
    fail(`the job could not be sent to the Web Worker: ${error instanceof Error ? error.message : String(error)}`, 'start');
  }
  return {
    onReply: (listener) => (replyListener = listener),
    onFailure: (listener) => {
      failureListener = listener;
      if (failed) listener(failed);
    },
    terminate: () => worker.terminate(),
  };
}

/** URL.createObjectURL and revokeObjectURL, as far as this file uses them. */
export interface ObjectUrls {
  createObjectURL(blob: unknown): string;
  revokeObjectURL(url: string): void;
}

/**
 * The worker's script (as a blob: URL) and the catalog, read once by `read` and kept until
 * `dispose`, which revokes the URL. Not revoked right after `new Worker`: VS Code's web host
 * patches Worker and may load the URL later. A failed read is not kept: the next large document
 * tries again.
 */
export class WorkerFiles {
  private files: Promise<{ scriptUrl: string; catalogJson: string }> | undefined;
  private disposed = false;

  constructor(
    private readonly read: () => Promise<{ script: string; catalogJson: string }>,
    private readonly urls: ObjectUrls,
    private readonly makeBlob: (script: string) => unknown,
  ) {}

  /**
   * Undefined once disposed (the extension is being deactivated), also when that happened during
   * the read (the URL is then revoked) or the read failed after it: the caller then starts no worker.
   */
  async get(): Promise<{ scriptUrl: string; catalogJson: string } | undefined> {
    if (this.disposed) return undefined;
    const files = (this.files ??= this.read().then(({ script, catalogJson }) => {
      // Deactivated while reading: dispose() revokes this URL as soon as it exists.
      return { scriptUrl: this.urls.createObjectURL(this.makeBlob(script)), catalogJson };
    }));
    files.catch(() => {
      if (this.files === files) this.files = undefined;
    });
    let found: Awaited<typeof files>;
    try {
      found = await files;
    } catch (error) {
      // Deactivated while reading: a failed read then means shutting down, not a broken worker.
      if (this.disposed) return undefined;
      throw error;
    }
    return this.disposed ? undefined : found;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const files = this.files;
    this.files = undefined;
    files?.then(({ scriptUrl }) => this.urls.revokeObjectURL(scriptUrl), () => undefined);
  }
}
