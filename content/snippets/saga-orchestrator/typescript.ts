/** What finished steps returned (a charge id, a reservation id), by step name. */
export type StepResults = Readonly<Record<string, unknown>>;

export interface SagaStep<C> {
  name: string;
  /**
   * Does the step's local work. Must be idempotent: after a crash it may run again. What it returns
   * is saved in the log with the step (so it must be JSON-serializable) and given to later steps
   * and to its compensation, also in an orchestrator that resumes after a crash: keep what the
   * undo needs there, not in `context`, which a restarted process builds anew.
   */
  action: (context: C, results: StepResults) => Promise<unknown>;
  /**
   * Semantically undoes `action` (refund, release) with the result it returned. Also idempotent,
   * and must tolerate "nothing to undo": it also runs for the step that failed (its result is then
   * undefined), whose action may have half happened (a timeout does not say whether the remote
   * side applied it).
   */
  compensate?: (context: C, result: unknown, results: StepResults) => Promise<void>;
}

export type SagaOutcome = 'completed' | 'compensated' | 'needs-attention';

export interface SagaState {
  status: 'running' | 'compensating' | SagaOutcome;
  /** Steps whose effects may exist, in execution order: what a compensation must undo. */
  completed: string[];
  /** The results of the finished steps among them, by step name. */
  results: Record<string, unknown>;
  error?: string;
}

/** Durable saga progress (a table row keyed by saga id): what a restarted orchestrator resumes from. */
export interface SagaLog {
  load(sagaId: string): Promise<SagaState | null>;
  save(sagaId: string, state: SagaState): Promise<void>;
}

/** setTimeout's longest delay: Node fires a longer one after 1 ms. */
const MAX_SLEEP_MS = 2 ** 31 - 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, MAX_SLEEP_MS)));

async function retry(fn: () => Promise<void>, attempts: number, baseMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts) throw err;
      // Full jitter, the exponent capped at 10 (as in the Java variant): uncapped, the 25th sleep of
      // a 200 ms base passes setTimeout's limit (2^31-1 ms), and Node then fires it after 1 ms.
      // sleep() also clamps to that limit, for a large base.
      await sleep(Math.random() * baseMs * 2 ** Math.min(attempt, 10));
    }
  }
}

/**
 * Runs the steps in order, saving progress (and each step's result) after each. If one fails, runs
 * the compensations of the failed step and of the steps before it, in reverse order, each with
 * the result its action returned. A compensation that keeps failing
 * cannot be skipped (the system would stay half done): it is retried, and if it still fails the
 * saga is parked as "needs-attention" with the outstanding steps in the log.
 *
 * Call it again with the same saga id after a crash or a restart (for example from a sweep over
 * sagas not finished for a while): it resumes from the log, continuing the steps or the
 * compensation where they stopped, re-running at most the step that was in flight; a finished saga
 * is never run again. Run one orchestrator per saga id at a time (a lease or a row lock).
 * For sagas with timers, human steps or many services, Temporal (temporal.io) gives durable
 * execution, retries and resume without this bookkeeping.
 */
export async function ${1:runSaga}<C>(
  sagaId: string,
  steps: readonly SagaStep<C>[],
  context: C,
  log: SagaLog,
  { compensationAttempts = ${2:5}, retryBaseMs = ${3:200} } = {},
): Promise<SagaOutcome> {
  // A NaN, negative or infinite base (0 × Infinity is NaN) would make every backoff a 1 ms sleep (a tight retry loop).
  if (!Number.isFinite(retryBaseMs) || retryBaseMs < 0) throw new RangeError(`retryBaseMs must be a finite number >= 0, got \${retryBaseMs}`);
  // A NaN or infinite count would retry a failing compensation forever instead of parking the saga.
  if (!Number.isInteger(compensationAttempts) || compensationAttempts < 1) {
    throw new RangeError(`compensationAttempts must be a whole number >= 1, got \${compensationAttempts}`);
  }
  // The log and the results are keyed by step name: two steps with one name would hand the first
  // one's compensation the second one's result (refunding the wrong charge), and a resumed saga
  // could not tell them apart.
  const byName = new Map(steps.map((s) => [s.name, s]));
  if (byName.size !== steps.length) throw new Error(`saga \${sagaId}: step names must be unique`);
  const saved = await log.load(sagaId);
  if (saved?.status === 'completed' || saved?.status === 'compensated') return saved.status;
  const completed = (saved?.completed ?? []).map((name) => {
    const step = byName.get(name);
    if (!step) throw new Error(`saga \${sagaId}: logged step "\${name}" is not among the steps`);
    return step;
  });
  const results: Record<string, unknown> = { ...saved?.results };
  const progress = () => ({ completed: completed.map((s) => s.name), results: { ...results } });

  const compensate = async (reason: string): Promise<SagaOutcome> => {
    await log.save(sagaId, { ...progress(), status: 'compensating', error: reason });
    while (completed.length > 0) {
      const done = completed[completed.length - 1]!;
      try {
        if (done.compensate) await retry(() => done.compensate!(context, results[done.name], results), compensationAttempts, retryBaseMs);
      } catch (compensationError) {
        await log.save(sagaId, {
          ...progress(),
          status: 'needs-attention',
          error: `\${reason}; compensation of "\${done.name}" failed: \${String(compensationError)}`,
        });
        return 'needs-attention';
      }
      completed.pop();
      delete results[done.name];
      await log.save(sagaId, { ...progress(), status: 'compensating', error: reason });
    }
    await log.save(sagaId, { completed: [], results: {}, status: 'compensated', error: reason });
    return 'compensated';
  };

  if (saved && saved.status !== 'running') return compensate(saved.error ?? 'resumed compensation');
  if (completed.some((step, i) => steps[i] !== step)) throw new Error(`saga \${sagaId}: the logged steps are not a prefix of the steps`);
  for (const step of steps.slice(completed.length)) {
    try {
      results[step.name] = await step.action(context, { ...results });
    } catch (err) {
      completed.push(step); // it may have half happened: its compensation runs too
      return compensate(`step "\${step.name}" failed: \${err instanceof Error ? err.message : String(err)}`);
    }
    completed.push(step);
    await log.save(sagaId, { ...progress(), status: 'running' });
  }
  await log.save(sagaId, { ...progress(), status: 'completed' });
  return 'completed';
}
$0
