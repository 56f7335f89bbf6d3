/**
 * saga-orchestrator: steps run once each; a failure compensates the failed step and the ones before
 * it in reverse order; a flaky compensation is retried; one that keeps failing parks the saga with
 * the outstanding steps logged, and a later run finishes the compensation; an orchestrator that
 * dies mid-saga (during a step, or during compensation) is resumed from the log by a new one
 * without re-running finished steps; a finished saga never runs again.
 */
import { strict as assert } from 'assert';
import { proves, runJavaProof } from '../../harness';
import { patchTimers } from '../../patchTimers';
import { pinRandom } from '../../pinRandom';
import { importSnippet } from '../../library';

interface State {
  status: string;
  completed: string[];
  results: Record<string, unknown>;
  error?: string;
}
interface Step {
  name: string;
  action: (c: unknown, results: Readonly<Record<string, unknown>>) => Promise<unknown>;
  compensate?: (c: unknown, result: unknown, results: Readonly<Record<string, unknown>>) => Promise<void>;
}
interface Saga {
  runSaga(
    id: string,
    steps: readonly Step[],
    context: unknown,
    log: { load(id: string): Promise<State | null>; save(id: string, s: State): Promise<void> },
    options?: { compensationAttempts?: number; retryBaseMs?: number },
  ): Promise<string>;
}

/** A log that keeps serialized copies, as a database row would. */
function memoryLog() {
  const rows = new Map<string, string>();
  return {
    rows,
    async load(id: string) {
      const row = rows.get(id);
      return row ? (JSON.parse(row) as State) : null;
    },
    async save(id: string, s: State) {
      rows.set(id, JSON.stringify(s));
    },
    state(id: string) {
      return JSON.parse(rows.get(id)!) as State;
    },
  };
}

const never = () => new Promise<void>(() => undefined); // a process that died: the call never returns

function world() {
  const events: string[] = [];
  let started!: () => void;
  const hanging = new Promise<void>((resolve) => (started = resolve));
  const behaviour: Record<string, 'ok' | 'fail' | 'hang'> = {};
  const compensation: Record<string, 'ok' | 'fail' | 'hang' | number> = {};
  const steps: Step[] = ['reserve', 'charge', 'ship'].map((name) => ({
    name,
    action: async () => {
      events.push(`do ${name}`);
      const b = behaviour[name] ?? 'ok';
      if (b === 'hang') {
        started();
        return never();
      }
      if (b === 'fail') throw new Error(`${name} refused`);
    },
    compensate: async () => {
      events.push(`undo ${name}`);
      const c = compensation[name] ?? 'ok';
      if (c === 'hang') {
        started();
        return never();
      }
      if (c === 'fail') throw new Error(`undo ${name} down`);
      if (typeof c === 'number' && c > 0) {
        compensation[name] = c - 1;
        throw new Error(`undo ${name} flaky`);
      }
    },
  }));
  return { events, behaviour, compensation, steps, hanging };
}

/**
 * The TypeScript saga run with a step and its compensation that always fail, Math.random pinned at
 * 0.5 and every sleep recorded and fired at once: the sleeps between its compensation attempts.
 */
async function compensationSleeps(id: string, options: { compensationAttempts: number; retryBaseMs: number }): Promise<number[]> {
  const { runSaga } = importSnippet<Saga>('saga-orchestrator');
  const w = world();
  w.behaviour.ship = 'fail';
  w.compensation.ship = 'fail';
  const random = pinRandom(0.5);
  const timers = patchTimers((ms) => ms !== undefined && ms > 0, { atOnce: true });
  try {
    assert.equal(await runSaga(id, w.steps, {}, memoryLog(), options), 'needs-attention');
    return timers.armed.map((t) => t.ms ?? 0);
  } finally {
    timers.restore();
    random.restore();
  }
}

describe('saga-orchestrator', function () {
  this.timeout(300_000);

  it('typescript: runs once, compensates in reverse, parks and finishes a stuck compensation, resumes after a crash', async () => {
    const { runSaga } = importSnippet<Saga>('saga-orchestrator');
    proves('saga-orchestrator', 'typescript');
    const fast = { retryBaseMs: 1 };

    // Happy path, and a finished saga never runs again.
    let w = world();
    let log = memoryLog();
    assert.equal(await runSaga('s1', w.steps, {}, log, fast), 'completed');
    assert.equal(await runSaga('s1', w.steps, {}, log, fast), 'completed');
    assert.deepEqual(w.events, ['do reserve', 'do charge', 'do ship']);

    // A failing step: it and the steps before it are compensated, in reverse order.
    w = world();
    log = memoryLog();
    w.behaviour.ship = 'fail';
    w.compensation.reserve = 2; // flaky twice, then fine
    assert.equal(await runSaga('s2', w.steps, {}, log, fast), 'compensated');
    assert.deepEqual(w.events, ['do reserve', 'do charge', 'do ship', 'undo ship', 'undo charge', 'undo reserve', 'undo reserve', 'undo reserve']);
    assert.deepEqual(log.state('s2').completed, []);
    assert.match(log.state('s2').error!, /ship refused/);

    // A compensation that keeps failing parks the saga; a later run (after the fix) finishes it.
    w = world();
    log = memoryLog();
    w.behaviour.ship = 'fail';
    w.compensation.charge = 'fail';
    assert.equal(await runSaga('s3', w.steps, {}, log, { ...fast, compensationAttempts: 3 }), 'needs-attention');
    const parked = log.state('s3');
    assert.equal(parked.status, 'needs-attention');
    assert.deepEqual(parked.completed, ['reserve', 'charge'], 'the outstanding compensations are logged');
    assert.match(parked.error!, /undo charge down/);
    assert.equal(w.events.filter((e) => e === 'undo charge').length, 3, 'retried compensationAttempts times');
    assert.ok(!w.events.includes('undo reserve'), 'no compensation skipped over the stuck one');
    w.compensation.charge = 'ok';
    w.events.length = 0;
    assert.equal(await runSaga('s3', w.steps, {}, log, fast), 'compensated');
    assert.deepEqual(w.events, ['undo charge', 'undo reserve'], 'resumes the compensation, runs no action');

    // The orchestrator dies during "charge": a new one resumes without redoing "reserve".
    w = world();
    log = memoryLog();
    w.behaviour.charge = 'hang';
    void runSaga('s4', w.steps, {}, log, fast);
    await w.hanging;
    assert.deepEqual(log.state('s4'), { completed: ['reserve'], results: {}, status: 'running' });
    w.behaviour.charge = 'ok';
    assert.equal(await runSaga('s4', w.steps, {}, log, fast), 'completed');
    assert.deepEqual(w.events, ['do reserve', 'do charge', 'do charge', 'do ship'], 'only the step in flight runs twice');

    // It dies while compensating "charge": a new one finishes the compensation, runs no action.
    w = world();
    log = memoryLog();
    w.behaviour.ship = 'fail';
    w.compensation.charge = 'hang';
    void runSaga('s5', w.steps, {}, log, fast);
    await w.hanging;
    assert.equal(log.state('s5').status, 'compensating');
    w.compensation.charge = 'ok';
    w.events.length = 0;
    assert.equal(await runSaga('s5', w.steps, {}, log, fast), 'compensated');
    assert.deepEqual(w.events, ['undo charge', 'undo reserve']);
  });

  it('typescript: a compensation after a crash gets the result its action returned before the crash; later steps see earlier results', async () => {
    const { runSaga } = importSnippet<Saga>('saga-orchestrator');
    proves('saga-orchestrator', 'typescript');
    const log = memoryLog();
    let started!: () => void;
    const shipping = new Promise<void>((resolve) => (started = resolve));
    const refunds: unknown[] = [];
    const seenByShip: unknown[] = [];
    // Each process makes its own charge ids (random, as a payment provider would): the id of the
    // charge made before the crash exists only in the log.
    const steps = (ship: 'hang' | 'fail'): Step[] => [
      { name: 'reserve', action: async () => undefined },
      {
        name: 'charge',
        action: async () => ({ chargeId: `ch_${Math.random().toString(36).slice(2)}` }),
        compensate: async (_c, result) => void refunds.push(result),
      },
      {
        name: 'ship',
        action: async (_c, results) => {
          seenByShip.push(results.charge);
          if (ship === 'hang') {
            started();
            return never();
          }
          throw new Error('no courier');
        },
      },
    ];
    void runSaga('s6', steps('hang'), {}, log, { retryBaseMs: 1 });
    await shipping;
    const charged = (log.state('s6').results.charge as { chargeId: string }).chargeId;
    assert.match(charged, /^ch_/, 'the charge id is in the log before the next step runs');
    // A new process: "ship" fails now, and the refund must name the charge made before the crash.
    assert.equal(await runSaga('s6', steps('fail'), {}, log, { retryBaseMs: 1 }), 'compensated');
    assert.deepEqual(refunds, [{ chargeId: charged }], 'the compensation got the result of the action before the crash');
    assert.deepEqual(seenByShip, [{ chargeId: charged }, { chargeId: charged }], 'later steps see earlier results, also after resume');
    assert.deepEqual(log.state('s6').results, {}, 'nothing left to undo');
  });

  it('typescript: the backoff between compensation attempts is capped, as in Java (no delay past what setTimeout holds, which Node fires after 1 ms)', async () => {
    const delays = await compensationSleeps('s7', { compensationAttempts: 40, retryBaseMs: 200 });
    assert.equal(delays.length, 39, 'one sleep between each two of the 40 attempts');
    const longest = Math.max(...delays);
    assert.ok(longest <= 200 * 2 ** 10, `the longest sleep is ${longest} ms: uncapped, the 25th is ${0.5 * 200 * 2 ** 25} ms, past setTimeout's 2^31-1, so Node retries after 1 ms (a tight loop)`);
    assert.equal(delays[delays.length - 1], 0.5 * 200 * 2 ** 10, 'the cap is 2^10 times the base, as in the Java variant');
    proves('saga-orchestrator', 'typescript');
  });

  it('typescript: a backoff past setTimeout\'s limit is clamped to 2^31-1 ms; a NaN, negative or infinite retryBaseMs is refused before anything runs', async () => {
    const { runSaga } = importSnippet<Saga>('saga-orchestrator');
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      const w = world();
      const log = memoryLog();
      await assert.rejects(runSaga('s8', w.steps, {}, log, { retryBaseMs: bad }), RangeError, `retryBaseMs ${bad} is refused`);
      assert.deepEqual(w.events, [], `no step ran with retryBaseMs ${bad}`);
      assert.equal(log.rows.size, 0);
    }
    const delays = await compensationSleeps('s9', { compensationAttempts: 3, retryBaseMs: 1e12 });
    assert.deepEqual(delays, [2 ** 31 - 1, 2 ** 31 - 1], 'each sleep clamped to what setTimeout holds (0.5 * 1e12 * 2 is far past it)');
    proves('saga-orchestrator', 'typescript');
  });

  it('typescript: a compensationAttempts that is not a whole number >= 1 (NaN or Infinity retried a failing compensation forever) and two steps with one name (the first one\'s refund got the second one\'s charge) are refused before anything runs', async () => {
    const { runSaga } = importSnippet<Saga>('saga-orchestrator');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 0, 1.5]) {
      const w = world();
      const log = memoryLog();
      await assert.rejects(runSaga('s10', w.steps, {}, log, { compensationAttempts: bad, retryBaseMs: 1 }), RangeError, `compensationAttempts ${bad} is refused`);
      assert.deepEqual(w.events, [], `no step ran with compensationAttempts ${bad}`);
      assert.equal(log.rows.size, 0);
    }
    const refunds: unknown[] = [];
    let n = 0;
    const charge = (): Step => ({ name: 'charge', action: async () => `ch_${++n}`, compensate: async (_c, result) => void refunds.push(result) });
    const log = memoryLog();
    const steps = [charge(), charge(), { name: 'ship', action: async () => Promise.reject(new Error('no courier')) }];
    await assert.rejects(runSaga('s11', steps, {}, log, { retryBaseMs: 1 }), /unique/, 'two steps named "charge"');
    assert.deepEqual([n, refunds, log.rows.size], [0, [], 0], 'nothing ran, nothing was refunded (before: refunds ch_2, then undefined), nothing saved');
    proves('saga-orchestrator', 'typescript');
  });

  it('java: the same scenarios, including resume after a crash, a compensation that needs a result from before the crash, no swallowed compensation errors, zero compensation attempts and two steps with one name refused, a backoff capped at 2^31-1 ms as in TypeScript (a huge base slept for centuries) that never overflows a long (before: a base from 2^53 ms up wrapped, and Long.MAX_VALUE threw IllegalArgumentException out of run)', async () => {
    await runJavaProof({ snippet: 'saga-orchestrator', programs: ['SagaProof.java'] });
  });
});
