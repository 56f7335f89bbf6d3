/**
 * long-polling: over real HTTP, a client polling in a loop while updates are pushed concurrently
 * receives each once and in order; a waiting poll is answered by a push; a cursor older than the
 * retained window, from before a restart, or missing gets a reset instead of a silent gap or a
 * stall; a client that leaves mid-wait frees its listener.
 */
import { strict as assert } from 'assert';
import * as http from 'http';
import type { IncomingMessage, ServerResponse } from 'http';
import { proves } from '../../harness';
import { importSnippet } from '../../library';
import { listen, until } from '../../s2-http';

interface PollAnswer {
  updates: { seq: number; data: unknown }[];
  cursor: string;
  reset: boolean;
}
interface Feed {
  push(data: unknown): void;
  cursor(): string;
  loadWithCursor<T>(load: () => Promise<T>): Promise<{ state: T; cursor: string }>;
}
interface LongPollingModule {
  UpdateFeed: new (keep?: number) => Feed & { after(cursor: string): PollAnswer };
  handlePoll(feed: Feed, req: IncomingMessage, res: ServerResponse, timeoutMs?: number): Promise<void>;
}

async function poll(url: string, cursor: string | undefined): Promise<PollAnswer> {
  const res = await fetch(cursor === undefined ? url : `${url}/poll?cursor=${encodeURIComponent(cursor)}`);
  assert.equal(res.status, 200);
  return (await res.json()) as PollAnswer;
}

describe('long-polling', function () {
  this.timeout(120_000);

  it('typescript: a client polling in a loop while 500 updates are pushed gets each once, in order; a waiting poll is answered by a push', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed(1000);
    const server = await listen((req, res) => void handlePoll(feed, req, res, 60_000));
    try {
      let cursor = feed.cursor(); // the client loaded the state and starts polling
      const got: number[] = [];
      const pusher = (async () => {
        for (let i = 1; i <= 500; i++) {
          feed.push({ i });
          if (i % 7 === 0) await new Promise((r) => setTimeout(r, 1));
        }
      })();
      while (got.length < 500) {
        const answer = await poll(server.url, cursor);
        assert.equal(answer.reset, false);
        got.push(...answer.updates.map((u) => (u.data as { i: number }).i));
        cursor = answer.cursor;
      }
      await pusher;
      assert.deepEqual(got, Array.from({ length: 500 }, (_, i) => i + 1), 'no update lost or doubled between polls');

      // Nothing new: the poll waits (60 s timeout) until the next push answers it.
      const waiting = poll(server.url, cursor);
      await new Promise((r) => setTimeout(r, 50));
      feed.push({ i: 501 });
      const answer = await waiting;
      assert.deepEqual(answer.updates.map((u) => (u.data as { i: number }).i), [501]);
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });

  it("typescript: a timeoutMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, 0, negative) is refused (every poll would end at once and clients spin)", async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed();
    const req = { url: '/poll' } as IncomingMessage;
    const res = {} as ServerResponse; // refused before the response is touched
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
      await assert.rejects(handlePoll(feed, req, res, bad), (e: Error) => e instanceof RangeError && /timeoutMs/.test(e.message), String(bad));
    }
    proves('long-polling', 'typescript');
  });

  it('typescript: an evicted cursor, a cursor from before a restart and no cursor get a reset, answered at once', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    let feed = new UpdateFeed(10);
    const server = await listen((req, res) => void handlePoll(feed, req, res, 600_000));
    try {
      const start = feed.cursor();
      for (let i = 0; i < 5; i++) feed.push(i);
      assert.equal((await poll(server.url, start)).updates.length, 5, 'within the window: the updates');
      for (let i = 0; i < 20; i++) feed.push(i); // the window keeps 10
      const evicted = await poll(server.url, start);
      assert.equal(evicted.reset, true, 'updates were evicted: reset, not a silent gap');
      assert.equal(evicted.cursor, feed.cursor());

      const beforeRestart = feed.cursor(); // seq 25 of the old process
      feed = new UpdateFeed(10); // restart: sequence numbers start again
      feed.push('after restart');
      // With a 10-minute poll timeout, a stall would fail this test by mocha's timeout.
      assert.equal((await poll(server.url, beforeRestart)).reset, true, 'a cursor from before a restart: reset, not a stall');
      assert.equal((await poll(server.url, undefined)).reset, true, 'no cursor: load the state first');
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });

  it('typescript: loadWithCursor takes the cursor before the state, so an update pushed during the load is delivered by the next poll', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed(100);
    const server = await listen((req, res) => void handlePoll(feed, req, res, 200));
    try {
      const table = new Map<string, number>([['a', 1]]);
      feed.push({ key: 'a', value: 1 });
      const { state, cursor } = await feed.loadWithCursor(async () => {
        const snapshot = new Map(table);
        // A write lands while the state is being read: after the snapshot, before the load returns.
        table.set('b', 2);
        feed.push({ key: 'b', value: 2 });
        return snapshot;
      });
      assert.equal(state.has('b'), false, 'the snapshot missed the concurrent write');
      const answer = await poll(server.url, cursor);
      assert.deepEqual(answer.updates.map((u) => u.data), [{ key: 'b', value: 2 }], 'the next poll delivers it');
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });

  it('typescript: push refuses data JSON cannot carry (before: recorded, then every poll over it threw in the handler, an unhandled rejection), leaves no gap, and sends the data as it was when pushed', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed(100);
    const server = await listen((req, res) => void handlePoll(feed, req, res, 60_000));
    try {
      const start = feed.cursor();
      feed.push({ n: 1 });
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const before = feed.cursor();
      for (const bad of [10n, { amount: 10n }, cycle, undefined, () => 1, Symbol('s')]) {
        assert.throws(() => feed.push(bad), TypeError, `refused: ${typeof bad}`);
      }
      assert.equal(feed.cursor(), before, 'a refused push takes no sequence number');
      const later = { n: 2 };
      feed.push(later);
      later.n = 99; // the publisher reuses its object after pushing it
      const answer = await poll(server.url, start);
      assert.deepEqual(answer.updates, [{ seq: 1, data: { n: 1 } }, { seq: 2, data: { n: 2 } }], 'no gap, and the data as pushed');
      assert.deepEqual(feed.after(start).updates.map((u) => u.data), [{ n: 1 }, { n: 2 }], 'after() hands out what clients get');
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });

  it('typescript: push refuses NaN, an infinity or an invalid Date anywhere in the data with a TypeError and takes no sequence number (before: recorded and sent to clients as null)', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed(100);
    const server = await listen((req, res) => void handlePoll(feed, req, res, 60_000));
    try {
      const start = feed.cursor();
      const bad: [string, unknown][] = [
        ['NaN at the top', Number.NaN],
        ['NaN in an object', { x: Number.NaN }],
        ['Infinity deep in an array', { rows: [[1, Number.POSITIVE_INFINITY]] }],
        ['-Infinity', { x: Number.NEGATIVE_INFINITY }],
        ['a Number object holding NaN', { x: new Number(Number.NaN) }],
        ['a toJSON that returns Infinity', { x: { toJSON: () => Number.POSITIVE_INFINITY } }],
        ['an invalid Date at the top', new Date(Number.NaN)],
        ['an invalid Date in an object', { at: new Date('not a date') }],
      ];
      for (const [name, data] of bad) assert.throws(() => feed.push(data), TypeError, name);
      assert.equal(feed.cursor(), start, 'a refused push takes no sequence number');
      const at = new Date(Date.UTC(2026, 0, 2));
      feed.push({ x: 1.5, big: Number.MAX_VALUE, at, note: undefined, list: [0, -0] });
      const answer = await poll(server.url, start);
      assert.deepEqual(answer.updates, [{ seq: 1, data: { x: 1.5, big: Number.MAX_VALUE, at: '2026-01-02T00:00:00.000Z', list: [0, 0] } }], 'ordinary data and a valid Date still go out');
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });

  it('typescript: a keep that is not a whole number >= 1 is refused (NaN or Infinity never evicted: every update stayed in memory)', async () => {
    const { UpdateFeed } = importSnippet<LongPollingModule>('long-polling');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 2.5]) {
      assert.throws(() => new UpdateFeed(bad), RangeError, `keep ${bad}`);
    }
    const feed = new UpdateFeed(3);
    const start = feed.cursor();
    for (let i = 0; i < 5; i++) feed.push(i);
    assert.equal(feed.after(start).reset, true, 'a whole keep evicts');
    proves('long-polling', 'typescript');
  });

  it('typescript: a client that leaves mid-wait frees its listener', async () => {
    const { UpdateFeed, handlePoll } = importSnippet<LongPollingModule>('long-polling');
    const feed = new UpdateFeed(10);
    const emitter = (feed as unknown as { emitter: { listenerCount(e: string): number } }).emitter;
    const server = await listen((req, res) => void handlePoll(feed, req, res, 600_000));
    try {
      const requests = Array.from({ length: 20 }, () => {
        const req = http.get(`${server.url}/poll?cursor=${encodeURIComponent(feed.cursor())}`);
        req.on('error', () => {});
        return req;
      });
      await until(() => emitter.listenerCount('update') === 20, '20 waiting polls');
      for (const req of requests) req.destroy();
      await until(() => emitter.listenerCount('update') === 0, 'listeners freed after the clients left');
    } finally {
      await server.close();
    }
    proves('long-polling', 'typescript');
  });
});
