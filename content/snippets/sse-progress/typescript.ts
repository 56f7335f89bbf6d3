import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TaskProgress {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** 0..100 */
  percent: number;
  message?: string;
}

const TERMINAL = new Set<TaskProgress['status']>(['succeeded', 'failed', 'cancelled']);

/**
 * Streams progress of task `taskId` as SSE. It reads the status the worker writes (a database row,
 * a Redis hash) rather than holding the worker's connection, so any server instance can serve the
 * stream and a client can reconnect to another one. Sends an event only when something changed,
 * and closes after the terminal state so the browser's EventSource does not reconnect forever.
 */
export function ${1:streamTaskProgress}(
  taskId: string,
  readProgress: (taskId: string) => Promise<TaskProgress | null>,
  req: IncomingMessage,
  res: ServerResponse,
  pollMs = ${2:1000},
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  let last = '';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  req.on('close', () => {
    closed = true;
    clearTimeout(timer);
  });

  const tick = async (): Promise<void> => {
    if (closed) return;
    try {
      const progress = await readProgress(taskId);
      if (!progress) {
        res.write(`event: error\ndata: \${JSON.stringify({ error: 'unknown task' })}\n\n`);
        res.end();
        return;
      }
      const payload = JSON.stringify(progress);
      if (payload !== last) {
        last = payload;
        res.write(`event: \${TERMINAL.has(progress.status) ? 'done' : 'progress'}\ndata: \${payload}\n\n`);
      } else {
        res.write(': keep-alive\n\n');
      }
      if (TERMINAL.has(progress.status)) {
        res.end();
        return;
      }
    } catch {
      res.write(': status read failed; retrying\n\n');
    }
    timer = setTimeout(() => void tick(), pollMs);
  };
  void tick();
}
$0
