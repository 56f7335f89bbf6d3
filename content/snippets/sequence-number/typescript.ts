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
 *
 * A gap that repairs cannot close (the fetch keeps failing, or the message is gone for good) must
 * not hold back messages forever: after `maxFailedRepairs` repairs in a row that leave the gap open,
 * or once more than `maxPending` messages wait behind it, the receiver drops what it holds, ignores
 * further messages and calls `onReload(lastDeliveredSeq)`. Reload your state from the source of
 * truth, then call `reset(seq)` with the sequence number that state is current to.
 */
export interface ReceiverLimits {
  /** A whole number of at least 1 (RangeError otherwise), as is maxFailedRepairs. */
  maxPending?: number;
  maxFailedRepairs?: number;
  onReload?: (lastDeliveredSeq: number) => void;
}

export class ${3:OrderedReceiver}<T> {
  private expected: number;
  private readonly pending = new Map<number, T>();
  private gapTimer: NodeJS.Timeout | undefined;
  private failedRepairs = 0;
  private stale = false;
  private readonly maxPending: number;
  private readonly maxFailedRepairs: number;
  private readonly onReload: (lastDeliveredSeq: number) => void;

  constructor(
    lastSeenSeq: number,
    private readonly deliver: (seq: number, message: T) => void,
    private readonly fetchMissing: (afterSeq: number) => Promise<{ seq: number; message: T }[]>,
    private readonly gapWaitMs = ${4:2000},
    private readonly onFetchError: (err: unknown) => void = (err) => console.error('fetching missed messages failed; will retry', err),
    limits: ReceiverLimits = {},
  ) {
    // A wait past setTimeout's limit (2^31-1 ms), Infinity or NaN would fire after 1 ms: every gap
    // would be fetched at once instead of waiting for the late message.
    if (!Number.isFinite(gapWaitMs) || gapWaitMs < 0 || gapWaitMs > 2 ** 31 - 1) {
      throw new RangeError(`gapWaitMs must be a number of ms from 0 to 2147483647, got \${gapWaitMs}`);
    }
    this.expected = wholeSeq(lastSeenSeq, 'lastSeenSeq') + 1;
    // NaN (say, Number() of an unset environment variable) would remove the bound: every message
    // behind a gap held, and no reload ever asked for.
    this.maxPending = atLeastOne(limits.maxPending ?? ${5:1000}, 'maxPending');
    this.maxFailedRepairs = atLeastOne(limits.maxFailedRepairs ?? ${6:5}, 'maxFailedRepairs');
    this.onReload =
      limits.onReload ?? ((seq) => console.error(`message gap after \${seq} cannot be repaired: reload, then call reset()`));
  }

  receive(seq: number, message: T): void {
    wholeSeq(seq, 'seq');
    if (this.stale || seq < this.expected) return; // given up, or a duplicate (a replay overlapped the live stream)
    this.pending.set(seq, message);
    this.flush();
    if (this.pending.size > this.maxPending) return this.giveUp();
    this.armGapTimer();
  }

  /**
   * Fetches whatever came after the last delivered message (on reconnect, or when a gap persists).
   * `fetchMissing` may answer a page at a time (the SQL variant's messages_after returns 500 rows
   * by default): catchUp asks again as long as a page moves delivery forward, so a backlog longer
   * than a page is fetched in full instead of waiting for the next live message to reveal the gap.
   */
  async catchUp(): Promise<void> {
    if (this.stale) return;
    try {
      for (;;) {
        const from = this.expected;
        for (const { seq, message } of await this.fetchMissing(from - 1)) this.receive(seq, message);
        if (this.stale || this.expected === from) break; // nothing new: the store has no more
      }
    } catch (err) {
      this.onFetchError(err);
    }
    if (this.stale) return;
    if (this.pending.size === 0) {
      this.failedRepairs = 0;
      return;
    }
    // Still a gap (the fetch failed, or the missing message was not there yet): try again later,
    // a bounded number of times.
    if (++this.failedRepairs >= this.maxFailedRepairs) return this.giveUp();
    this.armGapTimer();
  }

  /** After a reload: continue from `lastSeenSeq`, the sequence number the reloaded state is current to. */
  reset(lastSeenSeq: number): void {
    this.expected = wholeSeq(lastSeenSeq, 'lastSeenSeq') + 1;
    this.pending.clear();
    this.failedRepairs = 0;
    this.stale = false;
  }

  private giveUp(): void {
    this.stale = true;
    this.pending.clear();
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.onReload(this.expected - 1);
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
    // has(), not get() !== undefined: a message may be the value undefined.
    while (this.pending.has(this.expected)) {
      const next = this.pending.get(this.expected) as T;
      this.pending.delete(this.expected);
      this.deliver(this.expected, next);
      this.expected++;
    }
    if (this.pending.size === 0) {
      // The gap closed (a late message, or a repair): the next gap gets its own maxFailedRepairs.
      this.failedRepairs = 0;
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    }
  }
}

/**
 * pg reads a bigint column (seq, last_seq) as a string: convert it with Number(). A string would
 * compare and add as text ("41" + 1 is "411": every message up to 411 dropped as a duplicate).
 */
function wholeSeq(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`\${name} must be a whole number >= 0 (Number() of a pg bigint), got \${typeof value} \${String(value)}`);
  }
  return value;
}

function atLeastOne(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`\${name} must be a whole number >= 1, got \${String(value)}`);
  return value;
}
$0
