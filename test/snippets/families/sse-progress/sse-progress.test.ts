/**
 * sse-progress: the stream reads a task's status from a Redis hash (as a worker would write it),
 * sends only changes, ends with a `done` event, answers 204 to the reconnect that EventSource makes
 * after a normal close (so it stops), sends the outcome again to a client that missed it, and
 * answers 404 for an unknown task. Also: the SSE headers, keep-alive comments while nothing changes,
 * every terminal status ends the stream, a task deleted mid-stream ends it (reconnect: 404), a store
 * failure (also on the first read) keeps the stream alive until reads recover, and a client that
 * leaves, even while a read is in flight, stops the polling. Keep-alive comments go out only after
 * a quiet interval (and the default one spans far more than a poll); a client that stops reading
 * pauses the polling instead of piling events up in memory; each stream ends after its lifetime,
 * also for a task stuck in `running`, and a stalled client is dropped then. Waits are bounded
 * (`until`), so a stream that never ends fails with a message instead of the mocha timeout.
 */
import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import * as nodeHttp from 'http';
import * as net from 'net';
import type { IncomingMessage, ServerResponse } from 'http';
import { createClient } from 'redis';
import { gate } from '../../gate';
import { proves } from '../../harness';
import { patchTimers } from '../../patchTimers';
import { pinRandom } from '../../pinRandom';
import { importSnippet } from '../../library';
import { sharedRedis } from '../../servers';
import { listen, openStream, until, type RawStream } from '../../s2-http';

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
    options?: { pollMs?: number; keepAliveMs?: number; maxStreamMs?: number },
  ): Promise<void>;
}

/** Waits (bounded) for the server to end `stream`; a stream left open fails here with `what`. */
async function endOf(stream: RawStream, what: string): Promise<void> {
  let ended = false;
  void stream.ended.then(() => (ended = true));
  await until(() => ended, what);
}

/** openStream, but a server that never answers fails here (bounded) instead of at the mocha timeout. */
async function opened(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  let stream: RawStream | undefined;
  let failure: unknown;
  openStream(url, headers).then(
    (s) => (stream = s),
    (e: unknown) => (failure = e ?? new Error('request failed')),
  );
  await until(() => stream !== undefined || failure !== undefined, `a response to ${url}`);
  if (failure !== undefined) throw failure;
  return stream!;
}

/** The response headers of a GET, read and then dropped. */
function headersOf(url: string): Promise<nodeHttp.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = nodeHttp.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      resolve(res.headers);
      req.destroy();
    });
    req.on('error', reject);
  });
}

/** The number of connections the server still holds. */
function connections(server: nodeHttp.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((_e, n) => resolve(n)));
}

/** How often `needle` occurs in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A client that sends the request and then does not read: a raw socket, paused, so the kernel's
 * buffers fill and the server's res.write starts returning false. `resume()` reads again; `text()`
 * is everything read since (HTTP chunk framing included: one write is one chunk, so an event's text
 * is contiguous).
 */
function stalledClient(url: string, path: string): { resume: () => void; text: () => string; destroy: () => void } {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  socket.pause();
  let text = '';
  return {
    resume: () => {
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (text += d));
      socket.resume();
    },
    text: () => text,
    destroy: () => socket.destroy(),
  };
}

/** Bytes wait in the server's memory (the kernel's buffers are full) while res.write still reports room. */
function waiting(res: ServerResponse | undefined): boolean {
  return res !== undefined && res.writableLength > 0 && !res.writableNeedDrain;
}

/**
 * Streams one task (`read`, given the response once it exists) to a client that never reads, until
 * the server has ended the stream with `last` (the done event or the lifetime's closing comment)
 * still unsent; then proves the server drops that client rather than holding its socket for good.
 * `check` runs once the stream has ended.
 */
async function droppedAfterStalledEnd(
  makeRead: (response: () => ServerResponse | undefined) => (taskId: string) => Promise<TaskProgress | null>,
  options: Parameters<SseProgressModule['streamTaskProgress']>[4],
  last: string,
  check?: () => void,
): Promise<void> {
  const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
  let response: ServerResponse | undefined;
  const read = makeRead(() => response);
  const http = await listen((req, res) => {
    response = res;
    void streamTaskProgress('t', read, req, res, options);
  });
  const client = stalledClient(http.url, '/t');
  try {
    await until(() => response?.writableEnded === true, `the stream ended with ${last}`);
    check?.();
    assert.equal(response!.writableFinished, false, `${last} left the server although the client does not read`);
    await until(async () => (await connections(http.server)) === 0, `the server dropped the stalled client after ${last} could not go out`);
  } finally {
    client.destroy();
    await http.close();
  }
  proves('sse-progress', 'typescript');
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
      void streamTaskProgress(taskId, read, req, res, { pollMs: 5, keepAliveMs: 20 });
    });
    const task = randomUUID();
    const key = `sse-progress:task:${task}`;
    try {
      await redis.hSet(key, { status: 'running', percent: '0' });
      const headers = await headersOf(`${http.url}/${task}`);
      assert.equal(headers['content-type'], 'text/event-stream');
      assert.equal(headers['cache-control'], 'no-cache', 'no cache may hold the stream back');
      assert.equal(headers['x-accel-buffering'], 'no', 'nginx must not buffer the stream');
      const stream = await opened(`${http.url}/${task}`);
      assert.equal(stream.status, 200);
      for (const percent of [10, 50, 90]) {
        await until(() => stream.events().length >= 1 && reads > 0, 'first event');
        const seen = reads;
        const quiet = stream.text().split(': keep-alive').length;
        await until(() => reads >= seen + 3, 'a few unchanged polls'); // nothing changed: no event
        // ...but the line is not silent: a comment keeps idle-timeout proxies from dropping it.
        await until(() => stream.text().split(': keep-alive').length > quiet, 'a keep-alive comment while nothing changes');
        await redis.hSet(key, { percent: String(percent) });
        await until(() => stream.events().some((e) => JSON.parse(e.data).percent === percent), `progress ${percent}`);
      }
      await redis.hSet(key, { status: 'succeeded', percent: '100' });
      await endOf(stream, 'the server ends the stream after done');
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
      const again = await opened(`${http.url}/${task}`, { 'last-event-id': events.at(-1)!.id! });
      assert.equal(again.status, 204);
      // A client that dropped before the done event reconnects without that id: it gets the outcome.
      const late = await opened(`${http.url}/${task}`);
      await endOf(late, 'the late client\'s stream ends after done');
      assert.deepEqual(late.events().map((e) => e.event), ['done']);

      const unknown = await opened(`${http.url}/${randomUUID()}`);
      assert.equal(unknown.status, 404, 'an unknown task is a 404, not an `error` event');
    } finally {
      await redis.del(key);
      await redis.quit();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a failing status read keeps the stream open and retries until reads recover (also when the first read fails); a client that leaves stops the polling', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    let failing = true; // the store is down when the client connects
    let percent = 40;
    let reads = 0;
    const read = async (): Promise<TaskProgress | null> => {
      reads++;
      if (failing) throw new Error('store timeout');
      return { status: 'running', percent };
    };
    const rejected: unknown[] = [];
    const http = await listen((req, res) =>
      void streamTaskProgress('t', read, req, res, { pollMs: 5 }).catch((e) => {
        rejected.push(e);
        res.destroy();
      }),
    );
    try {
      const stream = await opened(`${http.url}/t`);
      assert.equal(stream.status, 200, 'a store failure on the first read still opens the stream');
      await until(() => stream.text().includes('status read failed'), 'a retry comment');
      failing = false;
      await until(() => stream.events().length === 1, 'the first event once the store is back');
      failing = true;
      const comments = stream.text().split('status read failed').length;
      await until(() => stream.text().split('status read failed').length > comments, 'a retry comment after a later failure');
      failing = false;
      percent = 60;
      await until(() => stream.events().some((e) => JSON.parse(e.data).percent === 60), 'polling resumed after the failure');
      assert.deepEqual(rejected, [], 'the stream function never rejects on a store failure');
      stream.close();
      // Wait until the server has seen the client leave (not a fixed 50 ms, which a loaded machine can
      // outlast while polls at 5 ms go on): from then on at most the read already in flight may end.
      await until(async () => (await connections(http.server)) === 0, 'the server saw the client leave');
      const after = reads;
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(reads <= after + 1, `polling went on after the client left (${reads - after} more reads)`);
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it("typescript: a pollMs or maxStreamMs setTimeout would not keep (over 2^31-1 ms, with the lifetime's 10% jitter; Infinity, NaN, 0, negative) is refused before anything is read or written (every stream would end at once)", async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const untouched = new Proxy({}, { get: () => assert.fail('nothing may be touched') }) as never;
    const read = async () => assert.fail('nothing may be read');
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
      await assert.rejects(streamTaskProgress('t', read, untouched, untouched, { pollMs: bad }), (e: Error) => e instanceof RangeError && /pollMs/.test(e.message), `pollMs ${bad}`);
      await assert.rejects(streamTaskProgress('t', read, untouched, untouched, { maxStreamMs: bad }), (e: Error) => e instanceof RangeError && /maxStreamMs/.test(e.message), `maxStreamMs ${bad}`);
    }
    await assert.rejects(streamTaskProgress('t', read, untouched, untouched, { maxStreamMs: 2 ** 31 - 1 }), /maxStreamMs/, 'the jitter could take 2^31-1 past the limit');
    proves('sse-progress', 'typescript');
  });

  it('typescript: failed and cancelled end the stream with done too; a task deleted mid-stream ends the stream and its reconnect gets 404', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const tasks = new Map<string, TaskProgress>();
    const read = async (id: string): Promise<TaskProgress | null> => tasks.get(id) ?? null;
    const http = await listen((req, res) => void streamTaskProgress(new URL(req.url!, 'http://x').pathname.slice(1), read, req, res, { pollMs: 5 }));
    try {
      for (const status of ['failed', 'cancelled'] as const) {
        tasks.set(status, { status: 'running', percent: 30 });
        const stream = await opened(`${http.url}/${status}`);
        await until(() => stream.events().length === 1, `first event of the ${status} task`);
        tasks.set(status, { status, percent: 30, message: `it was ${status}` });
        await endOf(stream, `the stream ends once the task is ${status}`);
        assert.deepEqual(stream.events().map((e) => [e.event, e.id, JSON.parse(e.data).status]), [
          ['progress', undefined, 'running'],
          ['done', 'done', status],
        ]);
      }
      tasks.set('gone', { status: 'running', percent: 5 });
      const stream = await opened(`${http.url}/gone`);
      await until(() => stream.events().length === 1, 'first event of the task that will be deleted');
      tasks.delete('gone');
      await endOf(stream, 'the stream ends when its task is deleted');
      assert.deepEqual(stream.events().map((e) => e.event), ['progress'], 'no done for a deleted task');
      const again = await opened(`${http.url}/gone`);
      assert.equal(again.status, 404, 'the reconnect after a deletion is a 404');
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a client that leaves while a read is in flight (the first read or a later one) stops the polling; a handler that consumed the request body still streams', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    for (const which of ['first read', 'a later read']) {
      const slow = gate();
      let reads = 0;
      let blocked = false;
      const read = async (): Promise<TaskProgress | null> => {
        reads++;
        if (which === 'first read' ? reads === 1 : reads === 3) {
          blocked = true;
          await slow.wait;
        }
        return { status: 'running', percent: 20 };
      };
      const http = await listen((req, res) => void streamTaskProgress('t', read, req, res, { pollMs: 5 }));
      try {
        // The first read holds the response back, so open the connection without waiting for it.
        const req = nodeHttp.get(`${http.url}/t`, { headers: { accept: 'text/event-stream' } });
        req.on('error', () => {});
        await until(() => blocked, `the ${which} is in flight`);
        req.destroy();
        await until(async () => (await connections(http.server)) === 0, 'the server saw the client leave');
        slow.open();
        const after = reads;
        await new Promise((r) => setTimeout(r, 100)); // 20 polling intervals
        assert.equal(reads, after, `polling went on after the client left during the ${which} (${reads - after} more reads)`);
      } finally {
        slow.open();
        await http.close();
      }
    }

    // A body-reading middleware has consumed the request, so the request's own close fires early;
    // the stream must still follow the response (the client is still there).
    let percent = 10;
    const read = async (): Promise<TaskProgress | null> => ({ status: 'running', percent });
    const http = await listen((req, res) => {
      req.resume();
      req.on('end', () => void streamTaskProgress('t', read, req, res, { pollMs: 5 }));
    });
    try {
      const stream = await opened(`${http.url}/t`);
      await until(() => stream.events().length === 1, 'first event');
      await new Promise((r) => setTimeout(r, 30));
      percent = 70;
      await until(() => stream.events().length === 2, 'the change after the request was consumed');
      stream.close();
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: keep-alive comments go out only after keepAliveMs without a write, not on every unchanged poll, and never while changes keep coming; the default interval is far longer than a poll', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    let reads = 0;
    let changing = false;
    let lastChangeRead = 0;
    const read = async (): Promise<TaskProgress | null> => {
      reads++;
      // A read comes before the write it causes: the last change is written no sooner than this.
      if (changing) lastChangeRead = Date.now();
      return { status: 'running', percent: changing ? reads : 5 };
    };
    const http = await listen((req, res) => {
      const options = req.url === '/defaults' ? { pollMs: 2 } : { pollMs: 2, keepAliveMs: 100 };
      void streamTaskProgress('t', read, req, res, options);
    });
    try {
      const stream = await opened(`${http.url}/t`);
      const started = Date.now();
      await until(() => reads >= 150, '150 unchanged polls');
      const quietMs = Date.now() - started;
      const quiet = count(stream.text(), ': keep-alive');
      assert.ok(quiet >= 1, `no keep-alive in ${quietMs} ms of silence (interval 100 ms)`);
      assert.ok(
        quiet <= Math.floor(quietMs / 100) + 1,
        `${quiet} keep-alives over ${reads} unchanged polls in ${quietMs} ms: more than one per 100 ms of silence`,
      );

      // Changes every poll (2 ms) keep the line busy: no comment is needed, and none is sent.
      changing = true;
      const before = stream.text().length;
      const from = reads;
      await until(() => reads >= from + 150, '150 changing polls');
      const busy = stream.text().slice(before);
      assert.ok(count(busy, 'event: progress') >= 100, 'the changes were streamed');
      assert.equal(count(busy, ': keep-alive'), 0, 'a keep-alive while events kept the line busy');
      // The quiet interval counts from the last write of any kind, so the next comment comes no
      // sooner than 100 ms after the last event (the last keep-alive was longer ago than that).
      changing = false;
      const settled = stream.text().length;
      await until(() => stream.text().slice(settled).includes(': keep-alive'), 'a keep-alive once the changes stop');
      const gap = Date.now() - lastChangeRead;
      assert.ok(gap >= 100, `a keep-alive ${gap} ms after the last event was read, sooner than the 100 ms interval`);
      stream.close();

      // With the defaults the interval is a matter of seconds (the card advises 15 to 30), not a poll.
      const plain = await opened(`${http.url}/defaults`);
      const start = reads;
      await until(() => reads >= start + 150, '150 unchanged polls with the default keep-alive interval');
      assert.equal(plain.events().length, 1);
      assert.equal(count(plain.text(), ': keep-alive'), 0, 'the default keep-alive interval is shorter than 150 polls');
      plain.close();
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a keepAliveMs of NaN (no keep-alive ever), 0 or below (one every poll) is refused with RangeError before anything is written', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const outcomes: unknown[] = [];
    const http = await listen((req, res) => {
      streamTaskProgress('t', async () => ({ status: 'running', percent: 1 }), req, res, { pollMs: 5, keepAliveMs: Number(req.url!.slice(1)) }).then(
        () => outcomes.push('resolved'),
        (err: unknown) => {
          outcomes.push(err);
          res.writeHead(500).end();
        },
      );
    });
    try {
      for (const bad of ['NaN', '0', '-5']) {
        const stream = await opened(`${http.url}/${bad}`);
        await until(() => outcomes.length > 0, `the handler's outcome for keepAliveMs ${bad}`);
        const outcome = outcomes.shift();
        stream.close();
        assert.ok(outcome instanceof RangeError && /keepAliveMs/.test(outcome.message), `keepAliveMs ${bad}: ${String(outcome)}`);
        assert.equal(stream.status, 500, `keepAliveMs ${bad}: the stream was opened`);
      }
    } finally {
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: keep-alives are timed on a monotonic clock: a wall clock stepped back an hour does not hold them back', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const http = await listen((req, res) => void streamTaskProgress('t', async () => ({ status: 'running', percent: 5 }), req, res, { pollMs: 5, keepAliveMs: 50 }));
    const realNow = Date.now;
    let stream: RawStream | undefined;
    try {
      stream = await opened(`${http.url}/t`);
      await until(() => stream!.events().length === 1, 'the first event');
      Date.now = () => realNow() - 3_600_000; // an NTP step back, say
      const from = stream.text().length;
      await until(() => stream!.text().slice(from).includes(': keep-alive'), 'a keep-alive after the wall clock went back an hour');
    } finally {
      Date.now = realNow;
      stream?.close();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a client that stops reading (res.write returns false) pauses the polling instead of queueing events in memory; once it reads again it gets the status as it is by then', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const filler = 'x'.repeat(64 * 1024);
    let reads = 0;
    let frozen = false;
    // Every poll is a new 64 KB event until `frozen`, so the buffers fill within a few hundred polls.
    const read = async (): Promise<TaskProgress | null> => {
      reads++;
      return frozen ? { status: 'running', percent: 77, message: 'frozen' } : { status: 'running', percent: reads % 100, message: `${reads}${filler}` };
    };
    let response: ServerResponse | undefined;
    const http = await listen((req, res) => {
      response = res;
      void streamTaskProgress('t', read, req, res, { pollMs: 1 });
    });
    const client = stalledClient(http.url, '/t');
    try {
      await until(() => response?.writableNeedDrain === true, 'res.write returning false for a client that does not read');
      const blockedAt = reads;
      await sleep(150); // 150 polling intervals
      assert.equal(reads, blockedAt, `polling went on while the client did not read (${reads - blockedAt} more reads)`);
      assert.ok(
        response!.writableLength <= 2 * (filler.length + 200),
        `${response!.writableLength} bytes queued in memory for a client that does not read`,
      );
      frozen = true;
      client.resume();
      await until(() => client.text().includes('"percent":77,"message":"frozen"'), 'the current status once the client reads again');
      assert.ok(reads > blockedAt, 'polling resumed after the drain');
      const delivered = count(client.text(), 'event: progress');
      assert.ok(delivered <= reads, 'no more events than polls');
    } finally {
      client.destroy();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a stream ends after maxStreamMs while its task stays running, leaving no poller behind, and the reconnect gets the current status; a client that stopped reading is dropped then', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    let reads = 0;
    let percent = 50;
    const read = async (): Promise<TaskProgress | null> => {
      reads++;
      return { status: 'running', percent };
    };
    const http = await listen((req, res) => void streamTaskProgress('t', read, req, res, { pollMs: 5, maxStreamMs: 150 }));
    try {
      const stream = await opened(`${http.url}/t`);
      await endOf(stream, 'the server ends a stream whose task is stuck in running');
      assert.deepEqual(stream.events().map((e) => [e.event, e.id, JSON.parse(e.data).percent]), [['progress', undefined, 50]]);
      assert.ok(stream.text().includes('stream lifetime reached'), 'the end is explained in a comment');
      // The poller stops before the end is written, so no read starts once the client has seen it.
      const after = reads;
      await sleep(100); // 20 polling intervals
      assert.equal(reads, after, `polling went on after the stream's lifetime (${reads - after} more reads)`);
      percent = 60;
      const again = await opened(`${http.url}/t`);
      assert.equal(again.status, 200, 'the reconnect is served');
      await until(() => again.events().length === 1, 'the status on reconnect');
      assert.equal(JSON.parse(again.events()[0].data).percent, 60);
      again.close();
    } finally {
      await http.close();
    }

    // A client that stopped reading cannot take an orderly end (it would wait for a flush that never
    // comes): at the lifetime the server drops the connection.
    const filler = 'y'.repeat(256 * 1024);
    const changing = async (): Promise<TaskProgress | null> => ({ status: 'running', percent: ++reads % 100, message: `${reads}${filler}` });
    let response: ServerResponse | undefined;
    const slow = await listen((req, res) => {
      response = res;
      void streamTaskProgress('t', changing, req, res, { pollMs: 1, maxStreamMs: 2000 });
    });
    const client = stalledClient(slow.url, '/t');
    try {
      await until(() => response?.writableNeedDrain === true, 'res.write returning false for a client that does not read');
      await until(async () => (await connections(slow.server)) === 0, 'the server dropped the stalled client at the end of the lifetime');
    } finally {
      client.destroy();
      await slow.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a client that leaves mid-stream clears the lifetime timer (it would hold the handler\'s closure until the lifetime); each lifetime is drawn within 90-110% of maxStreamMs', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const maxStreamMs = 1_000_000; // distinct from every other delay in the process
    const isLifetime = (ms: unknown): boolean => typeof ms === 'number' && ms >= 0.8 * maxStreamMs && ms <= 1.2 * maxStreamMs;
    const responses: ServerResponse[] = [];
    const read = async (): Promise<TaskProgress | null> => ({ status: 'running', percent: 10 });
    const http = await listen((req, res) => {
      responses.push(res);
      void streamTaskProgress('t', read, req, res, { pollMs: 50_000, maxStreamMs });
    });
    // The draw is pinned through Math.random, the lifetime's one random source (as job-queue pins
    // its retry delay's draw): no option exists only for tests.
    const random = pinRandom();
    const { armed, cleared, restore } = patchTimers(isLifetime, { clearArmed: true }); // the lifetime timers (800 to 1,200 s: no other delay in the process)
    try {
      const lifetimes: number[] = [];
      for (const pinned of [0, 0.999999, 0.5]) {
        random.value = pinned;
        random.draws = 0;
        const stream = await opened(`${http.url}/t`);
        await until(() => stream.events().length === 1, 'the first progress event');
        assert.equal(armed.length, lifetimes.length + 1, 'one lifetime timer per stream');
        assert.equal(random.draws, 1, 'one random draw per stream');
        const { timer, ms } = armed[armed.length - 1]!;
        lifetimes.push(ms);
        stream.close(); // the client leaves while its task is still running
        const res = responses[responses.length - 1]!;
        await until(() => res.closed, 'the server saw the client leave');
        await sleep(20);
        assert.ok(cleared.has(timer), `the lifetime timer of a stream whose client left is still armed (${ms} ms)`);
      }
      assert.deepEqual(lifetimes.map(Math.round), [900_000, 1_100_000, 1_000_000], 'lifetimes for draws 0, ~1 and 0.5');
    } finally {
      random.restore();
      restore();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a client that leaves mid-stream clears the pending poll timer (tick would find the stream closed, but the timer would hold the handler\'s closure until pollMs)', async () => {
    const { streamTaskProgress } = importSnippet<SseProgressModule>('sse-progress');
    const pollMs = 333_333; // distinct from every other delay in the process
    let res: ServerResponse | undefined;
    const read = async (): Promise<TaskProgress | null> => ({ status: 'running', percent: 10 });
    const http = await listen((req, r) => {
      res = r;
      void streamTaskProgress('t', read, req, r, { pollMs });
    });
    const { armed, cleared, restore } = patchTimers((ms) => ms === pollMs, { clearArmed: true }); // the poll timers
    try {
      const stream = await opened(`${http.url}/t`);
      await until(() => stream.events().length === 1 && armed.length === 1, 'the first progress event and its poll timer');
      stream.close(); // the client leaves while its task is still running
      await until(() => res!.closed, 'the server saw the client leave');
      await sleep(20);
      assert.equal(armed.length, 1, 'no poll timer armed after the first');
      assert.ok(cleared.has(armed[0]!.timer), `the poll timer of a stream whose client left is still armed (${pollMs} ms)`);
    } finally {
      restore();
      await http.close();
    }
    proves('sse-progress', 'typescript');
  });

  it('typescript: a client that stops reading before the done event has left the server is dropped at the lifetime too, not held open by the end waiting on it', async () => {
    // The task is already done, with a result far larger than the socket's buffers: the done event
    // cannot leave the server while the client does not read, so the end waits for it.
    const big = 'z'.repeat(16 * 1024 * 1024);
    await droppedAfterStalledEnd(() => async () => ({ status: 'succeeded', percent: 100, message: big }), { pollMs: 5, maxStreamMs: 300 }, 'the done event');
  });

  it('typescript: a client that stops reading is dropped at the lifetime also when its small done event still fit in the buffer (the write said ok, the end waits on it)', async () => {
    // Progress events of 8 KiB until the kernel's buffers are full and bytes wait in the server's
    // memory (res.write still returns true: under the high-water mark); then a small done event,
    // which joins them. The end cannot go out while the client does not read.
    let percent = 0;
    let doneSent = false;
    await droppedAfterStalledEnd(
      (response) => async () => {
        if (waiting(response())) {
          doneSent = true;
          return { status: 'succeeded', percent: 100 };
        }
        return { status: 'running', percent: percent++, message: 'm'.repeat(8 * 1024) };
      },
      { pollMs: 1, maxStreamMs: 8000 },
      'the done event',
      () => assert.ok(doneSent, 'the done event went out while bytes waited and the write was not refused'),
    );
  });

  it('typescript: at the lifetime, a client that stopped reading while the writes still fit under the limit is dropped too (the closing comment cannot go out)', async () => {
    // Progress events of 8 KiB until bytes wait in the server's memory under the high-water mark
    // (res.write still returns true); then the status stops changing, so nothing more is written
    // until the lifetime ends the stream with its closing comment.
    let percent = 0;
    let filled = false;
    await droppedAfterStalledEnd(
      (response) => async () => {
        if (filled || waiting(response())) filled = true;
        return filled ? { status: 'running', percent } : { status: 'running', percent: percent++, message: 'm'.repeat(8 * 1024) };
      },
      { pollMs: 1, keepAliveMs: 3_600_000, maxStreamMs: 2000 },
      'the closing comment',
      () => assert.ok(filled, 'bytes waited in memory while the writes were still accepted'),
    );
  });
});
