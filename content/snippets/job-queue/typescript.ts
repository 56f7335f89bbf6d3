import type { Pool } from 'pg';

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (job: Job, signal: AbortSignal) => Promise<void>;

export interface WorkerOptions {
  signal: AbortSignal;
  /** Sleep between polls when no job is due. */
  idleMs?: number;
  /** Delay before retry number `attempt` (1-based). Default: exponential with full jitter. */
  retryDelayMs?: (attempt: number) => number;
}

const defaultRetryDelay = (attempt: number): number => Math.random() * Math.min(${2:600000}, 1000 * 2 ** attempt);

/** Claims the next due job, or returns null. The claim commits at once; the job runs outside it. */
export async function ${1:claimJob}(pool: Pool): Promise<Job | null> {
  const result = await pool.query<{ id: string; kind: string; payload: unknown; attempts: number; max_attempts: number }>(
    `UPDATE ${3:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
      WHERE id = (SELECT id FROM $3 WHERE status = 'queued' AND run_at <= now()
                   ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts, max_attempts`,
  );
  const row = result.rows[0];
  return row ? { id: row.id, kind: row.kind, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts } : null;
}

async function recordFailure(pool: Pool, job: Job, error: unknown, retryDelayMs: (attempt: number) => number): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (job.attempts >= job.maxAttempts) {
    // Out of attempts: mark dead and copy to the dead-letter table in one transaction.
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`UPDATE $3 SET status = 'dead', last_error = \$2, updated_at = now() WHERE id = \$1`, [job.id, message]);
      await tx.query(
        `INSERT INTO $3_dead_letter (job_id, kind, payload, attempts, last_error)
         SELECT id, kind, payload, attempts, last_error FROM $3 WHERE id = \$1`,
        [job.id],
      );
      await tx.query('COMMIT');
    } catch (err) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      tx.release();
    }
    return;
  }
  await pool.query(
    `UPDATE $3 SET status = 'queued', locked_at = NULL, last_error = \$2, updated_at = now(),
                   run_at = now() + make_interval(secs => \$3::double precision / 1000)
      WHERE id = \$1`,
    [job.id, message, retryDelayMs(job.attempts)],
  );
}

/**
 * Processes jobs until `options.signal` aborts. Run as many workers as you like, in one process or
 * many: SKIP LOCKED hands each job to one of them. Handlers should be idempotent, because a job
 * whose worker died is requeued (see requeue_stuck in the SQL variant) and runs again.
 */
export async function runWorker(pool: Pool, handlers: Record<string, JobHandler>, options: WorkerOptions): Promise<void> {
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  while (!options.signal.aborted) {
    const job = await ${1:claimJob}(pool);
    if (!job) {
      await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? ${4:1000}));
      continue;
    }
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`no handler for job kind "\${job.kind}"`);
      await handler(job, options.signal);
      await pool.query(`UPDATE $3 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE id = \$1`, [job.id]);
    } catch (err) {
      await recordFailure(pool, job, err, retryDelayMs);
    }
  }
}

/** Enqueues a job; pass a transaction client to enqueue atomically with other writes. */
export async function enqueueJob(
  db: Pick<Pool, 'query'>,
  kind: string,
  payload: unknown,
  maxAttempts = ${5:5},
): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO $3 (kind, payload, max_attempts) VALUES (\$1, \$2, \$3) RETURNING id',
    [kind, JSON.stringify(payload), maxAttempts],
  );
  return result.rows[0]!.id;
}
$0
