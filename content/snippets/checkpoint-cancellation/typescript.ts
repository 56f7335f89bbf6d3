export interface Checkpoint {
  /** Resume point: the last item processed (an id, an offset, a page token). */
  cursor: string | null;
  processed: number;
}

export interface CheckpointStore {
  load(taskId: string): Promise<Checkpoint | null>;
  /** Must be durable (database row, object) before the next chunk starts. */
  save(taskId: string, checkpoint: Checkpoint): Promise<void>;
  /** True once someone asked to cancel (a flag column set by the cancel endpoint). */
  cancelRequested(taskId: string): Promise<boolean>;
}

export type ChunkSource<T> = (afterCursor: string | null, limit: number) => Promise<{ items: T[]; cursor: string | null }>;

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
  let checkpoint = (await store.load(taskId)) ?? { cursor: null, processed: 0 };
  for (;;) {
    if (signal?.aborted || (await store.cancelRequested(taskId))) {
      return { status: 'cancelled', processed: checkpoint.processed };
    }
    const { items, cursor } = await source(checkpoint.cursor, chunkSize);
    if (items.length === 0) return { status: 'completed', processed: checkpoint.processed };
    for (const item of items) await processItem(item);
    checkpoint = { cursor, processed: checkpoint.processed + items.length };
    await store.save(taskId, checkpoint);
  }
}
$0
