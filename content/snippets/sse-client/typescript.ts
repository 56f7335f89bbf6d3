export interface SseEvent {
  id: string | undefined;
  type: string;
  data: string;
}

/** A status the server will keep answering, or a 200 that is not an event stream: retrying cannot help. */
export class StreamRejected extends Error {
  constructor(
    readonly status: number,
    reason = `HTTP \${status}`,
  ) {
    super(`event stream refused: \${reason}`);
  }
}

/** setTimeout's longest delay: Node runs a longer one (or Infinity) after 1 ms. */
const MAX_SLEEP_MS = 2 ** 31 - 1;
/** The least base of the backoff after a failure: a server's `retry: 0` must not make it 0 ms. */
const MIN_FAILURE_BASE_MS = 1000;

/**
 * Last-Event-ID goes out as the id's UTF-8 bytes (what EventSource sends). fetch takes header values
 * as byte strings and throws on a character above U+00FF, so the bytes are spelt one per character.
 * Built in a loop: spreading the bytes into String.fromCharCode throws RangeError for a long id
 * (the limit depends on the stack: about 125 KB in Node 20, measured in 2026), and TextDecoder('latin1') is
 * windows-1252, which changes most bytes 0x80-0x9F.
 */
function headerBytes(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // An abort that came before the sleep (while a failed response was discarded) fires no event.
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // Clamped: the server's `retry:` is any run of digits, and one over the limit (or too long for
    // a number, Infinity) would otherwise reconnect after 1 ms, every time: a storm on that server.
    const timer = setTimeout(done, Math.min(ms, MAX_SLEEP_MS));
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads a Server-Sent Events stream with fetch (works in browsers and Node 18+, and unlike
 * EventSource can send headers such as Authorization). Reconnects after drops, sending
 * Last-Event-ID so the server replays what was missed; honours the server's `retry:` hint and
 * backs off with jitter when the server keeps failing, and jitters the retry delay after a normal
 * close too (x0.5 to x1.5), so clients dropped together do not come back together. Resolves when
 * `signal` aborts or the server answers 204 (the stream is over); rejects with StreamRejected on a
 * 4xx other than 408/429 or a 200 that is not text/event-stream, and with whatever `onEvent`
 * throws. A URL or header fetch cannot send rejects at once (TypeError) instead of being retried as
 * a network error forever. A failure backs off from at least 1 s, even after a `retry: 0`. The body
 * of every response not read as a stream is cancelled, freeing its connection. Lines may end in
 * CR, LF or CRLF; an event whose blank line ends in a CR is delivered without waiting for the next
 * byte. Nothing bounds the length of one line or event: it is buffered until its line ends.
 *
 * A connection on which nothing arrives for `idleTimeoutMs` (no bytes at all: not an event, not a
 * comment line, not even the response's headers) is ended and the stream reconnected, resuming from
 * Last-Event-ID. A server gone silent, or a TCP connection half-open after a NAT or proxy dropped
 * it, otherwise holds the reader for as long as the platform's own limit: in browsers for ever, in
 * Node's fetch 300 s (undici's bodyTimeout). Set it to a few times the server's heartbeat interval
 * (the default suits a comment every 15 s); a server that sends no heartbeats and may be quiet for
 * longer needs Infinity, which turns it off. A value not above 0, or NaN, rejects with RangeError.
 */
export async function ${1:readEventStream}(
  url: string,
  onEvent: (event: SseEvent) => void,
  signal: AbortSignal,
  headers: Record<string, string> = {},
  idleTimeoutMs = ${3:45_000},
): Promise<void> {
  // NaN would arm a timer that fires after 1 ms, ending every connection at once.
  if (!(idleTimeoutMs > 0)) {
    throw new RangeError(`idleTimeoutMs must be a number of ms above 0 (Infinity: none), got \${idleTimeoutMs}`);
  }
  // Throws here (TypeError) for a URL or header value fetch could never send, which the loop would
  // otherwise take for a network error and retry forever.
  void new Request(url, { headers });
  let lastEventId = '';
  let retryMs = ${2:3000};
  let failures = 0;
  // Each connection has an abort of its own, fired by the caller's signal or by the idle timer.
  let connection = new AbortController();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const endConnection = (): void => connection.abort();
  /** Bytes arrived (or a connection starts): the idle timer starts over. */
  const stillAlive = (): void => {
    clearTimeout(idle);
    // Past setTimeout's limit (Infinity too) there is no timer: one would fire after 1 ms.
    if (idleTimeoutMs <= MAX_SLEEP_MS) idle = setTimeout(endConnection, idleTimeoutMs);
  };
  signal.addEventListener('abort', endConnection);
  try {
    while (!signal.aborted) {
      // Built before the try: a fault here is not a network error to retry.
      const resume: Record<string, string> = lastEventId ? { 'last-event-id': headerBytes(lastEventId) } : {};
      connection = new AbortController();
      stillAlive(); // the wait for the response's headers counts too
      let response: Response;
      try {
        const request = { headers: { ...headers, accept: 'text/event-stream', ...resume }, signal: connection.signal };
        response = await fetch(url, request);
        stillAlive();
      } catch {
        if (signal.aborted) return;
        response = new Response(null, { status: 599 }); // network error: retry like a 5xx
      }
      const isStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
      if (!(response.ok && isStream && response.body)) await response.body?.cancel().catch(() => {});
      if (response.status === 204) return; // the server says there is nothing more to stream
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      if (permanent) throw new StreamRejected(response.status);
      if (response.ok && !isStream) throw new StreamRejected(response.status, `not an event stream: \${response.headers.get('content-type')}`);
      if (response.ok && isStream && response.body) {
        failures = 0;
        const decoder = new TextDecoder(); // also drops a leading byte-order mark, as the format wants
        // Only newly arrived text is searched for line ends. The start of a line whose end has not
        // arrived is kept in pieces and joined once, when its end comes: appending to one buffer and
        // searching it from the start rescans (and copies) a long line once per chunk, quadratic in
        // the number of chunks it arrives in.
        const lineEnd = /[\r\n]/g;
        let partial: string[] = [];
        let type = '';
        let data = '';
        let pendingId = lastEventId;
        let handlerFailure: { err: unknown } | undefined;
        let skipLf = false; // the last line ended in a \r that ended a chunk: a \n next belongs to it
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            stillAlive();
            let text = decoder.decode(chunk, { stream: true });
            if (skipLf && text) {
              if (text.startsWith('\n')) text = text.slice(1);
              skipLf = false;
            }
            let start = 0;
            lineEnd.lastIndex = 0;
            for (let found = lineEnd.exec(text); found; found = lineEnd.exec(text)) {
              const end = found.index;
              const crlf = text.startsWith('\r\n', end);
              // A \r that ends what has arrived ends its line now (the blank line of a server that ends
              // lines with CR alone must dispatch without waiting for more bytes).
              skipLf = !crlf && text[end] === '\r' && end === text.length - 1;
              const line = partial.length ? partial.join('') + text.slice(start, end) : text.slice(start, end);
              partial = [];
              start = lineEnd.lastIndex = end + (crlf ? 2 : 1);
              if (line === '') {
                // A blank line dispatches the event. The id counts even for an event without data;
                // events without data are not delivered, as in EventSource.
                if (data) {
                  try {
                    onEvent({ id: pendingId || undefined, type: type || 'message', data: data.slice(0, -1) });
                  } catch (err) {
                    handlerFailure = { err };
                    throw err;
                  }
                  // Aborted by onEvent: deliver nothing more, and read no more (in Node 20's fetch a
                  // read after an abort can wait forever if the body had just been fully received).
                  if (signal.aborted) return;
                }
                lastEventId = pendingId; // only once handled: a drop before this re-delivers it
                type = '';
                data = '';
                continue;
              }
              if (line.startsWith(':')) continue; // comment / heartbeat
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'data') data += value + '\n';
              else if (field === 'event') type = value;
              else if (field === 'id' && !value.includes('\0')) pendingId = value;
              else if (field === 'retry' && /^\d+\$/.test(value)) retryMs = Number(value);
            }
            if (start < text.length) partial.push(text.slice(start));
          }
        } catch {
          if (handlerFailure) throw handlerFailure.err; // a bug in onEvent: reconnecting cannot help
          if (signal.aborted) return;
          // Otherwise the connection failed, or the idle timer ended it: reconnect as after a close.
        }
        // A stream that ends normally is reconnected after the server's retry delay.
      } else {
        failures++;
      }
      clearTimeout(idle);
      const delay =
        failures === 0
          ? retryMs * (0.5 + Math.random())
          : Math.min(60_000, Math.max(retryMs, MIN_FAILURE_BASE_MS) * 2 ** failures) * (0.5 + Math.random() / 2);
      await sleep(delay, signal);
    }
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', endConnection);
  }
}
$0
