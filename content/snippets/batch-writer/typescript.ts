export interface BatchWriterOptions<T> {
  /** Flush as soon as this many items are waiting. */
  maxBatch?: number;
  /** Flush at the latest this long after the first item of a batch arrived. */
  maxWaitMs?: number;
  /** Backpressure: `add` waits while this many items are accepted but not yet flushed. */
  maxPending?: number;
  /** Attempts per batch (with backoff) before it is handed to `onFailed`. */
  maxAttempts?: number;
  /**
   * Deadline of one flush attempt, from 1 to 2^31-1 ms (setTimeout's limit). Past it the attempt
   * fails (and is retried, then handed on like any failure) and its signal aborts, even if `flush`
   * ignores the signal: a write hung on a lock or a dead connection would otherwise hold the writer,
   * and every `add()` behind it, forever. Giving up does not stop the write on the server: like a
   * COMMIT whose answer was lost, the abandoned attempt's outcome is unknown, and it may still
   * commit after its retry (the batch written twice) and after later batches. Only an idempotent
   * `flush` (see the class comment) makes that harmless. A `statement_timeout` below this deadline,
   * or cancelling the query when the signal aborts (pg_cancel_backend of the connection's backend
   * pid: node-postgres takes no signal), makes it rarer, not impossible: a cancel can arrive just
   * after the commit, and a statement that first waited for a pool connection starts late. A
   * `flush` on a connection pool must also give the abandoned attempt's connection up: `poolFlush`
   * below does.
   */
  flushTimeoutMs?: number;
  /**
   * Receives a batch that failed `maxAttempts` times (write it to a dead-letter table or file). If
   * it throws, or is not given, the batch is lost: the error is logged at once, every later `add()`
   * rejects with it, and so does `close()`.
   */
  onFailed?: (items: T[], err: unknown) => Promise<void> | void;
}

/**
 * Makes a `flush` that writes each batch on a client of its own from `pool` (a node-postgres Pool,
 * or any pool whose `release(err)` destroys the client) and destroys that client when the attempt's
 * signal aborts. A plain `pool.query` ignores the signal: an attempt given up at its deadline keeps
 * its client until the hung statement ends, each retry takes another, and the pool runs dry for
 * every later flush (and the rest of the application). Closing the connection frees the pool's slot
 * at once but does not stop a statement waiting on a lock on the server, which may still commit:
 * give the role a `lock_timeout` or `statement_timeout` below `flushTimeoutMs`. `write` must not
 * release the client: poolFlush does (a second release throws).
 */
export function poolFlush<C extends { release(destroy?: Error | boolean): void }, T>(
  pool: { connect(): Promise<C> },
  write: (client: C, items: T[]) => Promise<void>,
): (items: T[], signal: AbortSignal) => Promise<void> {
  return async (items, signal) => {
    const client = await pool.connect();
    if (signal.aborted) {
      // Given up while waiting for a client: hand it back unused.
      client.release();
      throw signal.reason;
    }
    let released = false;
    const destroy = (err: unknown): void => {
      if (released) return;
      released = true;
      client.release(err instanceof Error ? err : new Error(String(err)));
    };
    const onAbort = (): void => {
      // Never throws: an error thrown in an event listener is an uncaught exception, which ends the
      // process. A write that released the client itself makes release throw here; the attempt is
      // given up already, and the same mistake fails every attempt that returns in time.
      try {
        destroy(signal.reason);
      } catch {
        // released by write
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await write(client, items);
    } catch (err) {
      // Not reused: a failed write may have left the client inside a transaction.
      destroy(err);
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!released) client.release();
    }
  };
}

function wholeAtLeastOne(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`\${name} must be a whole number >= 1, got \${n}`);
  return n;
}

/**
 * Collects items and hands them to `flush` in batches: when `maxBatch` items are waiting, or
 * `maxWaitMs` after the first item of a batch arrived, whichever comes first. One multi-row INSERT
 * pays one round trip and one commit for the whole batch instead of one per row (COPY is faster
 * still for large loads), so throughput rises at the price of up to `maxWaitMs` latency. Batches are flushed one at a time, in
 * order (unless an attempt given up at its deadline commits late: see `flushTimeoutMs`); a failed
 * batch is retried before the next one. Memory is bounded: `add` waits while
 * `maxPending` items are buffered or being flushed (the database is behind). Items still buffered
 * are lost if the process dies: batch only what you can afford to lose or can rebuild.
 *
 * A retry after a failure whose commit outcome is unknown (the connection dropped during COMMIT)
 * writes the batch again: make `flush` idempotent, e.g. give each item a client-generated id and
 * INSERT ... ON CONFLICT (id) DO NOTHING. An attempt that runs past `flushTimeoutMs` counts as
 * failed, so a hung write cannot stall the writer for good; its write may still commit, so it is
 * retried under the same unknown outcome and needs the same idempotent `flush`.
 */
export class ${1:BatchWriter}<T> {
  private buffer: T[] = [];
  /** Items accepted by `add` whose batch has not finished (buffered, queued or being flushed). */
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly waiters: (() => void)[] = [];
  /** Why a batch was lost: never undefined once one was (a rejection's reason can be). */
  private failure: unknown;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxPending: number;
  private readonly maxAttempts: number;
  private readonly flushTimeoutMs: number;

  /** `flush` gets each batch and a signal that aborts when its attempt runs past `flushTimeoutMs`. */
  constructor(
    private readonly flush: (items: T[], signal: AbortSignal) => Promise<void>,
    private readonly options: BatchWriterOptions<T> = {},
  ) {
    // A batch of 0, NaN or less would never empty the buffer (a busy loop); a maxPending of NaN
    // would make add() wait forever; a maxAttempts of NaN would retry a batch forever.
    this.maxBatch = wholeAtLeastOne('maxBatch', options.maxBatch ?? ${2:500});
    this.maxWaitMs = options.maxWaitMs ?? ${3:1000};
    // Past setTimeout's limit (2^31-1 ms), Infinity or NaN, the wait would end after 1 ms.
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < 0 || this.maxWaitMs > 2 ** 31 - 1) {
      throw new RangeError(`maxWaitMs must be a number of ms from 0 to 2147483647, got \${this.maxWaitMs}`);
    }
    this.maxPending = Math.max(wholeAtLeastOne('maxPending', options.maxPending ?? 10 * this.maxBatch), this.maxBatch);
    this.maxAttempts = wholeAtLeastOne('maxAttempts', options.maxAttempts ?? 5);
    this.flushTimeoutMs = options.flushTimeoutMs ?? ${4:30_000};
    // 0 or less would fail every attempt; past setTimeout's limit, Infinity or NaN, after 1 ms.
    if (!Number.isFinite(this.flushTimeoutMs) || this.flushTimeoutMs <= 0 || this.flushTimeoutMs > 2 ** 31 - 1) {
      throw new RangeError(`flushTimeoutMs must be a number of ms above 0 and at most 2147483647, got \${this.flushTimeoutMs}`);
    }
  }

  /**
   * Resolves once the item is accepted; waits while `maxPending` items are not yet flushed. Rejects
   * after `close()`, and once a batch was lost (so a producer stops instead of losing more).
   */
  async add(item: T): Promise<void> {
    for (;;) {
      if (this.closed) throw new Error('BatchWriter is closed');
      if (this.failure !== undefined) throw this.failure;
      if (this.pending < this.maxPending) break;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.pending++;
    this.buffer.push(item);
    if (this.buffer.length >= this.maxBatch) this.startFlush();
    else this.timer ??= setTimeout(() => this.startFlush(), this.maxWaitMs);
  }

  /** Flushes whatever is buffered and waits for every batch; rejects if a batch was lost. */
  async close(): Promise<void> {
    this.closed = true;
    this.startFlush();
    await this.flushing;
    if (this.failure !== undefined) throw this.failure;
  }

  private startFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatch);
      // One flush at a time, so batches reach the database in order.
      this.flushing = this.flushing.then(() => this.write(batch));
    }
  }

  private async write(batch: T[]): Promise<void> {
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.attempt(batch);
          return;
        } catch (err) {
          if (attempt >= this.maxAttempts) {
            await this.fail(batch, err);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 100 * 2 ** attempt)));
        }
      }
    } finally {
      this.pending -= batch.length;
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** One call of `flush`, given up on (its signal aborted) once it runs past `flushTimeoutMs`. */
  private async attempt(batch: T[]): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`BatchWriter: a flush of \${batch.length} items ran past its \${this.flushTimeoutMs} ms deadline`);
        controller.abort(err);
        reject(err);
      }, this.flushTimeoutMs);
    });
    try {
      await Promise.race([this.flush(batch, controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fail(batch: T[], err: unknown): Promise<void> {
    try {
      if (!this.options.onFailed) throw err;
      await this.options.onFailed(batch, err);
    } catch (lost) {
      console.error(`BatchWriter: a batch of \${batch.length} items was lost:`, lost);
      this.failure ??= lost ?? new Error(`BatchWriter: a batch of \${batch.length} items was lost`);
    }
  }
}
$0
