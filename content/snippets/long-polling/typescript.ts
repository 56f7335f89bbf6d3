import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Update {
  seq: number;
  data: unknown;
}

/** A feed with a monotonically increasing sequence number per update. */
export class ${1:UpdateFeed} {
  private readonly updates: Update[] = [];
  private readonly emitter = new EventEmitter();
  private seq = 0;

  constructor(private readonly keep = 1000) {
    // One listener per waiting client: raise the default limit of 10.
    this.emitter.setMaxListeners(0);
  }

  push(data: unknown): void {
    this.updates.push({ seq: ++this.seq, data });
    if (this.updates.length > this.keep) this.updates.shift();
    this.emitter.emit('update');
  }

  after(cursor: number): Update[] {
    return this.updates.filter((u) => u.seq > cursor);
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

/**
 * GET /poll?cursor=N. Answers at once if there are updates after N; otherwise waits up to the
 * timeout (kept below proxy idle timeouts, typically 60 s). The client polls again immediately
 * with the returned cursor, so an update published between two polls is still delivered.
 */
export async function ${2:handlePoll}(feed: $1, req: IncomingMessage, res: ServerResponse, timeoutMs = ${3:25000}): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cursor = Number(url.searchParams.get('cursor') ?? 0) || 0;
  let updates = feed.after(cursor);
  if (updates.length === 0) {
    const gone = new AbortController();
    req.on('close', () => gone.abort());
    await feed.waitForUpdate(timeoutMs, gone.signal);
    if (gone.signal.aborted) return;
    updates = feed.after(cursor);
  }
  const next = updates.length > 0 ? updates[updates.length - 1]!.seq : cursor;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ updates, cursor: next }));
}
$0
