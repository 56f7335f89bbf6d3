/**
 * sse-client: against a real HTTP server that drops connections, every event arrives once and in
 * order (Last-Event-ID resume); CRLF split across chunks parses right; 204 ends the stream; a 4xx
 * refusal rejects; a 503 is retried; an onEvent error stops it; an abort ends a long backoff at once.
 */
import { strict as assert } from 'assert';
import { getEventListeners } from 'events';
import * as http from 'http';
import type { ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { proves } from '../../harness';
import { importSnippet } from '../../library';
import { patchTimers } from '../../patchTimers';
import { listen, until } from '../../s2-http';

interface SseEvent {
  id: string | undefined;
  type: string;
  data: string;
}
interface SseClientModule {
  readEventStream(
    url: string,
    onEvent: (e: SseEvent) => void,
    signal: AbortSignal,
    headers?: Record<string, string>,
    idleTimeoutMs?: number,
  ): Promise<void>;
  StreamRejected: new (status: number) => Error;
}

/**
 * Runs `body` with the timers patched (patchTimers) and returns the delays that `pick` accepted, in
 * order. With `atOnce`, those timers fire at once instead of after their delay; every other timer
 * runs as asked.
 */
async function patchTimeouts(pick: (ms: number) => boolean, atOnce: boolean, body: () => Promise<unknown>): Promise<number[]> {
  const timers = patchTimers((ms) => pick(ms ?? 0), { atOnce });
  try {
    await body();
  } finally {
    timers.restore();
  }
  return timers.armed.map((t) => t.ms);
}

/** The delays given to setTimeout within [min, max] ms while `body` runs (fetch's own timers are longer). */
const recordTimeouts = (min: number, max: number, body: () => Promise<unknown>): Promise<number[]> =>
  patchTimeouts((ms) => ms >= min && ms <= max, false, body);

/**
 * True when the timer being armed is one of the variant's sleeps between connections (its sleep
 * function, in its own module, modules/sse-client.ts), not its idle timer or anyone else's.
 */
const sleepOfVariant = (): boolean => /\bat sleep \([^\n]*modules[\\/]sse-client\.ts/.test(new Error().stack ?? '');

/**
 * The variant's backoff sleeps while `body` runs (2 s and more), recorded and fired at once, so a
 * proof does not wait them out.
 */
const skipBackoffs = (body: () => Promise<unknown>): Promise<number[]> => patchTimeouts((ms) => ms >= 2000 && sleepOfVariant(), true, body);

/**
 * Runs `body` while counting the characters that string and regex searches examine: from where a
 * search starts to where it stops (its match, or the end of the string). Anchored regexes (`^...`
 * without the m flag) count 1, since they look at the start alone. A quadratic line scanner shows up
 * here as a count far above the bytes received, whatever the machine's speed.
 */
async function countSearched(body: () => Promise<unknown>): Promise<number> {
  let examined = 0;
  const realExec = RegExp.prototype.exec;
  const realIndexOf = String.prototype.indexOf;
  const realIncludes = String.prototype.includes;
  const realSearch = String.prototype.search;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const found = realExec.call(this, input);
    const anchored = this.source.startsWith('^') && !this.multiline;
    examined += anchored ? 1 : (found ? found.index + 1 : String(input).length) - from;
    return found;
  };
  String.prototype.indexOf = function (this: string, needle: string, from?: number) {
    const at = realIndexOf.call(this, needle, from);
    examined += (at < 0 ? this.length : at + 1) - Math.max(0, from ?? 0);
    return at;
  };
  String.prototype.includes = function (this: string, needle: string, from?: number) {
    const at = realIndexOf.call(this, needle, from);
    examined += (at < 0 ? this.length : at + 1) - Math.max(0, from ?? 0);
    return at >= 0;
  };
  // search(regex) goes through the patched exec; a string argument is made into a regex there too.
  try {
    await body();
  } finally {
    RegExp.prototype.exec = realExec;
    String.prototype.indexOf = realIndexOf;
    String.prototype.includes = realIncludes;
    String.prototype.search = realSearch;
  }
  return examined;
}

const streamHead = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
};

/** Reads `url`, aborting from onEvent at the first event; returns the data of every event delivered. */
async function readUntilFirstEvent(readEventStream: SseClientModule['readEventStream'], url: string): Promise<string[]> {
  const stop = new AbortController();
  const got: string[] = [];
  await readEventStream(url, (e) => {
    got.push(e.data);
    stop.abort();
  }, stop.signal);
  return got;
}

describe('sse-client', function () {
  this.timeout(120_000);

  it('typescript: across 4 dropped connections, 40 events arrive once each and in order, resuming from Last-Event-ID', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const asked: (string | undefined)[] = [];
    const http = await listen((req, res) => {
      const last = req.headers['last-event-id'] as string | undefined;
      asked.push(last);
      streamHead(res);
      res.write('retry: 5\n\n');
      const start = last ? Number(last) : 0;
      // 10 events per connection, then the connection breaks mid-event.
      for (let n = start + 1; n <= Math.min(start + 10, 40); n++) res.write(`id: ${n}\nevent: tick\ndata: line one ${n}\ndata: line two\n\n`);
      if (start + 10 < 40) {
        // Once the bytes are out, the connection breaks (destroying at once would discard them).
        res.write('id: 999\ndata: half an event', () => res.destroy());
      } else res.end();
    });
    const stop = new AbortController();
    const got: SseEvent[] = [];
    try {
      await readEventStream(
        `${http.url}/stream`,
        (e) => {
          got.push(e);
          if (got.length === 40) stop.abort();
        },
        stop.signal,
      );
    } finally {
      await http.close();
    }
    assert.deepEqual(got.map((e) => e.id), Array.from({ length: 40 }, (_, i) => String(i + 1)), 'each event once, in order');
    assert.deepEqual(got[0], { id: '1', type: 'tick', data: 'line one 1\nline two' });
    assert.deepEqual(asked, [undefined, '10', '20', '30'], 'each reconnect resumes after the last complete event');
    proves('sse-client', 'typescript');
  });

  it('typescript: a CRLF line ending split across two chunks ends one line, not two', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const http = await listen((_req, res) => {
      streamHead(res);
      res.write('data: a\r');
      setTimeout(() => res.write('\ndata: b\r\n\r\n'), 20);
      setTimeout(() => res.end(), 40);
    });
    let got: string[];
    try {
      got = await readUntilFirstEvent(readEventStream, http.url);
    } finally {
      await http.close();
    }
    assert.deepEqual(got, ['a\nb']);
    proves('sse-client', 'typescript');
  });

  it('typescript: an abort from onEvent delivers no later event, even one already received in the same chunk', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const http = await listen((_req, res) => {
      streamHead(res);
      res.write('data: first\n\ndata: second\n\n');
    });
    let got: string[];
    try {
      got = await readUntilFirstEvent(readEventStream, http.url);
    } finally {
      await http.close();
    }
    assert.deepEqual(got, ['first'], 'nothing delivered after the abort');
    proves('sse-client', 'typescript');
  });

  it('typescript: 204 ends the stream, 401 rejects, 503 is retried, an onEvent error stops it, abort ends a 10-minute backoff at once', async () => {
    const { readEventStream, StreamRejected } = importSnippet<SseClientModule>('sse-client');
    let phase = 0;
    const http = await listen((req, res) => {
      if (req.url === '/done') return void res.writeHead(204).end();
      if (req.url === '/denied') return void res.writeHead(401).end();
      if (req.url === '/flaky') {
        if (phase++ < 2) return void res.writeHead(503).end();
        streamHead(res);
        return void res.end('retry: 1\ndata: finally\n\n');
      }
      if (req.url === '/slow-retry') {
        streamHead(res);
        return void res.end('retry: 600000\ndata: one\n\n');
      }
      streamHead(res);
      res.end('data: boom\n\n');
    });
    try {
      const never = new AbortController();
      await readEventStream(`${http.url}/done`, () => assert.fail('no events'), never.signal);
      await assert.rejects(readEventStream(`${http.url}/denied`, () => {}, never.signal), (err: Error) => err instanceof StreamRejected && /401/.test(err.message));
      await assert.rejects(
        readEventStream(`${http.url}/throws`, () => {
          throw new Error('handler bug');
        }, never.signal),
        /handler bug/,
      );

      // Two 503s, then a stream: it does not give up, after backing off 6 s then 12 s (each x0.5 to
      // x1), recorded and skipped rather than waited out.
      let flaky: string[] = [];
      const backoffs = await skipBackoffs(async () => (flaky = await readUntilFirstEvent(readEventStream, `${http.url}/flaky`)));
      assert.deepEqual(flaky, ['finally']);
      assert.equal(backoffs.length, 2, `one backoff per 503: ${backoffs}`);
      assert.ok(backoffs[0]! >= 3000 && backoffs[0]! <= 6000, `first backoff within [3, 6] s: ${backoffs}`);
      assert.ok(backoffs[1]! >= 6000 && backoffs[1]! <= 12_000, `second backoff within [6, 12] s: ${backoffs}`);

      const slow = new AbortController();
      const slowGot: string[] = [];
      const reading = readEventStream(`${http.url}/slow-retry`, (e) => slowGot.push(e.data), slow.signal);
      while (slowGot.length === 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50)); // now waiting out the 600 s retry
      slow.abort();
      await reading; // must return now, not after 10 minutes (mocha's timeout would fail it)
    } finally {
      await http.close();
    }
    proves('sse-client', 'typescript');
  });
  it('typescript: a server that keeps failing is retried with a backoff that grows and is capped at 60 s', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let requests = 0;
    const stop = new AbortController();
    const http = await listen((_req, res) => {
      if (++requests >= 10) stop.abort();
      res.writeHead(503).end();
    });
    let delays: number[];
    try {
      delays = await skipBackoffs(() => readEventStream(http.url, () => assert.fail('no events'), stop.signal));
    } finally {
      await http.close();
    }
    assert.ok(delays.length >= 8, `backoff delays recorded: ${delays}`);
    assert.ok(delays.every((d) => d <= 60_000), `backoff capped at 60 s: ${delays}`);
    assert.ok(delays.slice(-3).every((d) => d >= 30_000), `backoff grew to the cap (x0.5 to x1 of 60 s): ${delays}`);
    proves('sse-client', 'typescript');
  });

  it('typescript: an abort that lands while a failed response is being discarded ends the loop at once, with no backoff sleep', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    // fetch answers 503 with a body whose cancel waits until released, so the abort lands at exactly
    // that await, before the backoff sleep starts.
    let cancelStarted!: () => void;
    const started = new Promise<void>((resolve) => (cancelStarted = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async () =>
      new Response(
        new ReadableStream({
          cancel: () => {
            cancelStarted();
            return released;
          },
        }),
        { status: 503 },
      )) as typeof fetch;
    const stop = new AbortController();
    let delays: number[];
    try {
      delays = await patchTimeouts((ms) => ms >= 1000 && sleepOfVariant(), false, async () => {
        const run = readEventStream('http://127.0.0.1:1/never', () => assert.fail('no events'), stop.signal);
        await started;
        stop.abort();
        release();
        await run;
      });
    } finally {
      globalThis.fetch = originalFetch;
    }
    assert.deepEqual(delays, [], 'no backoff sleep was started after the abort');
    proves('sse-client', 'typescript');
  });

  it("typescript: a server's retry: past setTimeout's limit (2^31-1 ms), or too long for a number, waits the limit, not 1 ms (a reconnect storm)", async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    for (const retry of ['99999999999', '9'.repeat(400)]) {
      let connections = 0;
      const http = await listen((_req, res) => {
        connections++;
        streamHead(res);
        res.end(`retry: ${retry}\ndata: x\n\n`);
      });
      // The variant's sleeps only, recorded and left armed: abort ends them.
      const timers = patchTimers((ms) => (ms ?? 0) >= 2000 && sleepOfVariant());
      const stop = new AbortController();
      try {
        const reading = readEventStream(http.url, () => undefined, stop.signal);
        for (let i = 0; timers.armed.length === 0; i++) {
          assert.ok(i < 1_000_000, 'the client never slept before reconnecting');
          await new Promise((r) => setImmediate(r));
        }
        stop.abort();
        await reading;
      } finally {
        stop.abort();
        timers.restore();
        await http.close();
      }
      assert.deepEqual(timers.armed.map((t) => t.ms), [2 ** 31 - 1], `retry: ${retry.slice(0, 20)}`);
      assert.equal(connections, 1);
    }
    proves('sse-client', 'typescript');
  });

  it('typescript: after a normal close the retry delay is jittered (x0.5 to x1.5), so a fleet does not reconnect in step', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let connections = 0;
    const http = await listen((_req, res) => {
      connections++;
      streamHead(res);
      res.end(`retry: 40\ndata: ${connections}\n\n`);
    });
    try {
      const stop = new AbortController();
      const delays = await recordTimeouts(10, 1000, () =>
        readEventStream(http.url, () => {
          if (connections >= 12) stop.abort();
        }, stop.signal),
      );
      assert.ok(delays.length >= 10, `reconnect delays recorded: ${delays}`);
      assert.ok(delays.every((d) => d >= 20 && d <= 60), `delays within [20, 60]: ${delays}`);
      assert.ok(new Set(delays).size > 5, `delays are jittered, not all the server's 40 ms: ${delays}`);
    } finally {
      await http.close();
    }
    proves('sse-client', 'typescript');
  });

  it('typescript: an event whose lines end in CR alone is delivered when its blank line arrives, not held until the next byte', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const http = await listen((_req, res) => {
      streamHead(res);
      res.write('data: a\r\r'); // then nothing: the connection stays open and quiet
    });
    const stop = new AbortController();
    const got: string[] = [];
    try {
      const reading = readEventStream(http.url, (e) => got.push(e.data), stop.signal);
      await until(() => got.length === 1, 'the event whose blank line is a lone CR at the end of a chunk');
      stop.abort();
      await reading;
    } finally {
      stop.abort();
      await http.close();
    }
    assert.deepEqual(got, ['a']);
    proves('sse-client', 'typescript');
  });

  it("typescript: after a server's retry: 0, a failing server is still backed off (at least 1 s, growing), not retried in a tight loop", async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let requests = 0;
    const stop = new AbortController();
    const http = await listen((_req, res) => {
      if (++requests === 1) {
        streamHead(res);
        return void res.end('retry: 0\ndata: hello\n\n');
      }
      if (requests >= 7) stop.abort();
      res.writeHead(503).end();
    });
    // Every sleep of the variant, recorded and fired at once.
    let delays: number[];
    try {
      delays = await patchTimeouts(sleepOfVariant, true, () =>
        readEventStream(http.url, () => undefined, stop.signal),
      );
    } finally {
      await http.close();
    }
    // The first sleep follows the normal close (retry: 0, as the server asked); the rest follow 503s.
    const failures = delays.slice(1);
    assert.ok(failures.length >= 5, `backoff delays recorded: ${delays}`);
    assert.ok(failures.every((d) => d >= 1000), `a failure backs off at least 1 s: ${delays}`);
    assert.ok(failures.slice(-1)[0]! >= 16_000, `the backoff grew: ${delays}`);
    proves('sse-client', 'typescript');
  });

  it('typescript: an id outside Latin-1 is sent back as its UTF-8 bytes in Last-Event-ID (fetch would refuse the string, and the client never reconnect)', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const asked: (string | undefined)[] = [];
    const http = await listen((req, res) => {
      const last = req.headers['last-event-id'] as string | undefined;
      asked.push(last === undefined ? undefined : Buffer.from(last, 'latin1').toString('utf8'));
      streamHead(res);
      res.end(asked.length === 1 ? 'retry: 1\nid: 日本-é-1\ndata: one\n\n' : 'data: two\n\n');
    });
    const stop = new AbortController();
    const got: string[] = [];
    try {
      const reading = readEventStream(http.url, (e) => {
        got.push(e.data);
        if (got.length === 2) stop.abort();
      }, stop.signal);
      await until(() => got.length === 2, 'the event after the reconnect');
      await reading;
    } finally {
      stop.abort();
      await http.close();
    }
    assert.deepEqual(asked, [undefined, '日本-é-1'], 'the reconnect resumes from the id, as UTF-8');
    proves('sse-client', 'typescript');
  });

  it('typescript: a 300 KB id is sent back in Last-Event-ID on the reconnect (spreading its bytes into String.fromCharCode threw RangeError, retried as a network error forever)', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const longId = 'é'.repeat(150_000); // 300 KB of UTF-8
    const asked: (string | undefined)[] = [];
    // Node's server refuses request headers over 16 KB by default (431): this one takes the id.
    const server = http.createServer({ maxHeaderSize: 1_000_000 }, (req, res) => {
      const last = req.headers['last-event-id'] as string | undefined;
      asked.push(last === undefined ? undefined : Buffer.from(last, 'latin1').toString('utf8'));
      streamHead(res);
      res.end(asked.length === 1 ? `retry: 1\nid: ${longId}\ndata: one\n\n` : 'data: two\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stop = new AbortController();
    const got: string[] = [];
    try {
      const reading = readEventStream(url, (e) => {
        got.push(e.data);
        if (got.length === 2) stop.abort();
      }, stop.signal);
      await until(() => got.length === 2, 'the event after the reconnect');
      await reading;
    } finally {
      stop.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    assert.equal(asked.length, 2);
    assert.equal(asked[0], undefined);
    assert.ok(asked[1] === longId, `the reconnect resumes from the 300 KB id (got ${asked[1]?.length ?? 'no'} characters)`);
    proves('sse-client', 'typescript');
  });

  it('typescript: a URL or header fetch cannot send rejects at once with TypeError, not retried as a network error forever', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    for (const [url, headers] of [['not a url', {}], ['http://127.0.0.1:1/', { authorization: 'Bearer 日本' }]] as const) {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), 10_000); // the old code retries until this abort
      let outcome: unknown;
      try {
        outcome = await skipBackoffs(() => readEventStream(url, () => undefined, stop.signal, headers)).then(
          () => 'resolved',
          (err: unknown) => err,
        );
      } finally {
        clearTimeout(timer);
      }
      assert.ok(outcome instanceof TypeError, `${url}: ${String(outcome)}`);
    }
    proves('sse-client', 'typescript');
  });

  it('typescript: a 200 that is not text/event-stream rejects (not retried forever) and its body is cancelled', async () => {
    const { readEventStream, StreamRejected } = importSnippet<SseClientModule>('sse-client');
    let requests = 0;
    let closed = false;
    const http = await listen((_req, res) => {
      requests++;
      res.on('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>'.padEnd(1000, ' ')); // a login page from a proxy, say, that never ends
    });
    try {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), 20_000); // the old code retries forever
      const outcome = await readEventStream(http.url, () => {}, stop.signal).then(
        () => 'resolved',
        (err: Error) => err,
      );
      clearTimeout(timer);
      assert.ok(outcome instanceof StreamRejected && /not an event stream/.test(outcome.message), `outcome: ${outcome}`);
      assert.equal(requests, 1);
      await until(() => closed, 'the unread body was cancelled, closing the response');
    } finally {
      await http.close();
    }
    proves('sse-client', 'typescript');
  });

  it('typescript: a 1 MB line that arrives in 1000-byte chunks is searched for line ends once, not once per chunk (quadratic), and parses right', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    // Multi-byte characters, so chunk ends fall inside characters too.
    const long = 'é-x'.repeat(262_144); // 786,432 characters, 1,048,576 bytes of UTF-8
    const bytes = new TextEncoder().encode(`id: 7\ndata: ${long}\r\n\r\ndata: short\n\n`);
    const chunkSize = 1000;
    // fetch answers with a body of exactly these chunks (a real socket may merge them).
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async () => {
      let offset = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.slice(offset, offset + chunkSize));
            offset += chunkSize;
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    }) as typeof fetch;
    const stop = new AbortController();
    const got: SseEvent[] = [];
    let examined: number;
    try {
      examined = await countSearched(() =>
        readEventStream('http://127.0.0.1:1/stream', (e) => {
          got.push(e);
          if (got.length === 2) stop.abort();
        }, stop.signal),
      );
    } finally {
      globalThis.fetch = originalFetch;
    }
    assert.equal(got.length, 2);
    assert.ok(got[0]!.data === long, `the long line arrives whole and intact (got ${got[0]!.data.length} characters)`);
    assert.deepEqual([got[0]!.id, got[1]!.data], ['7', 'short']);
    // Rescanning from the line's start on every chunk examines about 1,049 chunks x half the line:
    // some 400 million characters. Scanning new text alone examines each character about once.
    assert.ok(examined < 3 * bytes.length, `characters examined by searches: ${examined}, for ${bytes.length} bytes received`);
    proves('sse-client', 'typescript');
  });

  it('typescript: a server that goes silent mid-stream (no event, no comment) is left after idleTimeoutMs and the stream resumed from Last-Event-ID', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    const asked: (string | undefined)[] = [];
    const http = await listen((req, res) => {
      asked.push(req.headers['last-event-id'] as string | undefined);
      streamHead(res);
      // The first connection stays open and silent after half an event, as a half-open TCP
      // connection does: only the client's own timer can end it.
      if (asked.length === 1) res.write('retry: 1\nid: 1\ndata: one\n\nid: 2\ndata: half an ev');
      else res.end('id: 2\ndata: two\n\n');
    });
    const stop = new AbortController();
    const got: SseEvent[] = [];
    try {
      // Stopped from onEvent at the second event: the second connection closes after it, so the
      // client (retry: 1) would reconnect every millisecond and get it again, and a poll for exactly
      // 2 events could miss the moment there were 2.
      const reading = readEventStream(http.url, (e) => {
        got.push(e);
        if (got.length === 2) stop.abort();
      }, stop.signal, {}, 300);
      // Without the idle timer the silent connection is held until undici's 300 s bodyTimeout.
      await until(() => got.length >= 2, 'the event after the reconnect');
      await reading;
    } finally {
      stop.abort();
      await http.close();
    }
    assert.deepEqual(got.map((e) => [e.id, e.data]), [['1', 'one'], ['2', 'two']], 'the half event is not delivered; the resent one is');
    assert.deepEqual(asked, [undefined, '1'], 'the reconnect resumes after the last complete event');
    proves('sse-client', 'typescript');
  });

  it('typescript: a server that accepts but never answers (no headers) is left after idleTimeoutMs and retried with backoff', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let requests = 0;
    const http = await listen((_req, res) => {
      if (++requests === 1) return; // never answers
      streamHead(res);
      res.end('data: answered\n\n');
    });
    const stop = new AbortController();
    let got: string[] = [];
    let backoffs: number[];
    try {
      backoffs = await skipBackoffs(async () => {
        const reading = readEventStream(http.url, (e) => {
          got = [...got, e.data];
          stop.abort();
        }, stop.signal, {}, 300);
        const timer = setTimeout(() => stop.abort(), 20_000); // the old code waits for the headers forever
        try {
          await reading;
        } finally {
          clearTimeout(timer);
        }
      });
    } finally {
      stop.abort();
      await http.close();
    }
    assert.deepEqual(got, ['answered']);
    assert.equal(requests, 2);
    assert.equal(backoffs.length, 1, `one failure backoff (3 to 6 s, skipped): ${backoffs}`);
    proves('sse-client', 'typescript');
  });

  it('typescript: heartbeat comments keep a quiet stream open past idleTimeoutMs (every byte counts, not only events)', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let connections = 0;
    const pings: NodeJS.Timeout[] = [];
    const http = await listen((_req, res) => {
      streamHead(res);
      // A reconnect (the defect) is answered at once, so the test ends with the checks failing.
      if (++connections > 1) return void res.end('data: from a reconnect\n\n');
      // A comment every 20 ms for 1.6 s, then an event: the stream is quiet for longer than the
      // 1 s idle timeout, but never silent for it.
      let sent = 0;
      const ping = setInterval(() => {
        if (++sent < 80) return void res.write(': ping\n');
        clearInterval(ping);
        res.end('data: after the pings\n\n');
      }, 20);
      pings.push(ping);
    });
    const stop = new AbortController();
    const got: string[] = [];
    try {
      await readEventStream(http.url, (e) => {
        got.push(e.data);
        stop.abort();
      }, stop.signal, {}, 1000);
    } finally {
      stop.abort();
      for (const ping of pings) clearInterval(ping);
      await http.close();
    }
    assert.deepEqual(got, ['after the pings']);
    assert.equal(connections, 1, 'the heartbeats kept the first connection');
    proves('sse-client', 'typescript');
  });

  it('typescript: an idleTimeoutMs not above 0 (0, negative, NaN) rejects with RangeError before connecting', async () => {
    const { readEventStream } = importSnippet<SseClientModule>('sse-client');
    let requests = 0;
    const http = await listen((_req, res) => {
      requests++;
      res.writeHead(204).end();
    });
    try {
      for (const bad of [0, -1, NaN]) {
        await assert.rejects(readEventStream(http.url, () => undefined, new AbortController().signal, {}, bad), RangeError, `idleTimeoutMs ${bad}`);
      }
    } finally {
      await http.close();
    }
    assert.equal(requests, 0);
    proves('sse-client', 'typescript');
  });

  it('typescript: however the call ends (abort before the headers, abort mid-stream, a 401, an onEvent error), no idle timer stays armed and no listener stays on the caller\'s signal', async () => {
    const { readEventStream, StreamRejected } = importSnippet<SseClientModule>('sse-client');
    const http = await listen((req, res) => {
      if (req.url === '/silent') return; // never answers: the call is aborted while it waits for the headers
      if (req.url === '/denied') return void res.writeHead(401).end();
      streamHead(res);
      res.write('data: one\n\n'); // then the connection stays open
    });
    // 60 s, a delay only the variant's idle timer asks for here, armed from its own module.
    const IDLE = 60_000;
    const idleOfVariant = (ms: number | undefined): boolean =>
      ms === IDLE && /modules[\\/]sse-client\.ts/.test(new Error().stack ?? '');
    try {
      const endings: [string, (stop: AbortController) => Promise<unknown>][] = [
        ['abort before the headers', async (stop) => {
          const reading = readEventStream(`${http.url}/silent`, () => undefined, stop.signal, {}, IDLE);
          await new Promise((r) => setTimeout(r, 50));
          stop.abort();
          return reading;
        }],
        ['abort mid-stream', async (stop) => {
          let got = 0;
          const reading = readEventStream(`${http.url}/stream`, () => void got++, stop.signal, {}, IDLE);
          await until(() => got === 1, 'the first event');
          stop.abort();
          return reading;
        }],
        ['401', (stop) => assert.rejects(readEventStream(`${http.url}/denied`, () => undefined, stop.signal, {}, IDLE), StreamRejected)],
        ['onEvent error', (stop) => assert.rejects(readEventStream(`${http.url}/stream`, () => {
          throw new Error('handler bug');
        }, stop.signal, {}, IDLE), /handler bug/)],
      ];
      for (const [label, end] of endings) {
        const stop = new AbortController();
        const timers = patchTimers(idleOfVariant, { clearArmed: true });
        try {
          await end(stop);
        } finally {
          timers.restore();
          stop.abort();
        }
        assert.ok(timers.armed.length > 0, `${label}: the idle timer was armed`);
        const left = timers.armed.filter((t) => !timers.cleared.has(t.timer));
        assert.equal(left.length, 0, `${label}: an idle timer left armed (it would keep the process alive for ${IDLE} ms and then abort a dead connection)`);
        assert.equal(getEventListeners(stop.signal, 'abort').length, 0, `${label}: listeners left on the caller's signal`);
      }
    } finally {
      await http.close();
    }
    proves('sse-client', 'typescript');
  });
});
