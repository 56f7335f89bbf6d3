import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ServerEvent {
  /** `<epoch>-<seq>`: the epoch changes when the process restarts, so old ids are recognised. */
  id: string;
  seq: number;
  type: string;
  data: unknown;
  /** `data` as sent: its JSON, encoded once by publish. */
  json: string;
}

/**
 * JSON.stringify's replacer for event data: what it would otherwise send as null or leave out without
 * a word is refused, anywhere in the value (as Go's json.Marshal refuses NaN, an infinity or a func
 * at any depth): a NaN or infinite number, an invalid Date (its toJSON gives null), a function or a
 * symbol. An undefined inside an object or array follows JSON.stringify (left out of an object, null
 * in an array, as a nil is in Go); undefined as the whole value is refused by publish.
 */
function strictJson(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date && Number.isNaN(raw.getTime())) throw new TypeError('data must not hold an invalid Date: JSON.stringify would send it as null');
  const primitive = value instanceof Number ? value.valueOf() : value;
  if (typeof primitive === 'number' && !Number.isFinite(primitive)) throw new TypeError('data must not hold NaN or an infinite number: JSON.stringify would send it as null');
  if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError('data must not hold a function or a symbol: JSON.stringify would leave it out');
  return value;
}

/**
 * Recent events kept in memory so a client that reconnects with Last-Event-ID gets what it missed.
 * Bounded: a client away longer than the buffer covers, or whose id is from before a restart, gets
 * a `reset` event and must reload its state instead.
 */
export class ${1:EventBuffer} {
  private events: ServerEvent[] = [];
  private nextSeq = 1;
  private readonly epoch = randomUUID().slice(0, 8);
  private listeners = new Set<(event: ServerEvent) => void>();

  constructor(private readonly capacity = ${2:1000}) {}

  /**
   * `type` goes on the wire as one `event:` line. The stream ends a line at CR, LF or CRLF, so a
   * type holding either would end the field early and let the rest be read as other fields or a
   * whole other event: refused. `data` is encoded once, here, with JSON.stringify (which escapes CR
   * and LF). A value it cannot encode (a BigInt, a cycle) throws its TypeError, and one it would send
   * as null or drop (undefined as the whole value; anywhere in it a NaN or infinite number, an
   * invalid Date, a function or a symbol) is refused with a TypeError, before the event is recorded:
   * encoded later, it would throw inside a client's stream or replay, and its id would be a gap on
   * every live stream. An undefined inside the value follows JSON.stringify (see strictJson).
   */
  publish(type: string, data: unknown): ServerEvent {
    if (/[\r\n]/.test(type)) throw new Error('event type must not contain CR or LF');
    const json: string | undefined = JSON.stringify(data, strictJson);
    if (json === undefined) throw new TypeError('data must be a JSON value, not undefined, a function or a symbol');
    const seq = this.nextSeq++;
    const event = { id: `\${this.epoch}-\${seq}`, seq, type, data, json };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** The id of the newest event (`<epoch>-0` before the first): where a client joining now starts. */
  position(): string {
    return `\${this.epoch}-\${this.nextSeq - 1}`;
  }

  /**
   * What a client that last saw `lastEventId` missed: the events after it, or `reset` when they are
   * no longer all here (evicted, or the id is from another epoch). No id: a new client, nothing to
   * replay (it gets the current position and loads its state after it, see handleEventStream).
   */
  since(lastEventId: string | undefined): { reset: boolean; events: ServerEvent[] } {
    if (!lastEventId) return { reset: false, events: [] };
    const [epoch, seqText] = lastEventId.split('-');
    const seq = Number(seqText);
    const oldest = this.events[0]?.seq ?? this.nextSeq;
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq >= this.nextSeq || seq < oldest - 1) {
      return { reset: true, events: [] };
    }
    return { reset: false, events: this.events.filter((e) => e.seq > seq) };
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const format = (e: ServerEvent): string => `id: \${e.id}\nevent: \${e.type}\ndata: \${e.json}\n\n`;

/**
 * Handles GET on the stream URL. The resume point is the Last-Event-ID header, or `?lastEventId=`
 * for a client that loaded its state together with an event id. A new client (no id) first gets a
 * `ready` event carrying the current position as its id: it connects first and loads its state
 * after `ready`, applying events idempotently (its state may already include some of them), so no
 * event falls between its state and the stream. `reset` carries the position too. The buffer is
 * per process: run one instance, or route each client to the same one (sticky); for a fleet, keep
 * the events in a shared log such as Redis Streams (XADD / XREAD after the id). One open response
 * per client; keep it off HTTP/1.1 connection limits (use HTTP/2). A client whose unsent output passes `maxBufferedBytes` (it reads slower
 * than events arrive) is disconnected rather than buffered without limit; it reconnects with
 * Last-Event-ID and gets the replay, or a reset if it fell out of the buffer.
 */
export function ${3:handleEventStream}(
  buffer: $1,
  req: IncomingMessage,
  res: ServerResponse,
  maxBufferedBytes = ${5:1_000_000},
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Tells nginx not to buffer the stream, which would delay every event.
    'x-accel-buffering': 'no',
  });
  // The browser's EventSource waits this long before reconnecting.
  res.write('retry: 3000\n\n');

  const header = req.headers['last-event-id'];
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lastEventId');
  const lastEventId = (Array.isArray(header) ? header[0] : header) || query || undefined;
  const missed = buffer.since(lastEventId);
  // New client: where the stream starts, so it loads its state after this point. Reset: the
  // client must reload its state; the stream continues from this position.
  if (!lastEventId || missed.reset) {
    res.write(`id: \${buffer.position()}\nevent: \${missed.reset ? 'reset' : 'ready'}\ndata: {}\n\n`);
  }
  // The replay skips the maxBufferedBytes check on purpose: it is written in one tick, so its size
  // is bounded by the buffer's capacity, not by how fast the client reads, and dropping a client
  // mid-replay would have it reconnect to the same replay and be dropped again, for ever.
  for (const event of missed.events) res.write(format(event));

  const send = (chunk: string): void => {
    if (res.writableLength > maxBufferedBytes) {
      res.destroy(); // too slow: drop the connection, never skip an event on a live stream
      return;
    }
    res.write(chunk);
  };
  // Replay and subscription happen in one tick: no event can fall between them.
  const unsubscribe = buffer.subscribe((event) => send(format(event)));
  // A comment line every 15 s keeps proxies and load balancers from closing an idle stream.
  const heartbeat = setInterval(() => send(': ping\n\n'), ${4:15000});
  // The response's close (not the request's) fires when the client goes away.
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
$0
