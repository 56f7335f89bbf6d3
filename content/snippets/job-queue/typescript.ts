import type { Pool } from 'pg';

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  /** The number of this claim: the token that says this worker still owns the job. */
  attempts: number;
  maxAttempts: number;
}

/**
 * `signal` aborts when the worker stops, this attempt loses the job (its lease was taken over), or
 * the handler runs past `handlerTimeoutMs`.
 */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<void>;

export interface WorkerOptions {
  signal: AbortSignal;
  /** Sleep between polls when no job is due. */
  idleMs?: number;
  /** A running job whose worker has not heartbeated for this long is taken over by another worker. */
  leaseMs?: number;
  /** Delay before retry number `attempt` (1-based). Default: exponential with full jitter. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Deadline of one run of a handler. Past it the attempt fails (and retries) even if the handler
   * ignores its signal: a hung handler would otherwise hold its worker, and heartbeat, forever.
   */
  handlerTimeoutMs?: number;
  /** Reports a database error of the worker loop; the loop backs off `errorBackoffMs` and goes on. */
  onError?: (err: unknown) => void;
  errorBackoffMs?: number;
}

const LEASE_MS = ${2:60000};
const HANDLER_TIMEOUT_MS = ${6:1_800_000};
const defaultRetryDelay = (attempt: number): number => Math.random() * Math.min(600_000, 1000 * 2 ** attempt);

/** setTimeout's longest delay (about 24.8 days): Node runs a longer one, Infinity or NaN after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDelay(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new RangeError(`\${name} must be a number of ms above 0 and at most \${MAX_TIMER_MS}, got \${ms}`);
  }
}

/** Refuses a delay option setTimeout would run after 1 ms: a handler deadline that fired at once would fail every job. */
function checkOptions(options: WorkerOptions): void {
  checkDelay('leaseMs', options.leaseMs ?? LEASE_MS);
  checkDelay('handlerTimeoutMs', options.handlerTimeoutMs ?? HANDLER_TIMEOUT_MS);
  if (options.idleMs !== undefined) checkDelay('idleMs', options.idleMs);
  if (options.errorBackoffMs !== undefined) checkDelay('errorBackoffMs', options.errorBackoffMs);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // An abort that came during the claim before this pause fires no event: end at once.
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Claims a running job whose worker stopped heartbeating for `leaseMs` (stranded jobs first), else
 * the next due job, or returns null. Each candidate is a LIMIT 1 walk of its own partial index, so
 * a claim stays cheap under any backlog (one query with OR over both kinds would sort every due job
 * on every claim). SKIP LOCKED hands each row to one claimer; the claim commits at once and the job
 * runs outside any transaction.
 */
export async function ${1:claimJob}(pool: Pool, leaseMs = LEASE_MS): Promise<Job | null> {
  const result = await pool.query<{ id: string; kind: string; payload: unknown; attempts: number; max_attempts: number }>(
    `UPDATE ${3:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
      WHERE id = COALESCE(
              (SELECT id FROM $3
                WHERE status = 'running' AND locked_at < now() - make_interval(secs => \$1::double precision / 1000)
                ORDER BY locked_at LIMIT 1 FOR UPDATE SKIP LOCKED),
              (SELECT id FROM $3 WHERE status = 'queued' AND run_at <= now()
                ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED))
      RETURNING id, kind, payload, attempts, max_attempts`,
    [leaseMs],
  );
  const row = result.rows[0];
  return row ? { id: row.id, kind: row.kind, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts } : null;
}

// Every write after the claim matches the attempt that claimed the job: a worker whose lease was
// taken over can neither finish nor fail a job that another worker is now running.
const OWNED = `id = \$1 AND attempts = \$2 AND status = 'running'`;

async function heartbeat(pool: Pool, job: Job): Promise<boolean> {
  const result = await pool.query(`UPDATE $3 SET locked_at = now() WHERE \${OWNED}`, [job.id, job.attempts]);
  return result.rowCount === 1;
}

/**
 * The worker is shutting down mid-job: hand the job back due at once without using up an attempt
 * (the interruption was ours, not the job's fault). False: no longer ours.
 */
async function release(pool: Pool, job: Job): Promise<boolean> {
  const result = await pool.query(
    `UPDATE $3 SET status = 'queued', attempts = attempts - 1, run_at = now(), locked_at = NULL, updated_at = now()
      WHERE \${OWNED}`,
    [job.id, job.attempts],
  );
  return result.rowCount === 1;
}

/** Retry later, or dead-letter once attempts are used up (one statement). False: no longer ours. */
async function recordFailure(pool: Pool, job: Job, error: unknown, retryDelayMs: (attempt: number) => number): Promise<boolean> {
  const message = error instanceof Error ? error.message : String(error);
  const result = await pool.query(
    `WITH failed AS (
       UPDATE $3 SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                     run_at = now() + make_interval(secs => \$4::double precision / 1000),
                     locked_at = NULL, last_error = \$3, updated_at = now()
        WHERE \${OWNED}
       RETURNING id, kind, payload, attempts, status, last_error
     ), buried AS (
       INSERT INTO $3_dead_letter (job_id, kind, payload, attempts, last_error)
       SELECT id, kind, payload, attempts, last_error FROM failed WHERE status = 'dead'
       ON CONFLICT (job_id) DO UPDATE
         SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = now()
     )
     SELECT status FROM failed`,
    [job.id, job.attempts, message, retryDelayMs(job.attempts)],
  );
  return result.rowCount === 1;
}

/**
 * Runs one claimed job: heartbeats every leaseMs/3 while the handler runs, then records the outcome
 * only if this attempt still owns the job. Returns false when the job was taken over meanwhile. A
 * handler that fails because the worker is stopping (`options.signal`) releases the job without
 * using up an attempt; one that runs past `handlerTimeoutMs` fails this attempt.
 */
export async function processJob(pool: Pool, handlers: Record<string, JobHandler>, job: Job, options: WorkerOptions): Promise<boolean> {
  checkOptions(options);
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  if (job.attempts > job.maxAttempts) {
    // Claimed again after its last attempt's lease expired: it kills or hangs its worker. Bury it.
    return recordFailure(pool, job, new Error('worker lost: its lease expired on every attempt'), retryDelayMs);
  }
  const lost = new AbortController();
  const stop = (): void => lost.abort();
  options.signal.addEventListener('abort', stop);
  const timer = setInterval(() => {
    heartbeat(pool, job).then(
      (owned) => owned || lost.abort(),
      () => undefined, // a missed beat is harmless: the ownership checks decide
    );
  }, (options.leaseMs ?? LEASE_MS) / 3);
  const timeoutMs = options.handlerTimeoutMs ?? HANDLER_TIMEOUT_MS;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => {
      const err = new Error(`handler ran past its \${timeoutMs} ms deadline`);
      lost.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for job kind "\${job.kind}"`);
    await Promise.race([handler(job, lost.signal), timedOut]);
  } catch (err) {
    if (options.signal.aborted) return release(pool, job);
    return recordFailure(pool, job, err, retryDelayMs);
  } finally {
    clearTimeout(deadline);
    clearInterval(timer);
    options.signal.removeEventListener('abort', stop);
  }
  const done = await pool.query(`UPDATE $3 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE \${OWNED}`, [
    job.id,
    job.attempts,
  ]);
  return done.rowCount === 1;
}

/**
 * Processes jobs until `options.signal` aborts. Run as many workers as you like, in one process or
 * many: SKIP LOCKED hands each job to one of them. Handlers must be idempotent: a job whose worker
 * died or stalled past its lease runs again elsewhere. A database error (a failover, a restart)
 * does not end the loop: it is reported to `onError` and the worker backs off and carries on.
 * Give the pool an error listener too (`pool.on('error', (err) => log(err))`): a failover also
 * drops the connections idle in the pool between polls, each reported as a pool 'error' event,
 * which ends the process when nothing listens.
 */
export async function runWorker(pool: Pool, handlers: Record<string, JobHandler>, options: WorkerOptions): Promise<void> {
  checkOptions(options);
  const onError = options.onError ?? ((err: unknown) => console.error('job worker: database error, backing off', err));
  while (!options.signal.aborted) {
    try {
      const job = await ${1:claimJob}(pool, options.leaseMs ?? LEASE_MS);
      if (!job) {
        await pause(options.idleMs ?? ${4:1000}, options.signal);
        continue;
      }
      await processJob(pool, handlers, job, options);
    } catch (err) {
      onError(err);
      await pause(options.errorBackoffMs ?? 5000, options.signal);
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
