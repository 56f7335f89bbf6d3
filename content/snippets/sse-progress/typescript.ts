import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TaskProgress {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** 0..100 */
  percent: number;
  message?: string;
}

const TERMINAL = new Set<TaskProgress['status']>(['succeeded', 'failed', 'cancelled']);
// The id of the terminal event. EventSource reconnects even after a normal close; it then sends
// this id back as Last-Event-ID and gets 204, the one answer that stops it for good.
const DONE_ID = 'done';
// How long the lifetime's closing comment may wait to go out before a client that stopped reading is dropped.
const END_GRACE_MS = 5_000;

export interface StreamOptions {
  /** How often the stored status is read. */
  pollMs?: number;
  /**
   * After this long without a write, a comment goes out so that proxies and load balancers that drop
   * idle connections keep this one; stay well under their idle timeout. Every write resets the clock.
   * It is checked at each poll, so the comment goes out at the first poll after this long. Measured
   * on a monotonic clock (a wall-clock step back would hold the comments for as long as the step).
   * A number above 0; Infinity sends none.
   */
  keepAliveMs?: number;
  /**
   * Each stream ends after this long. A task stuck in `running` would otherwise be polled for as long
   * as the tab stays open; EventSource reconnects after the close, possibly to another server, and
   * gets the current status first, so nothing is lost. Each stream's lifetime is drawn between 90%
   * and 110% of this, so streams opened together (after a deploy, say) do not all reconnect together.
   */
  maxStreamMs?: number;
}

/**
 * Streams progress of task `taskId` as SSE. It reads the status the worker writes (a database row,
 * a Redis hash) rather than holding the worker's connection, so any server instance can serve the
 * stream and a client can reconnect to another one. Sends an event only when something changed,
 * ends with a `done` event once the task is terminal, and answers 204 to a client that already
 * has it. An unknown task gets 404 (EventSource gives up; a custom `error` event would be confused
 * with EventSource's own). In the browser, also call `source.close()` on the `done` event.
 */
export async function ${1:streamTaskProgress}(
  taskId: string,
  readProgress: (taskId: string) => Promise<TaskProgress | null>,
  req: IncomingMessage,
  res: ServerResponse,
  { pollMs = ${2:1000}, keepAliveMs = ${3:20_000}, maxStreamMs = ${4:600_000} }: StreamOptions = {},
): Promise<void> {
  // setTimeout runs a delay past 2^31-1 ms (Infinity, NaN) after 1 ms: every stream would end at
  // once (a reconnect storm) or poll in a busy loop. The lifetime's jitter may add 10%.
  for (const [name, ms, max] of [['pollMs', pollMs, 2 ** 31 - 1], ['maxStreamMs', maxStreamMs, Math.floor((2 ** 31 - 1) / 1.1)]] as const) {
    if (!Number.isFinite(ms) || ms <= 0 || ms > max) throw new RangeError(`\${name} must be a number of ms above 0 and at most \${max}, got \${ms}`);
  }
  // NaN would silently send no keep-alive at all; 0 or less, one on every unchanged poll.
  if (!(keepAliveMs > 0)) throw new RangeError(`keepAliveMs must be a number of ms above 0 (Infinity: none), got \${keepAliveMs}`);
  if (req.headers['last-event-id'] === DONE_ID) {
    res.writeHead(204).end();
    return;
  }
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let lifetime: NodeJS.Timeout | undefined;
  const stopPolling = (): void => {
    closed = true;
    clearTimeout(timer);
  };
  const stop = (): void => {
    stopPolling();
    clearTimeout(lifetime);
  };
  // The response's close (not the request's) fires when the client goes away. Listen before the
  // first read: a client that leaves while it is pending must not leave a poller behind (tick
  // checks the flag before it reads or writes).
  res.on('close', stop);
  let first: TaskProgress | null | undefined;
  try {
    first = await readProgress(taskId);
  } catch {
    first = undefined; // the store hiccupped: open the stream anyway and keep polling
  }
  if (first === null) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unknown task' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  let last = '';
  let lastWrite = performance.now();
  let blocked = false;
  const write = (chunk: string): void => {
    lastWrite = performance.now();
    // false: the client reads slower than we write and the rest waits in memory.
    if (!res.write(chunk)) blocked = true;
  };
  const finish = (): void => {
    stopPolling(); // not stop(), which would clear the lifetime timer too
    // A client that stopped reading holds the end back until it reads (forever, if it never does),
    // also when the last write still fit under the buffer's limit and did not report it: the
    // lifetime timer stays armed to drop it. The response's close, once the end is out, clears it.
    res.end();
  };
  if (!closed) {
    lifetime = setTimeout(() => {
      stop();
      // A client that stopped reading would keep an ended response open until its buffer drains;
      // a response that finish ended and is still open is waiting on such a client.
      if (blocked || res.writableEnded) {
        res.destroy();
        return;
      }
      res.end(': stream lifetime reached; reconnect for the current status\n\n');
      // The kernel's buffers may be full while the write still fit under the limit: then this end
      // waits on a client that stopped reading. Give it a few seconds to go out, then drop it.
      const grace = setTimeout(() => {
        if (!res.writableFinished) res.destroy();
      }, END_GRACE_MS).unref();
      res.once('close', () => clearTimeout(grace));
    }, maxStreamMs * (0.9 + 0.2 * Math.random()));
  }

  const send = (progress: TaskProgress | null): boolean => {
    if (!progress) {
      finish(); // the task vanished (deleted); the client's reconnect gets 404
      return true;
    }
    const payload = JSON.stringify(progress);
    const terminal = TERMINAL.has(progress.status);
    if (payload !== last) {
      last = payload;
      write(terminal ? `id: \${DONE_ID}\nevent: done\ndata: \${payload}\n\n` : `event: progress\ndata: \${payload}\n\n`);
    } else if (performance.now() - lastWrite >= keepAliveMs) {
      write(': keep-alive\n\n');
    }
    if (terminal) finish();
    return terminal;
  };

  const tick = async (progress?: TaskProgress | null): Promise<void> => {
    if (closed) return;
    try {
      if (progress === undefined) progress = await readProgress(taskId);
      if (closed || send(progress)) return;
    } catch {
      if (closed) return;
      write(': status read failed; retrying\n\n');
    }
    if (blocked) {
      // Stop polling until the client has caught up, then send the status as it is by then: the
      // events in between are superseded, and queueing them would grow memory for a stalled reader.
      res.once('drain', () => {
        blocked = false;
        void tick();
      });
    } else {
      timer = setTimeout(() => void tick(), pollMs);
    }
  };
  await tick(first);
}
$0
