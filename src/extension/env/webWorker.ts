import type { SuggestJob, SuggestReply, SuggestWorker } from './types';

/**
 * The Web Worker side of env/web.ts, with no `vscode` import so the unit tests can drive it with a
 * fake Worker class: starting a worker (or answering undefined when the browser cannot), passing it
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
 * Starts a worker from `scriptUrl` and posts it the job. Undefined when `WorkerClass` is missing or
 * its constructor throws (a browser or host policy that refuses workers, or a bad URL): the caller
 * then analyses on its own thread.
 */
export function startWebSuggestWorker(
  WorkerClass: WebWorkerConstructor | undefined, scriptUrl: string, job: SuggestJob & { catalogJson: string },
): SuggestWorker | undefined {
  if (typeof WorkerClass !== 'function') return undefined;
  let worker: WebWorker;
  try {
    worker = new WorkerClass(scriptUrl, { name: 'sdp-suggest' });
  } catch {
    return undefined;
  }
  return webSuggestWorker(worker, job);
}

/**
 * Wraps a started Web Worker. A failure (`onerror`: the script did not load, or it crashed) is
 * reported to the failure listener, which offThreadAnalysis turns into "no worker".
 */
export function webSuggestWorker(worker: WebWorker, job: SuggestJob & { catalogJson: string }): SuggestWorker {
  let replyListener: ((reply: SuggestReply) => void) | undefined;
  let failureListener: (() => void) | undefined;
  // A failure before the listener is attached is kept for it (onerror can fire early).
  let failed = false;
  worker.onmessage = (event) => replyListener?.(event.data as SuggestReply);
  worker.onerror = () => {
    failed = true;
    failureListener?.();
  };
  try {
    worker.postMessage(job);
  } catch {
    // The job could not be sent (a structured-clone failure): no answer will come.
    failed = true;
  }
  return {
    onReply: (listener) => (replyListener = listener),
    onFailure: (listener) => {
      failureListener = listener;
      if (failed) listener();
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

  /** Undefined once disposed (the extension is being deactivated): the caller then starts no worker. */
  async get(): Promise<{ scriptUrl: string; catalogJson: string } | undefined> {
    if (this.disposed) return undefined;
    const files = (this.files ??= this.read().then(({ script, catalogJson }) => {
      // Deactivated while reading: dispose() revokes this URL as soon as it exists.
      return { scriptUrl: this.urls.createObjectURL(this.makeBlob(script)), catalogJson };
    }));
    files.catch(() => {
      if (this.files === files) this.files = undefined;
    });
    return files;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const files = this.files;
    this.files = undefined;
    files?.then(({ scriptUrl }) => this.urls.revokeObjectURL(scriptUrl), () => undefined);
  }
}
