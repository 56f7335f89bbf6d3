export interface Checkpoint {
  /** Resume point: the last item processed (an id, an offset, a page token); null = not started. */
  cursor: string | null;
  processed: number;
  /** True once the source reported its last chunk: a rerun returns at once instead of restarting. */
  done: boolean;
}

export interface CheckpointStore {
  load(taskId: string): Promise<Checkpoint | null>;
  /** Must be durable (database row, object) before the next chunk starts. */
  save(taskId: string, checkpoint: Checkpoint): Promise<void>;
  /** True once someone asked to cancel (a flag column set by the cancel endpoint). */
  cancelRequested(taskId: string): Promise<boolean>;
}

/**
 * Reads the chunk after a cursor. `done: true` says this is the last chunk. The end is explicit
 * because the cursor cannot say it: a page-token API returns a null or empty token on its last
 * page, and a null cursor here means "from the start", so reading on would begin again forever:
 * such a source must set `done` on its last page. A draining source (`WHERE pending LIMIT n`,
 * where processing an item takes it out of the next read) may answer a null cursor every time:
 * each read starts from the start and finds what is left, and an empty chunk ends the run.
 */
export type ChunkSource<T> = (
  afterCursor: string | null,
  limit: number,
) => Promise<{ items: T[]; cursor: string | null; done: boolean }>;

export type RunOutcome = { status: 'completed'; processed: number } | { status: 'cancelled'; processed: number };

/**
 * Runs a long task as a series of chunks. After each chunk the cursor is saved, so if the process
 * dies after three hours it resumes from the last checkpoint, not from zero: the work lost is at
 * most one chunk. Cancellation is cooperative: it is checked between chunks, where the data is
 * consistent, never in the middle of one. Items must be safe to process twice (the chunk that was
 * in flight when the process died runs again).
 */
export async function ${1:runWithCheckpoints}<T>(
  taskId: string,
  source: ChunkSource<T>,
  processItem: (item: T) => Promise<void>,
  store: CheckpointStore,
  { chunkSize = ${2:500}, signal }: { chunkSize?: number; signal?: AbortSignal } = {},
): Promise<RunOutcome> {
  let checkpoint: Checkpoint = (await store.load(taskId)) ?? { cursor: null, processed: 0, done: false };
  while (!checkpoint.done) {
    if (signal?.aborted || (await store.cancelRequested(taskId))) {
      return { status: 'cancelled', processed: checkpoint.processed };
    }
    const { items, cursor, done } = await source(checkpoint.cursor, chunkSize);
    for (const item of items) await processItem(item);
    // An empty chunk that moved the cursor is not the end: a filtered page can come back empty with
    // more pages after it (DynamoDB applies a Scan's or Query's filter after reading up to 1 MB, so
    // a page may hold no items and still carry a LastEvaluatedKey). One that did not move it (or
    // moved it back to the start: null, or the empty token some page-token APIs end on) would read
    // the same nothing forever, so such a source that never sets done still terminates.
    const stuck = items.length === 0 && (cursor === null || cursor === '' || cursor === checkpoint.cursor);
    checkpoint = { cursor, processed: checkpoint.processed + items.length, done: done || stuck };
    await store.save(taskId, checkpoint);
  }
  return { status: 'completed', processed: checkpoint.processed };
}
$0
