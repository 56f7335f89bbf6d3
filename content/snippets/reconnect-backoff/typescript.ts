export interface StreamMessage {
  /** Server-assigned, increasing id: the resume point after a reconnect. */
  id: string;
  data: string;
}

/** Opens one connection that yields messages after `lastEventId` (WebSocket, SSE, long poll...). */
export type Connect = (lastEventId: string | undefined, signal: AbortSignal) => AsyncIterable<StreamMessage>;

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Redeliveries of a message whose handler keeps failing before its error is thrown (default 5; a whole number, 0 or more). */
  maxRedeliveries?: number;
  /**
   * How long a connection must last for the backoff to start again from its first step (default
   * 10 s; above 0, Infinity: never). Shorter connections, messages or not, leave it growing.
   */
  stableMs?: number;
}

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one, Infinity or NaN after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/**
 * Delay before reconnect attempt `attempt` (0-based): "equal jitter" on a capped exponential.
 * The ceiling doubles per attempt up to `maxMs`; the delay is random in [ceiling/2, ceiling], so
 * clients dropped together (a deploy) spread out, yet nobody retries in a tight loop.
 */
export function backoffDelay(attempt: number, { baseMs = ${2:500}, maxMs = ${3:30000} }: BackoffOptions = {}): number {
  // A maxMs past the limit would let the delay grow past it, and then every reconnect comes after 1 ms.
  checkDelay('baseMs', baseMs);
  checkDelay('maxMs', maxMs);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Consumes a stream until `signal` aborts, reconnecting whenever it ends or fails. Each reconnect
 * asks for messages after the last id handled, so a drop loses nothing (the server must keep a
 * short replay buffer). The backoff starts again from its first step only after a connection that
 * lasted `stableMs`: a server that accepts, sends a message or two and drops (a crash on start, an
 * overloaded node shedding load) would otherwise be reconnected to in a tight loop, by every client
 * at once. A handler failure ends the connection and the message is delivered again
 * after a growing backoff, at most `maxRedeliveries` times; then the handler's error is thrown and
 * the consumer stops (a poison message must not block the stream forever: dead-letter it there).
 * Options are checked before the first connect: a bad one rejects with RangeError at once rather
 * than at the first drop, hours later.
 */
export async function ${1:consumeWithReconnect}(
  connect: Connect,
  onMessage: (message: StreamMessage) => void | Promise<void>,
  signal: AbortSignal,
  options: BackoffOptions = {},
): Promise<void> {
  const maxRedeliveries = options.maxRedeliveries ?? 5;
  // NaN or Infinity would never give up on a poison message.
  if (!Number.isSafeInteger(maxRedeliveries) || maxRedeliveries < 0) {
    throw new RangeError(`maxRedeliveries must be a whole number, 0 or more, got \${maxRedeliveries}`);
  }
  backoffDelay(0, options); // throws now for a bad baseMs or maxMs, not at the first drop
  const stableMs = options.stableMs ?? ${4:10_000};
  if (!(stableMs > 0)) throw new RangeError(`stableMs must be a number of ms above 0, got \${stableMs}`);
  let lastEventId: string | undefined;
  let attempt = 0;
  let failures = 0; // consecutive handler failures on the message after lastEventId
  while (!signal.aborted) {
    let handlerError: { error: unknown } | undefined;
    let dropped: { error: unknown } | undefined;
    const opened = performance.now(); // monotonic: a clock step cannot fake a long connection
    try {
      for await (const message of connect(lastEventId, signal)) {
        try {
          await onMessage(message);
        } catch (error) {
          handlerError = { error };
          break; // closes this connection; the message comes again after the backoff
        }
        lastEventId = message.id; // only after handling: a failure re-delivers it
        failures = 0; // a message handled; the backoff is left to the connection's length
      }
    } catch (error) {
      if (signal.aborted) break;
      dropped = { error };
    }
    // A connection that lasted stableMs spaced the attempts out itself; one message is no proof of
    // health (a server can send one and drop every time).
    if (performance.now() - opened >= stableMs) attempt = 0;
    if (dropped) {
      const { error } = dropped;
      console.warn(`stream dropped (attempt \${attempt + 1}):`, error instanceof Error ? error.message : error);
    }
    if (handlerError) {
      if (++failures > maxRedeliveries) throw handlerError.error;
      const { error } = handlerError;
      console.warn(`handler failed (attempt \${attempt + 1}, delivery \${failures}):`, error instanceof Error ? error.message : error);
    }
    if (signal.aborted) break;
    await sleep(backoffDelay(attempt++, options), signal);
  }
}
$0
