/**
 * sse-endpoint: over real HTTP, a new client gets no backlog, a reconnecting client gets exactly
 * what it missed, a client whose id the buffer no longer covers (or from before a restart) gets a
 * reset, and a client that stops reading is disconnected with bounded server memory and then
 * resumes without a gap. Data that is not a JSON value is refused by publish, in Go by Publish.
 */
import { strict as assert } from 'assert';
import type { IncomingMessage, ServerResponse } from 'http';
import * as net from 'net';
import { proves, runGoProof } from '../../harness';
import { importSnippet } from '../../library';
import { listen, openStream, parseEvents, until } from '../../s2-http';

interface Buffer_ {
  publish(type: string, data: unknown): { id: string; seq: number; json: string };
  position(): string;
}
interface SseModule {
  EventBuffer: new (capacity?: number) => Buffer_;
  handleEventStream(buffer: Buffer_, req: IncomingMessage, res: ServerResponse, maxBufferedBytes?: number): void;
}

/** Data JSON.stringify alone would send with a null in place of a value, or without a member: publish refuses each. */
const NULLED_OR_DROPPED: Record<string, unknown> = {
  NaN: Number.NaN,
  'Infinity nested in an object': { ratio: Number.POSITIVE_INFINITY },
  '-Infinity in an array': [1, Number.NEGATIVE_INFINITY],
  'a NaN in a Float64Array': new Float64Array([Number.NaN]),
  'a Number object holding NaN': { n: new Number(Number.NaN) },
  'an invalid Date': new Date(Number.NaN),
  'an invalid Date nested': { at: new Date('not a date') },
  'a function nested in an object': { n: 1, f: () => 1 },
  'a symbol in an array': [Symbol('s')],
};

describe('sse-endpoint', function () {
  this.timeout(300_000);

  it('typescript: no backlog for a new client; exact replay after Last-Event-ID; reset for an evicted id or one from before a restart', async () => {
    const { EventBuffer, handleEventStream } = importSnippet<SseModule>('sse-endpoint');
    let buffer = new EventBuffer(10);
    const http = await listen((req, res) => handleEventStream(buffer, req, res));
    try {
      for (let i = 1; i <= 5; i++) buffer.publish('tick', { i });
      const fresh = await openStream(http.url);
      assert.equal(fresh.status, 200);
      await until(() => fresh.text().includes('retry:'), 'the stream opened');
      const sixth = buffer.publish('tick', { i: 6 });
      await until(() => fresh.events().length >= 2, 'live event');
      assert.equal(fresh.events()[0]!.event, 'ready');
      assert.deepEqual(fresh.events().slice(1).map((e) => JSON.parse(e.data).i), [6], 'a new client gets no backlog, only what follows');
      assert.equal(fresh.events()[1]!.id, sixth.id);
      fresh.close();

      const third = (buffer as unknown as { since(id: string): { events: { id: string }[] } }).since('');
      assert.deepEqual(third.events, []);
      // Reconnect as a client that last saw event 3 (ids come from the stream itself).
      const idOf3 = sixth.id.replace(/-6$/, '-3');
      const back = await openStream(http.url, { 'last-event-id': idOf3 });
      await until(() => back.events().length >= 3, 'replay');
      buffer.publish('tick', { i: 7 });
      await until(() => back.events().length >= 4, 'live after replay');
      assert.deepEqual(back.events().map((e) => JSON.parse(e.data).i), [4, 5, 6, 7], 'exactly the missed events, then live');
      back.close();

      for (let i = 8; i <= 30; i++) buffer.publish('tick', { i }); // the buffer keeps the last 10
      const evicted = await openStream(http.url, { 'last-event-id': idOf3 });
      await until(() => evicted.events().length >= 1, 'reset');
      assert.equal(evicted.events()[0]!.event, 'reset', 'an id the buffer no longer covers gets a reset');
      assert.equal(evicted.events().length, 1, 'and no partial replay');
      evicted.close();

      buffer = new EventBuffer(10); // the process restarted: ids start again
      for (let i = 1; i <= 5; i++) buffer.publish('tick', { i });
      const restarted = await openStream(http.url, { 'last-event-id': idOf3 });
      await until(() => restarted.events().length >= 1, 'reset after restart');
      assert.equal(restarted.events()[0]!.event, 'reset', 'an id from before a restart gets a reset, not events 4 and 5 of another life');
      restarted.close();
    } finally {
      await http.close();
    }
    proves('sse-endpoint', 'typescript');
  });

  it('typescript: a new client gets `ready` with the current position; ?lastEventId= resumes like the header; reset carries the position to resume from', async () => {
    const { EventBuffer, handleEventStream } = importSnippet<SseModule>('sse-endpoint');
    const buffer = new EventBuffer(3);
    const http = await listen((req, res) => handleEventStream(buffer, req, res));
    try {
      const events = Array.from({ length: 5 }, (_, i) => buffer.publish('tick', { i: i + 1 }));
      const fresh = await openStream(http.url);
      await until(() => fresh.events().length >= 1, 'ready');
      assert.equal(fresh.events()[0]!.event, 'ready');
      assert.equal(fresh.events()[0]!.id, events[4]!.id, 'ready carries the id of the newest event');
      fresh.close();

      // A client whose state was loaded at event 3 resumes through the query string (EventSource cannot set headers).
      const byQuery = await openStream(`${http.url}/?lastEventId=${encodeURIComponent(events[2]!.id)}`);
      await until(() => byQuery.events().length >= 2, 'replay by query');
      assert.deepEqual(byQuery.events().map((e) => JSON.parse(e.data).i), [4, 5]);
      byQuery.close();

      for (let i = 6; i <= 10; i++) buffer.publish('tick', { i });
      const evicted = await openStream(http.url, { 'last-event-id': events[0]!.id });
      await until(() => evicted.events().length >= 1, 'reset');
      const reset = evicted.events()[0]!;
      assert.equal(reset.event, 'reset');
      assert.equal(reset.id?.replace(/^.*-/, ''), '10', 'reset carries the current position');
      evicted.close();
      buffer.publish('tick', { i: 11 });
      const after = await openStream(http.url, { 'last-event-id': reset.id! });
      await until(() => after.events().length >= 1, 'resume after reset');
      assert.deepEqual(after.events().map((e) => e.event), ['tick'], 'resuming from the reset id: no second reset');
      assert.equal(JSON.parse(after.events()[0]!.data).i, 11);
      after.close();
    } finally {
      await http.close();
    }
    proves('sse-endpoint', 'typescript');
  });

  it('typescript: a client that stops reading is disconnected while server memory stays bounded, then resumes without a gap', async () => {
    const { EventBuffer, handleEventStream } = importSnippet<SseModule>('sse-endpoint');
    const buffer = new EventBuffer(100_000);
    const limit = 100_000;
    let response: ServerResponse | undefined;
    const http = await listen((req, res) => {
      if (!req.headers['last-event-id']) response = res;
      handleEventStream(buffer, req, res, limit);
    });
    const padding = 'x'.repeat(16_000);
    try {
      // A raw client that sends the request and then does not read.
      const port = Number(new URL(http.url).port);
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
      await until(() => response !== undefined, 'the server accepted the stream');
      socket.pause();
      let maxBuffered = 0;
      let published = 0;
      while (!response!.destroyed) {
        buffer.publish('tick', { n: ++published, padding });
        await new Promise((r) => setImmediate(r));
        maxBuffered = Math.max(maxBuffered, response!.writableLength);
        assert.ok(response!.writableLength <= limit + 20_000, `server buffers ${response!.writableLength} bytes for one client`);
        assert.ok(published < 50_000, 'the slow client was never disconnected');
      }
      // The client now reads what it got, then reconnects from its last complete event.
      socket.resume();
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (received += d));
      await new Promise((r) => socket.once('close', r));
      const first = parseEvents(received.slice(received.indexOf('\r\n\r\n') + 4)).filter((e) => e.event === 'tick');
      assert.ok(first.length > 0, 'the client got part of the stream');
      const resumed = await openStream(http.url, { 'last-event-id': first.at(-1)!.id! });
      await until(() => resumed.events().length >= published - first.length, 'the replay');
      resumed.close();
      const seqs = [...first, ...resumed.events()].map((e) => JSON.parse(e.data).n as number);
      assert.deepEqual(seqs, Array.from({ length: published }, (_, i) => i + 1), 'no event lost or doubled across the disconnect');
    } finally {
      await http.close();
    }
    proves('sse-endpoint', 'typescript');
  });

  it('typescript: an event type holding CR or LF is refused (it would inject fields or events); data holding CRLF, LF or a lone CR arrives as one data line, intact', async () => {
    const { EventBuffer, handleEventStream } = importSnippet<SseModule>('sse-endpoint');
    const buffer = new EventBuffer(10);
    const http = await listen((req, res) => handleEventStream(buffer, req, res));
    try {
      for (const bad of ['tick\nevent: admin', 'tick\r\ndata: forged', 'tick\rid: 999', 'tick\n\ndata: {"forged":true}']) {
        assert.throws(() => buffer.publish(bad, { n: 0 }), /CR or LF/, JSON.stringify(bad));
      }
      const client = await openStream(http.url);
      await until(() => client.events().length >= 1, 'ready');
      const text = 'a\r\nb\nc\rd';
      buffer.publish('tick', { text });
      await until(() => client.events().length >= 2, 'the event');
      const events = client.events();
      assert.deepEqual(events.map((e) => e.event), ['ready', 'tick'], 'no refused event reached the stream, none was forged');
      assert.equal(JSON.parse(events[1]!.data).text, text);
      const raw = client.text();
      const frame = raw.slice(raw.lastIndexOf('id: '));
      assert.equal(frame.split('\n').filter((l) => l.startsWith('data:')).length, 1, 'one data line');
      assert.ok(!/\r/.test(frame), 'no raw CR on the wire');
      client.close();
    } finally {
      await http.close();
    }
    proves('sse-endpoint', 'typescript');
  });

  it('typescript: an undefined inside the data follows JSON.stringify (left out of an object, null in an array), and a valid Date and a toJSON result are sent as JSON.stringify sends them', () => {
    const { EventBuffer } = importSnippet<SseModule>('sse-endpoint');
    const buffer = new EventBuffer(10);
    const sent = (data: unknown) => buffer.publish('tick', data).json;
    assert.equal(sent({ a: 1, b: undefined, c: [undefined, 2] }), '{"a":1,"c":[null,2]}');
    assert.equal(sent({ at: new Date(0) }), '{"at":"1970-01-01T00:00:00.000Z"}');
    assert.equal(sent({ n: { toJSON: () => 5 }, big: Number.MAX_VALUE, neg: -0 }), `{"n":5,"big":${Number.MAX_VALUE},"neg":0}`);
    assert.equal(buffer.position().endsWith('-3'), true, 'three events recorded');
    proves('sse-endpoint', 'typescript');
  });

  it('typescript: data JSON.stringify cannot encode (a BigInt, a cycle) or would send as null or drop (undefined; at any depth NaN, an infinity, an invalid Date, a function, a symbol) is refused before it is recorded: no id spent, nothing sent, and a replay over that point still works', async () => {
    const { EventBuffer, handleEventStream } = importSnippet<SseModule>('sse-endpoint');
    const buffer = new EventBuffer(10);
    const http = await listen((req, res) => handleEventStream(buffer, req, res));
    try {
      const live = await openStream(http.url);
      await until(() => live.events().length >= 1, 'ready');
      const first = buffer.publish('tick', { n: 1 });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      for (const [name, bad] of Object.entries({ 'a BigInt': { n: 2n }, 'a cycle': cyclic, undefined: undefined, 'a function': () => 1, 'a symbol': Symbol('s') })) {
        assert.throws(() => buffer.publish('tick', bad), TypeError, name);
      }
      // What JSON.stringify alone would send as null or leave out, at any depth (Go's json.Marshal refuses NaN, an infinity and a func at any depth).
      for (const [name, bad] of Object.entries(NULLED_OR_DROPPED)) {
        assert.throws(() => buffer.publish('tick', bad), TypeError, name);
      }
      const second = buffer.publish('tick', { n: 2 });
      assert.equal(second.seq, first.seq + 1, 'a refused event spends no id: the live stream has no gap');
      await until(() => live.events().length >= 3, 'both good events');
      assert.deepEqual(live.events().map((e) => JSON.parse(e.data) as unknown), [{}, { n: 1 }, { n: 2 }]);
      // A client resuming from before the refused events gets a replay (it used to throw in the handler).
      const resumed = await openStream(http.url, { 'last-event-id': first.id });
      await until(() => resumed.events().length >= 1, 'the replay');
      assert.deepEqual(resumed.events().map((e) => e.id), [second.id]);
      live.close();
      resumed.close();
    } finally {
      await http.close();
    }
    proves('sse-endpoint', 'typescript');
  });

  it('go: ready with the position for new clients; replay by header or ?lastEventId=; reset with its position for evicted and foreign ids; a client that stops reading is disconnected, freed by the write deadline, and resumes without a gap; the deadline is never left on a kept-alive HTTP/1.1 connection nor set on a shared HTTP/2 one; data json.Marshal cannot encode is an error from Publish, never sent as null', async () => {
    await runGoProof({ snippet: 'sse-endpoint', programs: ['proof_test.go'] });
  });
});
