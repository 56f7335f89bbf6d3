import { open } from 'node:fs/promises';

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/** The server side of the upload: it starts the S3 multipart upload and presigns each part. */
export interface MultipartBackend {
  partUrl(uploadId: string, partNumber: number): Promise<string>;
  complete(uploadId: string, parts: UploadedPart[]): Promise<void>;
}

/** Where finished parts are remembered between runs (a JSON file, IndexedDB, a table). */
export interface ProgressStore {
  load(uploadId: string): Promise<UploadedPart[]>;
  save(uploadId: string, parts: UploadedPart[]): Promise<void>;
}

/**
 * Uploads `filePath` as a multipart upload, resuming if some parts were already sent. S3 parts are
 * 5 MiB to 5 GiB (the last may be smaller) and at most 10,000 per upload, so a 1 TB file needs
 * parts of at least ~100 MiB. A failed part is retried alone; a crash costs at most the parts in
 * flight. Abort abandoned uploads with a bucket lifecycle rule, or their parts are billed forever.
 */
export async function ${1:uploadResumable}(
  filePath: string,
  uploadId: string,
  backend: MultipartBackend,
  progress: ProgressStore,
  { partSize = ${2:16 * 1024 * 1024}, concurrency = ${3:4}, attempts = 5 } = {},
): Promise<void> {
  const file = await open(filePath, 'r');
  try {
    const { size } = await file.stat();
    const partCount = Math.max(1, Math.ceil(size / partSize));
    if (partCount > 10_000) throw new Error('too many parts: raise partSize');
    const done = new Map((await progress.load(uploadId)).map((p) => [p.partNumber, p]));
    const todo = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));

    const uploadPart = async (partNumber: number): Promise<void> => {
      const start = (partNumber - 1) * partSize;
      const length = Math.min(partSize, size - start);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, start);
      for (let attempt = 1; ; attempt++) {
        try {
          // Presign per attempt: a URL may have expired while earlier parts were uploading.
          const response = await fetch(await backend.partUrl(uploadId, partNumber), { method: 'PUT', body: buffer });
          const etag = response.headers.get('etag');
          if (!response.ok || !etag) throw new Error(`part \${partNumber}: HTTP \${response.status}`);
          done.set(partNumber, { partNumber, etag });
          await progress.save(uploadId, [...done.values()]);
          return;
        } catch (err) {
          if (attempt >= attempts) throw err;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000 * 2 ** attempt));
        }
      }
    };

    // A fixed pool of workers pulling part numbers keeps `concurrency` parts in flight.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, todo.length) }, async () => {
        while (next < todo.length) await uploadPart(todo[next++]!);
      }),
    );
    await backend.complete(uploadId, [...done.values()].sort((a, b) => a.partNumber - b.partNumber));
  } finally {
    await file.close();
  }
}
$0
