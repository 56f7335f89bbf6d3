/**
 * sse-progress: the stream reads a task's status from a Redis hash (as a worker would write it),
 * sends only changes, ends with a `done` event, answers 204 to the reconnect that EventSource makes
 * after a normal close (so it stops), sends the outcome again to a client that missed it, and
 * answers 404 for an unknown task.
 */
import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { createClient } from 'redis';
import { proves } from '../../harness';
import { importSnippet } from '../../library';
import { sharedRedis } from '../../servers';
import { listen, openStream, until } from '../../s2-http';

interface TaskProgress {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  percent: number;
  message?: string;
}
interface SseProgressModule {
  streamTaskProgress(
    taskId: string,
    read: (taskId: string) => Promise<TaskProgress | null>,
    req: IncomingMessage,
    res: ServerResponse,
    pollMs?: number,
  ): Promise<void>;
}

describe('sse-progress', function () {
  this.timeout(120_000);

  it('typescript: progress from a Redis hash streams only changes, ends with done; the EventSource reconnect gets 204; a client that missed it gets done again; unknown task is 404', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const redis = createClient({ url: (await sharedRedis()).url });
    await redis.connect();
    let reads = 0;
    const read = async (taskId: string): Promise<TaskProgress | null> => {
      reads++;
      const h = await redis.hGetAll(`sse-progress:task:${taskId}`);
      return h.status ? { status: h.status as TaskProgress['status'], percent: Number(h.percent) } : null;
    };
    const http = await listen((req, res) => {
      const taskId = new URL(req.url!, 'http://x').pathname.slice(1);
      void streamTaskProgress(taskId, read, req, res, 5);
    });
    const task = randomUUID();
    const key = `sse-progress:task:${task}`;
    try {
      await redis.hSet(key, { status: 'running', percent: '0' });
      const stream = await openStream(`${http.url}/${task}`);
      assert.equal(stream.status, 200);
      for (const percent of [10, 50, 90]) {
        await until(() => stream.events().length >= 1 && reads > 0, 'first event');
        const seen = reads;
        await until(() => reads >= seen + 3, 'a few unchanged polls'); // nothing changed: no event
        await redis.hSet(key, { percent: String(percent) });
        await until(() => stream.events().some((e) => JSON.parse(e.data).percent === percent), `progress ${percent}`);
      }
      await redis.hSet(key, { status: 'succeeded', percent: '100' });
      await stream.ended;
      const events = stream.events();
      assert.deepEqual(events.map((e) => [e.event, JSON.parse(e.data).percent]), [
        ['progress', 0],
        ['progress', 10],
        ['progress', 50],
        ['progress', 90],
        ['done', 100],
      ], 'one event per change, none for unchanged polls');
      assert.equal(events.at(-1)!.id, 'done');

      // EventSource reconnects after the normal close, sending the last id: 204 makes it stop.
      const again = await openStream(`${http.url}/${task}`, { 'last-event-id': events.at(-1)!.id! });
      assert.equal(again.status, 204);
      // A client that dropped before the done event reconnects without that id: it gets the outcome.
      const late = await openStream(`${http.url}/${task}`);
      await late.ended;
      assert.deepEqual(late.events().map((e) => e.event), ['done']);

      const unknown = await openStream(`${http.url}/${randomUUID()}`);
      assert.equal(unknown.status, 404, 'an unknown task is a 404, not an `error` event');
    } finally {
      await redis.del(key);
      await redis.quit();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a failing status read keeps the stream open and retries; a client that leaves stops the polling', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    let failing = false;
    let reads = 0;
    const read = async (): Promise<TaskProgress | null> => {
      reads++;
      if (failing) throw new Error('store timeout');
      return { status: 'running', percent: 40 };
    };
    const http = await listen((req, res) => void streamTaskProgress('t', read, req, res, 5));
    try {
      const stream = await openStream(`${http.url}/t`);
      await until(() => stream.events().length === 1, 'first event');
      failing = true;
      await until(() => stream.text().includes('status read failed'), 'a retry comment');
      failing = false;
      stream.close();
      await new Promise((r) => setTimeout(r, 50));
      const after = reads;
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(reads <= after + 1, `polling went on after the client left (${reads - after} more reads)`);
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });
});
