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
 * throws. The body of every response not read as a stream is cancelled, freeing its connection.
 */
export async function ${1:readEventStream}(
  url: string,
  onEvent: (event: SseEvent) => void,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<void> {
  let lastEventId = '';
  let retryMs = ${2:3000};
  let failures = 0;
  while (!signal.aborted) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { ...headers, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
      });
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
      let buffer = '';
      let type = '';
      let data = '';
      let pendingId = lastEventId;
      let handlerFailure: { err: unknown } | undefined;
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (;;) {
            const newline = buffer.search(/\r\n|\r|\n/);
            // A lone \r at the end may be the first half of \r\n split across chunks: wait.
            if (newline < 0 || (newline === buffer.length - 1 && buffer[newline] === '\r')) break;
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
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
        }
      } catch {
        if (handlerFailure) throw handlerFailure.err; // a bug in onEvent: reconnecting cannot help
        if (signal.aborted) return;
      }
      // A stream that ends normally is reconnected after the server's retry delay.
    } else {
      failures++;
    }
    const delay = failures === 0 ? retryMs * (0.5 + Math.random()) : Math.min(60_000, retryMs * 2 ** failures) * (0.5 + Math.random() / 2);
    await sleep(delay, signal);
  }
}
$0
