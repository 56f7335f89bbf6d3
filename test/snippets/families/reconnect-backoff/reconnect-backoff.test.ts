/**
 * reconnect-backoff: across drops, every message is handled once and in order (resume from the
 * last handled id); a message whose handler keeps failing is re-delivered with growing backoff,
 * not in a tight loop; delays stay within their jittered bounds and reach the cap; the backoff
 * starts again from its first step only after a connection that lasted stableMs (one message is not
 * enough).
 */
import { strict as assert } from 'assert';
import { proves, runGoProof, runPythonProof } from '../../harness';
import { importSnippet, variant } from '../../library';
import { expandSnippetBody } from '../../../../src/core/snippets';

interface Message {
  id: string;
  data: string;
}
interface ReconnectBackoff {
  backoffDelay(attempt: number, options?: { baseMs?: number; maxMs?: number }): number;
  consumeWithReconnect(
    connect: (lastEventId: string | undefined, signal: AbortSignal) => AsyncIterable<Message>,
    onMessage: (m: Message) => void | Promise<void>,
    signal: AbortSignal,
    options?: { baseMs?: number; maxMs?: number; maxRedeliveries?: number; stableMs?: number },
  ): Promise<void>;
}

const LOG = Array.from({ length: 30 }, (_, i) => ({ id: String(i + 1), data: `m${i + 1}` }));

/** The attempt numbers of the "stream dropped (attempt N)" warnings, in order. */
const dropAttempts = (warnings: string[]): number[] =>
  warnings.filter((w) => w.startsWith('stream dropped')).map((w) => Number(/attempt (\d+)/.exec(w)?.[1]));

/** A server that replays after the given id, 4 messages per connection, then drops. */
function flakyServer(asked: (string | undefined)[]) {
  return async function* (lastEventId: string | undefined): AsyncIterable<Message> {
    asked.push(lastEventId);
    const start = lastEventId ? Number(lastEventId) : 0;
    for (const m of LOG.slice(start, start + 4)) yield m;
    throw new Error('connection reset');
  };
}

async function captureWarnings<T>(body: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    return { result: await body(), warnings };
  } finally {
    console.warn = original;
  }
}

describe('reconnect-backoff', function () {
  this.timeout(300_000);

  it('typescript: across 8 drops, 30 messages are handled once each, in order, each reconnect resuming after the last handled id', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    const asked: (string | undefined)[] = [];
    const handled: string[] = [];
    const stop = new AbortController();
    await captureWarnings(() =>
      consumeWithReconnect(
        flakyServer(asked),
        (m) => {
          handled.push(m.id);
          if (handled.length === 30) stop.abort();
        },
        stop.signal,
        { baseMs: 1, maxMs: 4 },
      ),
    );
    assert.deepEqual(handled, LOG.map((m) => m.id));
    assert.deepEqual(asked, [undefined, '4', '8', '12', '16', '20', '24', '28']);
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: a message whose handler fails is delivered again, with backoff growing per failure (not reset by the redelivery)', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    const asked: (string | undefined)[] = [];
    const handled: string[] = [];
    let failuresLeft = 4;
    const stop = new AbortController();
    const { warnings } = await captureWarnings(() =>
      consumeWithReconnect(
        async function* (lastEventId) {
          asked.push(lastEventId);
          const start = lastEventId ? Number(lastEventId) : 0;
          for (const m of LOG.slice(start, 6)) yield m;
          // The connection stays open until the consumer stops.
          if (!stop.signal.aborted) await new Promise((resolve) => stop.signal.addEventListener('abort', resolve));
        },
        (m) => {
          if (m.id === '3' && failuresLeft-- > 0) throw new Error('handler failed');
          handled.push(m.id);
          if (handled.length === 6) stop.abort();
        },
        stop.signal,
        { baseMs: 1, maxMs: 64 },
      ),
    );
    assert.deepEqual(handled, ['1', '2', '3', '4', '5', '6'], 'nothing skipped, nothing doubled');
    assert.deepEqual(asked, [undefined, '2', '2', '2', '2'], 'message 3 is asked for again after each failure');
    const attempts = warnings.map((w) => Number(/attempt (\d+)/.exec(w)?.[1]));
    assert.deepEqual(attempts, [1, 2, 3, 4], 'each failure backs off further');
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: a poison message (handler always fails) is delivered 1 + maxRedeliveries times, then its error is thrown', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    const stop = new AbortController();
    let deliveries = 0;
    const outcome = await captureWarnings(() =>
      consumeWithReconnect(
        async function* () {
          yield { id: '1', data: 'poison' };
        },
        () => {
          if (++deliveries > 20) stop.abort(); // the old code never gives up: end it so the checks fail
          throw new Error('poison');
        },
        stop.signal,
        { baseMs: 1, maxMs: 2, maxRedeliveries: 3 },
      ).then(
        () => 'resolved',
        (err: Error) => err.message,
      ),
    );
    assert.equal(outcome.result, 'poison', 'the handler error is thrown');
    assert.equal(deliveries, 4, 'first delivery + 3 redeliveries');
    proves('reconnect-backoff', 'typescript');
  });

  it("typescript: a baseMs or maxMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, 0, negative) is refused: the delay can never pass the limit (Node would reconnect after 1 ms)", () => {
    const { backoffDelay } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
      assert.throws(() => backoffDelay(3, { maxMs: bad }), (e: Error) => e instanceof RangeError && /maxMs/.test(e.message), `maxMs ${bad}`);
      assert.throws(() => backoffDelay(3, { baseMs: bad }), (e: Error) => e instanceof RangeError && /baseMs/.test(e.message), `baseMs ${bad}`);
    }
    for (let attempt = 0; attempt < 60; attempt++) {
      const d = backoffDelay(attempt, { baseMs: 500, maxMs: 2 ** 31 - 1 });
      assert.ok(d > 0 && d <= 2 ** 31 - 1, `attempt ${attempt}: ${d}`);
    }
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: a bad maxRedeliveries (NaN, Infinity, negative, fractional), baseMs/maxMs or stableMs (0, negative, NaN) rejects with RangeError before the first connect, not at the first drop', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    const bads: { baseMs?: number; maxMs?: number; maxRedeliveries?: number; stableMs?: number }[] = [
      { maxRedeliveries: NaN },
      { maxRedeliveries: Infinity },
      { maxRedeliveries: -1 },
      { maxRedeliveries: 1.5 },
      { maxMs: Infinity },
      { baseMs: 0 },
      { stableMs: 0 },
      { stableMs: -1 },
      { stableMs: NaN },
    ];
    for (const options of bads) {
      let connects = 0;
      const stop = new AbortController();
      const outcome = await captureWarnings(() =>
        consumeWithReconnect(
          async function* () {
            if (++connects > 3) stop.abort(); // the old code keeps going (NaN): end it so the checks fail
            yield { id: '1', data: 'x' };
          },
          () => {
            throw new Error('handler failed');
          },
          stop.signal,
          { baseMs: 1, maxMs: 2, ...options },
        ).then(
          () => 'resolved',
          (err: unknown) => err,
        ),
      );
      assert.ok(outcome.result instanceof RangeError, `${JSON.stringify(options)}: ${String(outcome.result)}`);
      assert.equal(connects, 0, `${JSON.stringify(options)}: connected before the options were checked`);
    }
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: delays stay within [ceiling/2, ceiling], jittered, capped at maxMs', () => {
    const { backoffDelay } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${attempt}: ${delay} outside [${ceiling / 2}, ${ceiling}]`);
      }
    }
    const custom = Array.from({ length: 1000 }, () => backoffDelay(3, { baseMs: 100, maxMs: 1000 }));
    assert.ok(custom.every((d) => d >= 400 && d <= 800));
    assert.ok(new Set(custom).size > 900, 'delays are jittered, not identical');
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: a server that accepts, sends one message and drops is backed off further on every reconnect (one message does not reset the backoff)', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    const asked: (string | undefined)[] = [];
    const handled: string[] = [];
    const stop = new AbortController();
    const { warnings } = await captureWarnings(() =>
      consumeWithReconnect(
        async function* (lastEventId) {
          asked.push(lastEventId);
          if (asked.length === 6) return void stop.abort();
          const next = Number(lastEventId ?? 0) + 1;
          yield { id: String(next), data: `m${next}` };
          throw new Error('connection reset'); // at once, every time: a crash loop behind the server
        },
        (m) => void handled.push(m.id),
        stop.signal,
        { baseMs: 1, maxMs: 64 }, // stableMs left at its default, far longer than these connections
      ),
    );
    assert.deepEqual(handled, ['1', '2', '3', '4', '5'], 'each message handled once, in order');
    assert.deepEqual(dropAttempts(warnings), [1, 2, 3, 4, 5], 'each short-lived connection backs off further');
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: a connection that lasted stableMs, even without a message, starts the backoff again from its first step', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    let connections = 0;
    const stop = new AbortController();
    const { warnings } = await captureWarnings(() =>
      consumeWithReconnect(
        // eslint-disable-next-line require-yield -- every connection of this server fails before its first message
        async function* () {
          const n = ++connections;
          if (n === 5) return void stop.abort();
          // The third connection stays up (quiet) past stableMs before it drops; the others fail at once.
          if (n === 3) await new Promise((resolve) => setTimeout(resolve, 300));
          throw new Error(n === 3 ? 'dropped after a while' : 'refused');
        },
        () => undefined,
        stop.signal,
        { baseMs: 1, maxMs: 64, stableMs: 200 },
      ),
    );
    assert.deepEqual(dropAttempts(warnings), [1, 2, 1, 2], 'reset after the long connection, growing again after');
    proves('reconnect-backoff', 'typescript');
  });

  it('typescript: the wall clock stepping forward an hour during each short connection does not make it count as stable (its length is read on a monotonic clock)', async () => {
    const { consumeWithReconnect } = importSnippet<ReconnectBackoff>('reconnect-backoff');
    let connections = 0;
    const stop = new AbortController();
    const realNow = Date.now;
    let step = 0;
    Date.now = () => realNow() + step; // an NTP correction or a VM resumed from a snapshot
    let warnings: string[];
    try {
      ({ warnings } = await captureWarnings(() =>
        consumeWithReconnect(
          // eslint-disable-next-line require-yield -- every connection of this server fails before its first message
          async function* () {
            if (++connections === 5) return void stop.abort();
            step += 3_600_000;
            throw new Error('refused');
          },
          () => undefined,
          stop.signal,
          { baseMs: 1, maxMs: 64, stableMs: 200 },
        ),
      ));
    } finally {
      Date.now = realNow;
    }
    assert.deepEqual(dropAttempts(warnings), [1, 2, 3, 4], 'the backoff kept growing');
    proves('reconnect-backoff', 'typescript');
  });

  it('python: resume after drops without loss or duplicates; a non-OSError drop reconnects; stop ends a silent stream and closes it; backoff grows while connections are short, one message does not reset it, a connection that lasted stable_after does; a poison message raises after 5 redeliveries; bad settings raise before the first connect; bounds', async () => {
    await runPythonProof({ snippet: 'reconnect-backoff', programs: ['proof.py'] });
  });

  it('go: resume after drops without loss or duplicates; a failing handler gets its message again with growing backoff; a poison message is returned after MaxRedeliveries; a Connect that ignores the error of deliver skips nothing; a handler error ends a Connect that returns only when its ctx is cancelled (reconnect, redelivery); max 0 panics; bounds', async () => {
    await runGoProof({ snippet: 'reconnect-backoff', programs: ['proof_test.go'] });
  });

  it('go: one message does not reset the backoff, a connection that lasted StableAfter does (the variant as inserted with StableAfter 1 s, so the long connection lasts 1.1 s, not the default 10 s)', async () => {
    const go = variant('reconnect-backoff', 'go') as { body: string; code: string };
    const original = go.code;
    const stop = '${5:10 * time.Second}';
    assert.ok(go.body.includes(stop), 'the StableAfter tab stop moved: update this test');
    try {
      go.code = expandSnippetBody(go.body.replace(stop, '${5:time.Second}'));
      assert.ok(go.code.includes('const StableAfter = time.Second\n'));
      const test = 'TestOneMessageDoesNotResetTheBackoffButALongConnectionDoes';
      const passed = await runGoProof({ snippet: 'reconnect-backoff', programs: ['proof_test.go'], label: 'stable-after-1s', args: ['-run', `^${test}$`] });
      assert.deepEqual(passed, [test]);
    } finally {
      go.code = original;
    }
  });

  it('go: a StableAfter of 0 or less (the variant as inserted with 0 or -time.Second at its tab stop) is refused before the first connect; it used to reset the backoff after every connection (a tight reconnect loop)', async () => {
    // StableAfter is a constant: stage the variant as a user who typed each value there inserts it.
    const go = variant('reconnect-backoff', 'go') as { body: string; code: string };
    const original = go.code;
    const stop = '${5:10 * time.Second}';
    assert.ok(go.body.includes(stop), 'the StableAfter tab stop moved: update this test');
    try {
      for (const [label, value] of [['zero', '0'], ['negative', '-time.Second']] as const) {
        go.code = expandSnippetBody(go.body.replace(stop, `\${5:${value}}`));
        assert.ok(go.code.includes(`const StableAfter = ${value}\n`), label);
        const passed = await runGoProof({
          snippet: 'reconnect-backoff',
          programs: ['proof_test.go'],
          label: `stable-after-${label}`,
          args: ['-run', '^TestStableAfterOfZeroOrLessIsRefusedBeforeConnecting$'],
        });
        assert.deepEqual(passed, ['TestStableAfterOfZeroOrLessIsRefusedBeforeConnecting'], label);
      }
    } finally {
      go.code = original;
    }
  });
});
