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
  return `${1:blobs}/\${hex.slice(0, 2)}/\${hex.slice(2, 4)}/\${hex}`;
};

/**
 * Stores a file with deduplication: uploads the bytes only if this content is new, then links the
 * file to it (SQL variant: ${2:add_file}). The check-then-upload race is benign: two uploaders of
 * the same new content write the same key with the same bytes.
 */
export async function ${3:storeDeduplicated}(
  pool: Pool,
  ownerId: string,
  name: string,
  path: string,
  putObject: (key: string, path: string) => Promise<void>,
): Promise<{ fileId: number; uploaded: boolean }> {
  const { sha256, size } = await sha256OfFile(path);
  const existing = await pool.query('SELECT 1 FROM $1 WHERE sha256 = \$1', [sha256]);
  const uploaded = existing.rowCount === 0;
  if (uploaded) await putObject(objectKeyFor(sha256), path);
  const result = await pool.query<{ id: string }>('SELECT $2(\$1, \$2, \$3, \$4) AS id', [ownerId, name, sha256, size]);
  return { fileId: Number(result.rows[0]!.id), uploaded };
}
$0
