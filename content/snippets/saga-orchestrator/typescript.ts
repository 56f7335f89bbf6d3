export interface SagaStep<C> {
  name: string;
  /** Does the step's local work. Must be idempotent: after a crash it may run again. */
  action: (context: C) => Promise<void>;
  /** Semantically undoes `action` (refund, release). Also idempotent, and must tolerate "nothing to undo". */
  compensate?: (context: C) => Promise<void>;
}

export type SagaOutcome = 'completed' | 'compensated' | 'needs-attention';

/** Where the saga stands; persist it so a restarted orchestrator can resume or compensate. */
export interface SagaLog {
  save(sagaId: string, state: { completed: string[]; status: string; error?: string }): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function retry(fn: () => Promise<void>, attempts: number, baseMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(Math.random() * baseMs * 2 ** attempt);
    }
  }
}

/**
 * Runs the steps in order. If one fails, runs the compensations of the steps that completed, in
 * reverse order. A compensation that keeps failing cannot be skipped (the system would stay half
 * done): it is retried, and if it still fails the saga is parked as "needs-attention" for an
 * operator, with the log saying exactly which compensations are outstanding.
 */
export async function ${1:runSaga}<C>(
  sagaId: string,
  steps: readonly SagaStep<C>[],
  context: C,
  log: SagaLog,
  { compensationAttempts = ${2:5}, retryBaseMs = ${3:200} } = {},
): Promise<SagaOutcome> {
  const completed: SagaStep<C>[] = [];
  for (const step of steps) {
    try {
      await step.action(context);
      completed.push(step);
      await log.save(sagaId, { completed: completed.map((s) => s.name), status: 'running' });
    } catch (err) {
      const reason = `step "\${step.name}" failed: \${err instanceof Error ? err.message : String(err)}`;
      await log.save(sagaId, { completed: completed.map((s) => s.name), status: 'compensating', error: reason });
      while (completed.length > 0) {
        const done = completed[completed.length - 1]!;
        try {
          if (done.compensate) await retry(() => done.compensate!(context), compensationAttempts, retryBaseMs);
        } catch (compensationError) {
          await log.save(sagaId, {
            completed: completed.map((s) => s.name),
            status: 'needs-attention',
            error: `\${reason}; compensation of "\${done.name}" failed: \${String(compensationError)}`,
          });
          return 'needs-attention';
        }
        completed.pop();
        await log.save(sagaId, { completed: completed.map((s) => s.name), status: 'compensating', error: reason });
      }
      await log.save(sagaId, { completed: [], status: 'compensated', error: reason });
      return 'compensated';
    }
  }
  await log.save(sagaId, { completed: completed.map((s) => s.name), status: 'completed' });
  return 'completed';
}
$0
