import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/**
 * What a resume must match: the same file, unchanged, cut into the same parts. "Unchanged" means
 * the same size and modification time: cheap, but an edit that keeps both (a tool that restores
 * mtime) goes unnoticed; hash the file and save the digest here if that matters.
 */
export interface UploadProgress {
  fileSize: number;
  fileMtimeMs: number;
  partSize: number;
  parts: UploadedPart[];
}

/**
 * The server side of the upload: it starts the S3 multipart upload and presigns each part. Pass
 * `signal` on to the request (fetch(url, { signal })) so a call past its deadline is cancelled;
 * one that ignores it is abandoned at the deadline all the same.
 */
export interface MultipartBackend {
  partUrl(uploadId: string, partNumber: number, signal: AbortSignal): Promise<string>;
  complete(uploadId: string, parts: UploadedPart[], signal: AbortSignal): Promise<void>;
}

/** Where progress is remembered between runs (a JSON file, IndexedDB, a table). */
export interface ProgressStore {
  load(uploadId: string): Promise<UploadProgress | null>;
  save(uploadId: string, progress: UploadProgress): Promise<void>;
}

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The most one file read asks for. Linux returns at most 2,147,479,552 bytes per read, and Node 20
 * (20.20, checked 2026) aborts the whole process on a read length of 2^31 or more, so a part of
 * 2 GiB or more is read in pieces.
 */
const READ_CHUNK = 2 ** 30;

/**
 * Uploads `filePath` as a multipart upload to presigned part URLs, resuming if some parts were
 * already sent. A resume refuses (throws) when the file changed or the part size differs from the
 * saved progress: mixing parts of two cuttings or two versions would build a corrupt object; abort
 * that upload and start a new one. Each part carries Content-MD5, so S3 rejects bytes damaged in
 * transit, and a short read (the file shrank) fails the part instead of sending garbage.
 * S3 parts are 5 MiB to 5 GiB (the last may be smaller), at most 10,000 per upload, so a 1 TB
 * file needs parts of at least ~100 MiB; a smaller partSize is refused up front (S3 would accept
 * every part and reject only the complete call), and so is a part over maxPartSize (5 GiB) or over
 * the largest Buffer this Node allows (4 GiB on Node 20). Lower minPartSize only for a store that
 * allows it. Each part in flight is held in memory: up to partSize x concurrency bytes.
 * Each part request times out after partTimeoutMs, so a stalled connection is retried, not waited
 * on forever. A part's presign, PUT and progress save are tried up to `attempts` times; its file is
 * read once, before them, and a read that fails or comes up short fails the part for good at once
 * (the file changed or the disk failed: no retry mends it, and a rerun refuses a changed file). Once
 * a part has failed for good the run stops: the other parts' requests are cancelled and not retried,
 * and it rejects with that part's error; the parts sent stay, so a rerun resumes (to give up
 * instead, abort the upload with AbortMultipartUpload and delete the saved progress). Each call to the backend gets a deadline: backendTimeoutMs for presigning a part (one
 * that times out is retried with its part), completeTimeoutMs for completing, since S3 may take
 * several minutes to assemble a large object. A complete that times out fails the run, every part
 * saved, so a rerun sends only the complete; but the backend's own call to S3 may still have
 * finished (cancelling this request does not cancel that one), and a complete sent again for a
 * completed upload gets NoSuchUpload: the backend should then look for the object (HeadObject)
 * before anyone starts the upload over. Abort abandoned uploads with a bucket lifecycle rule, or
 * their parts are billed forever. Uploading from a server with AWS credentials, use
 * @aws-sdk/lib-storage's Upload instead.
 */
export async function ${1:uploadResumable}(
  filePath: string,
  uploadId: string,
  backend: MultipartBackend,
  progress: ProgressStore,
  {
    partSize = ${2:16 * 1024 * 1024},
    concurrency = ${3:4},
    attempts = 5,
    retryBaseMs = 500,
    partTimeoutMs = 5 * 60_000,
    backendTimeoutMs = 60_000,
    completeTimeoutMs = 15 * 60_000,
    minPartSize = 5 * 1024 * 1024,
    maxPartSize = 5 * 1024 ** 3,
  } = {},
): Promise<void> {
  // A concurrency of 0 or NaN would start no worker and complete the upload with only the parts
  // saved earlier: a truncated object. NaN attempts would retry a failing part forever.
  for (const [name, value] of Object.entries({ partSize, concurrency, attempts })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`\${name} must be a whole number of at least 1, got \${value}`);
  }
  // AbortSignal.timeout and setTimeout run a timeout past setTimeout's limit after 1 ms (each call
  // would fail), and AbortSignal.timeout refuses one of 2^32 ms or more.
  for (const [name, value] of Object.entries({ partTimeoutMs, backendTimeoutMs, completeTimeoutMs })) {
    if (!Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
      throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${value}`);
    }
  }
  if (!Number.isFinite(retryBaseMs) || retryBaseMs < 0) throw new RangeError(`retryBaseMs must be a finite number >= 0, got \${retryBaseMs}`);
  // A backend call that never answers (a hung API server) would hang the upload forever. The
  // signal cancels a request that honours it; the race rejects even when the call ignores it. A
  // plain setTimeout, not AbortSignal.timeout: its timer is unref'd, so a process with nothing
  // else pending would exit before it fires, the call still unsettled (Node 20, checked 2026). It is
  // cleared as soon as the call settles, or every successful call would keep the process alive (and
  // then abort its signal) for the rest of its deadline.
  // Once a part has failed for good, `stop` ends every other part's request, presign and retry wait.
  const stop = new AbortController();
  const withDeadline = <T>(what: string, ms: number, call: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> => {
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      // After the stop nothing more is asked of the backend or sent (a part read from the file while
      // it came would otherwise still be presigned, by a backend that may not honour the signal).
      if (parent?.aborted) {
        reject(parent.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onParent: (() => void) | undefined;
      // Once the call settles or is given up on: a call that ignores its signal may never settle,
      // and its timer would keep the process up for the rest of its deadline after the run ended.
      const release = () => {
        clearTimeout(timer);
        if (onParent) parent?.removeEventListener('abort', onParent);
      };
      const end = (err: unknown) => {
        release();
        controller.abort(err);
        reject(err);
      };
      timer = setTimeout(() => end(new Error(`\${what}: no answer within \${ms} ms`)), ms);
      onParent = () => end(parent!.reason);
      parent?.addEventListener('abort', onParent, { once: true });
      Promise.resolve()
        .then(() => call(controller.signal))
        .then(resolve, reject)
        .finally(release);
    });
  };
  /** Waits `ms` before a retry, or rejects with the stop's reason as soon as the run stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      const onStop = () => {
        clearTimeout(timer);
        reject(stop.signal.reason);
      };
      const timer = setTimeout(() => {
        stop.signal.removeEventListener('abort', onStop);
        resolve();
      }, ms);
      stop.signal.addEventListener('abort', onStop, { once: true });
    });
  const file = await open(filePath, 'r');
  try {
    const { size, mtimeMs } = await file.stat();
    const partCount = Math.max(1, Math.ceil(size / partSize));
    if (partCount > 1 && partSize < minPartSize) throw new Error(`partSize \${partSize} is below the minimum part size \${minPartSize}`);
    if (partCount > 10_000) throw new Error('too many parts: raise partSize');
    const largest = Math.min(partSize, size);
    if (largest > Math.min(maxPartSize, constants.MAX_LENGTH)) {
      throw new Error(`a part of \${largest} bytes is above the maximum part size \${Math.min(maxPartSize, constants.MAX_LENGTH)}`);
    }
    const saved = await progress.load(uploadId);
    if (saved && (saved.fileSize !== size || saved.fileMtimeMs !== mtimeMs || saved.partSize !== partSize)) {
      throw new Error(`upload \${uploadId}: the file or the part size changed since the saved progress; start a new upload`);
    }
    const done = new Map((saved?.parts ?? []).map((p) => [p.partNumber, p]));
    const todo = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
    // Saves are serialized, so an older snapshot never overwrites a newer one. A failed save fails
    // only its own caller (the part is retried); the chain goes on, or every later save would fail.
    let saving = Promise.resolve();
    const save = () =>
      (saving = saving
        .catch(() => {})
        .then(() => progress.save(uploadId, { fileSize: size, fileMtimeMs: mtimeMs, partSize, parts: [...done.values()] })));

    const uploadPart = async (partNumber: number): Promise<void> => {
      const start = (partNumber - 1) * partSize;
      const length = Math.min(partSize, size - start);
      const buffer = Buffer.alloc(length);
      // A read may return less than asked for without reaching the end: read until the part is full.
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await file.read(buffer, filled, Math.min(READ_CHUNK, length - filled), start + filled);
        if (bytesRead === 0) throw new Error(`part \${partNumber}: read \${filled} of \${length} bytes; the file changed`);
        filled += bytesRead;
      }
      const md5 = createHash('md5').update(buffer).digest('base64');
      for (let attempt = 1; ; attempt++) {
        try {
          // Presign per attempt: a URL may have expired while earlier parts were uploading.
          const url = await withDeadline(
            `part \${partNumber}: partUrl`,
            backendTimeoutMs,
            (signal) => backend.partUrl(uploadId, partNumber, signal),
            stop.signal,
          );
          const response = await withDeadline(
            `part \${partNumber}: PUT`,
            partTimeoutMs,
            (signal) => fetch(url, { method: 'PUT', headers: { 'content-md5': md5 }, body: buffer, signal }),
            stop.signal,
          );
          const etag = response.headers.get('etag');
          await response.body?.cancel();
          if (!response.ok || !etag) throw new Error(`part \${partNumber}: HTTP \${response.status}`);
          done.set(partNumber, { partNumber, etag });
          await save();
          return;
        } catch (err) {
          if (stop.signal.aborted || attempt >= attempts) throw err;
          await pause(Math.min(MAX_TIMER_MS, Math.random() * retryBaseMs * 2 ** attempt));
        }
      }
    };

    // A fixed pool of workers pulling part numbers keeps `concurrency` parts in flight. After a
    // part fails for good no new part starts and the others are stopped (their requests cancelled,
    // no retry); the file stays open until they settle. The first failure is the one reported.
    let next = 0;
    let failure: { err: unknown } | undefined;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, todo.length) }, async () => {
        while (!failure && next < todo.length) {
          try {
            await uploadPart(todo[next++]!);
          } catch (err) {
            failure ??= { err };
            stop.abort(err);
          }
        }
      }),
    );
    if (failure) throw failure.err;
    // S3 builds the object from the parts listed, whatever they are: a part missing (or one from
    // outside this cutting, in a damaged progress record) would complete a wrong object.
    const missing = todo.filter((n) => !done.has(n));
    const foreign = [...done.keys()].filter((n) => !Number.isInteger(n) || n < 1 || n > partCount);
    if (missing.length > 0 || foreign.length > 0) {
      throw new Error(`upload \${uploadId}: parts missing [\${missing}] or out of range [\${foreign}]; not completing`);
    }
    const list = [...done.values()].sort((a, b) => a.partNumber - b.partNumber);
    await withDeadline(`upload \${uploadId}: complete`, completeTimeoutMs, (signal) => backend.complete(uploadId, list, signal));
  } finally {
    await file.close();
  }
}
$0
