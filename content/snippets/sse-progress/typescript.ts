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
  pollMs = ${2:1000},
): Promise<void> {
  if (req.headers['last-event-id'] === DONE_ID) {
    res.writeHead(204).end();
    return;
  }
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  // The response's close (not the request's) fires when the client goes away. Listen before the
  // first read: a client that leaves while it is pending must not leave a poller behind (tick
  // checks the flag before it reads or writes).
  res.on('close', () => {
    closed = true;
    clearTimeout(timer);
  });
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

  const send = (progress: TaskProgress | null): boolean => {
    if (!progress) {
      res.end(); // the task vanished (deleted); the client's reconnect gets 404
      return true;
    }
    const payload = JSON.stringify(progress);
    const terminal = TERMINAL.has(progress.status);
    if (payload !== last) {
      last = payload;
      res.write(terminal ? `id: \${DONE_ID}\nevent: done\ndata: \${payload}\n\n` : `event: progress\ndata: \${payload}\n\n`);
    } else {
      res.write(': keep-alive\n\n');
    }
    if (terminal) res.end();
    return terminal;
  };

  const tick = async (progress?: TaskProgress | null): Promise<void> => {
    if (closed) return;
    try {
      if (progress === undefined) progress = await readProgress(taskId);
      if (closed || send(progress)) return;
    } catch {
      if (closed) return;
      res.write(': status read failed; retrying\n\n');
    }
    timer = setTimeout(() => void tick(), pollMs);
  };
  await tick(first);
}
$0
