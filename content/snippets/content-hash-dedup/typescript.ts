import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Pool } from 'pg';

/** SHA-256 of a file, streamed: memory stays flat for multi-gigabyte files. */
export async function sha256OfFile(path: string): Promise<{ sha256: Buffer; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest(), size };
}

/** Object key from the content hash; two hex levels of prefix spread keys across partitions. */
export const objectKeyFor = (sha256: Buffer): string => {
  const hex = sha256.toString('hex');
  return `content/\${hex.slice(0, 2)}/\${hex.slice(2, 4)}/\${hex}`;
};

/**
 * Stores a file with deduplication: links it to its content (SQL variant: add_file) and uploads
 * the bytes only when nobody references that content yet. The upload happens inside the
 * transaction that counts the reference, so the blob row stays locked until the object is stored:
 * a concurrent uploader of the same bytes waits and then skips its upload, and the sweep cannot
 * delete the object in between. If the upload fails, the reference is rolled back.
 * The file is read twice (hash, then upload), so putObject gets the hash and must have the store
 * verify the bytes against it: S3 PutObject with ChecksumAlgorithm 'SHA256' and ChecksumSHA256
 * set to sha256.toString('base64') rejects an upload whose bytes differ (the file changed after
 * hashing), instead of storing other content under this hash, where every later duplicate of
 * the hashed content would silently link to it. The pooled
 * connection stays in its transaction for the length of a new upload: size the pool for the
 * uploads in flight, and keep idle_in_transaction_session_timeout above the longest one.
 *
 * The pool: give it an error listener (`pool.on('error', (err) => log(err))`). A connection that
 * drops while it sits idle in the pool is reported there, and with no listener that event ends the
 * process. If you set node-postgres's `query_timeout`, set `statement_timeout` (also a pool
 * option) at or below it: `query_timeout` only stops waiting in Node, and a statement that runs on
 * after its client is destroyed keeps the transaction's row locks until it ends. A concurrent
 * uploader of the same bytes waits for the whole upload in one statement (the add_file query), so
 * both time-outs cut that wait short too: set them above the longest upload.
 */
export async function ${1:storeDeduplicated}(
  pool: Pool,
  ownerId: string,
  name: string,
  path: string,
  putObject: (key: string, path: string, sha256: Buffer) => Promise<void>,
): Promise<{ fileId: number; uploaded: boolean }> {
  const { sha256, size } = await sha256OfFile(path);
  const client = await pool.connect();
  // pg-pool listens for a checked-out client's 'error' (its connection dropped) only while it is
  // idle: without a listener of ours that event ends the process. The failing query rejects anyway.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ file_id: string; must_upload: boolean }>(
      'SELECT file_id, must_upload FROM ${3:add_file}(\$1, \$2, \$3, \$4)',
      [ownerId, name, sha256, size],
    );
    const { file_id, must_upload } = rows[0]!;
    if (must_upload) await putObject(objectKeyFor(sha256), path, sha256);
    await client.query('COMMIT');
    return { fileId: Number(file_id), uploaded: must_upload };
  } catch (err) {
    // A ROLLBACK that failed (a dropped connection; a client-side query_timeout, which leaves the
    // statement running and the transaction open with its locks) marks the client broken.
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken); // an error destroys the client instead of pooling it for the next caller
  }
}

/**
 * Deletes objects nobody has referenced for `graceSeconds`, with their rows. Each row stays locked
 * while its object is deleted, so an upload of the same content waits for the sweep and then
 * stores the object again; rows an uploader holds are skipped. Run it from a periodic job.
 */
export async function sweepUnreferenced(
  pool: Pool,
  deleteObject: (key: string) => Promise<void>,
  { graceSeconds = 3600, batch = 100 } = {},
): Promise<number> {
  const client = await pool.connect();
  // pg-pool listens for a checked-out client's 'error' (its connection dropped) only while it is
  // idle: without a listener of ours that event ends the process. The failing query rejects anyway.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ sha256: Buffer }>(
      `SELECT sha256 FROM ${2:blobs}
       WHERE ref_count = 0 AND unreferenced_since < now() - make_interval(secs => \$1)
       ORDER BY unreferenced_since LIMIT \$2
       FOR UPDATE SKIP LOCKED`,
      [graceSeconds, batch],
    );
    for (const { sha256 } of rows) {
      await deleteObject(objectKeyFor(sha256)); // a crash after this leaves a row with count 0: re-uploaded on reuse
      await client.query('DELETE FROM $2 WHERE sha256 = \$1', [sha256]);
    }
    await client.query('COMMIT');
    return rows.length;
  } catch (err) {
    // A ROLLBACK that failed (a dropped connection; a client-side query_timeout, which leaves the
    // statement running and the transaction open with its locks) marks the client broken.
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken ??= rollbackErr));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken); // an error destroys the client instead of pooling it for the next caller
  }
}
$0
