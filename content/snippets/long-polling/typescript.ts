import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Update {
  seq: number;
  data: unknown;
}

/** What a poll answers: the updates after the cursor and the cursor to send next. */
export interface PollAnswer {
  updates: Update[];
  cursor: string;
  /** True when the updates after the client's cursor are no longer all here: reload, then poll. */
  reset: boolean;
}

/**
 * JSON.stringify's replacer for pushed data: a NaN or infinite number, or an invalid Date (its toJSON
 * gives null), anywhere in the value would reach clients as null; refused instead.
 */
function finiteJson(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date && Number.isNaN(raw.getTime())) throw new TypeError('data must not hold an invalid Date: JSON.stringify would send it as null');
  const primitive = value instanceof Number ? value.valueOf() : value;
  if (typeof primitive === 'number' && !Number.isFinite(primitive)) throw new TypeError('data must not hold NaN or an infinite number: JSON.stringify would send it as null');
  return value;
}

/**
 * A feed with a monotonically increasing sequence number per update, kept in this process: run one
 * instance, or route each client to the same one (sticky); for a fleet keep the updates in a shared
 * log such as Redis Streams (XADD, then XREAD BLOCK after the cursor). Cursors are
 * `<epoch>:<seq>`: the epoch changes when the process restarts, so a cursor from before the
 * restart is recognised instead of waiting for a sequence number that was already handed out.
 */
export class ${1:UpdateFeed} {
  private readonly updates: Update[] = [];
  private readonly emitter = new EventEmitter();
  private readonly epoch = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(private readonly keep = 1000) {
    // NaN or Infinity would never evict: every update ever pushed would stay in memory.
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number >= 1, got \${keep}`);
    // One listener per waiting client: raise the default limit of 10.
    this.emitter.setMaxListeners(0);
  }

  /**
   * Records `data` as clients will receive it: encoded now, so data JSON cannot carry is refused here
   * with a TypeError (before a sequence number is taken), not by every later poll that would have to
   * send it: a BigInt or a cycle; undefined or a function as the whole value, which would go out as
   * nothing; anywhere in it a NaN or infinite number or an invalid Date, which would go out as null.
   * A later change to the object does not change what clients get.
   */
  push(data: unknown): void {
    const json = JSON.stringify(data, finiteJson); // TypeError on a BigInt, a cycle, NaN, an infinity, an invalid Date
    if (json === undefined) throw new TypeError(`cannot send \${typeof data} as JSON`);
    this.updates.push({ seq: ++this.seq, data: JSON.parse(json) });
    if (this.updates.length > this.keep) this.updates.shift();
    this.emitter.emit('update');
  }

  /** The current position. A client takes it BEFORE reading the state (see loadWithCursor). */
  cursor(): string {
    return `\${this.epoch}:\${this.seq}`;
  }

  /**
   * Loads the state and the cursor to poll from: the cursor is taken before `load` runs, so an
   * update pushed while the state is read is delivered by the next poll (taken after, it would be
   * skipped). The state may already include some updates after the cursor: apply updates
   * idempotently (by key and sequence number, not as increments).
   */
  async loadWithCursor<T>(load: () => Promise<T>): Promise<{ state: T; cursor: string }> {
    const cursor = this.cursor();
    return { state: await load(), cursor };
  }

  /** Updates after `cursor`, or a reset when some of them were evicted or the cursor is foreign. */
  after(cursor: string): PollAnswer {
    const [epoch, seqText] = cursor.split(':');
    const seq = Number(seqText);
    const oldest = this.updates[0]?.seq ?? this.seq + 1;
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq > this.seq || seq < oldest - 1) {
      return { updates: [], cursor: this.cursor(), reset: true };
    }
    const updates = this.updates.filter((u) => u.seq > seq);
    return { updates, cursor: `\${this.epoch}:\${updates.at(-1)?.seq ?? seq}`, reset: false };
  }

  /** Resolves on the next push, or after `ms`, whichever comes first. */
  waitForUpdate(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.emitter.off('update', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.emitter.once('update', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one, Infinity or NaN after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/**
 * GET /poll?cursor=C. Answers at once if there are updates after C (or C is stale: `reset`);
 * otherwise waits up to the timeout (kept below proxy idle timeouts, typically 60 s). The client
 * polls again immediately with the returned cursor, so an update published between two polls is
 * still delivered. Without a cursor, the answer is a reset: load the state, then poll with the
 * reset's cursor (taken before the load, so nothing pushed during it is skipped).
 */
export async function ${2:handlePoll}(feed: $1, req: IncomingMessage, res: ServerResponse, timeoutMs = ${3:25000}): Promise<void> {
  checkDelay('timeoutMs', timeoutMs); // past the limit every poll would end at once: clients would spin
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cursor = url.searchParams.get('cursor') ?? '';
  let answer = feed.after(cursor);
  if (answer.updates.length === 0 && !answer.reset) {
    const gone = new AbortController();
    // The response's close (not the request's) fires when the client goes away.
    res.on('close', () => gone.abort());
    await feed.waitForUpdate(timeoutMs, gone.signal);
    if (gone.signal.aborted) return;
    answer = feed.after(cursor);
  }
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(answer));
}
$0
