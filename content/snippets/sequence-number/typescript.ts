import type { Pool } from 'pg';

/** Appends a message and returns its sequence number (runs the SQL variant's ${2:append_message}). */
export async function ${1:appendMessage}(pool: Pool, channelId: string, body: unknown): Promise<number> {
  const result = await pool.query<{ seq: string }>('SELECT $2(\$1, \$2) AS seq', [channelId, JSON.stringify(body)]);
  return Number(result.rows[0]!.seq);
}

/**
 * Client-side ordering: delivers messages strictly in sequence order, holding back any that arrive
 * early, and asks for the missing range when a gap persists (the pub/sub path lost a message).
 * A lost *last* message shows up only with the next one, so also call `catchUp()` on reconnect.
 */
export class ${3:OrderedReceiver}<T> {
  private expected: number;
  private readonly pending = new Map<number, T>();
  private gapTimer: NodeJS.Timeout | undefined;

  constructor(
    lastSeenSeq: number,
    private readonly deliver: (seq: number, message: T) => void,
    private readonly fetchMissing: (afterSeq: number) => Promise<{ seq: number; message: T }[]>,
    private readonly gapWaitMs = ${4:2000},
    private readonly onFetchError: (err: unknown) => void = (err) => console.error('fetching missed messages failed; will retry', err),
  ) {
    this.expected = lastSeenSeq + 1;
  }

  receive(seq: number, message: T): void {
    if (seq < this.expected) return; // duplicate (a replay overlapped the live stream)
    this.pending.set(seq, message);
    this.flush();
    this.armGapTimer();
  }

  /** Fetches whatever came after the last delivered message (on reconnect, or when a gap persists). */
  async catchUp(): Promise<void> {
    try {
      for (const { seq, message } of await this.fetchMissing(this.expected - 1)) this.receive(seq, message);
    } catch (err) {
      this.onFetchError(err);
    }
    // Still a gap (the fetch failed, or the missing message was not there yet): try again later.
    this.armGapTimer();
  }

  private armGapTimer(): void {
    if (this.pending.size > 0 && !this.gapTimer) {
      // Out-of-order arrival is normal for a moment; a gap that stays is a lost message.
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        void this.catchUp();
      }, this.gapWaitMs);
    }
  }

  private flush(): void {
    for (let next = this.pending.get(this.expected); next !== undefined; next = this.pending.get(this.expected)) {
      this.pending.delete(this.expected);
      this.deliver(this.expected, next);
      this.expected++;
    }
    if (this.pending.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    }
  }
}
$0
