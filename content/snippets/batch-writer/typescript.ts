/**
 * Collects items and hands them to `flush` in batches: when `maxBatch` items are waiting, or
 * `maxWaitMs` after the first item of a batch arrived, whichever comes first. One multi-row INSERT
 * of 500 rows costs about as much as a handful of single-row ones, so throughput rises by orders
 * of magnitude at the price of up to `maxWaitMs` latency. Items still buffered are lost if the
 * process dies: batch only what you can afford to lose or can rebuild (metrics, view counts).
 */
export class ${1:BatchWriter}<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxBatch = ${2:500},
    private readonly maxWaitMs = ${3:1000},
    /** Backpressure: `add` waits while this many items are buffered (the database is behind). */
    private readonly maxBuffered = 10 * maxBatch,
  ) {}

  async add(item: T): Promise<void> {
    while (this.buffer.length >= this.maxBuffered) await this.flushing;
    this.buffer.push(item);
    if (this.buffer.length >= this.maxBatch) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.startFlush(), this.maxWaitMs);
    }
  }

  /** Flushes whatever is buffered and waits for all flushes; call on shutdown. */
  async close(): Promise<void> {
    this.startFlush();
    await this.flushing;
  }

  private startFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.maxBatch);
    // Flushes run one after another, so batches reach the database in order.
    this.flushing = this.flushing
      .then(() => this.flush(batch))
      .catch((err: unknown) => console.error(`batch of \${batch.length} failed`, err));
    if (this.buffer.length >= this.maxBatch) this.startFlush();
    else if (this.buffer.length > 0) this.timer = setTimeout(() => this.startFlush(), this.maxWaitMs);
  }
}
$0
