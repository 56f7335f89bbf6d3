/**
 * job-queue: each job runs once across concurrent workers; a worker that stalls past its lease is
 * taken over and can no longer finish or fail the job; heartbeats keep a long job from being taken
 * over; a job that loses its worker on every attempt, or fails every attempt, is dead-lettered.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { gate } from '../../gate';
import { freshDatabase, proofEnv, proves, runGoProof, runJavaProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf, variant } from '../../library';
import { expandSnippetBody } from '../../../../src/core/snippets';
import { patchTimers } from '../../patchTimers';
import { pinRandom } from '../../pinRandom';

interface Job {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}
type Handler = (job: Job, signal: AbortSignal) => Promise<void>;
interface Options {
  signal: AbortSignal;
  idleMs?: number;
  leaseMs?: number;
  retryDelayMs?: (attempt: number) => number;
  handlerTimeoutMs?: number;
  onError?: (err: unknown) => void;
  errorBackoffMs?: number;
}
interface JobQueue {
  claimJob(pool: Pool, leaseMs?: number): Promise<Job | null>;
  processJob(pool: Pool, handlers: Record<string, Handler>, job: Job, options: Options): Promise<boolean>;
  runWorker(pool: Pool, handlers: Record<string, Handler>, options: Options): Promise<void>;
  enqueueJob(db: Pick<Pool, 'query'>, kind: string, payload: unknown, maxAttempts?: number): Promise<string>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await sleep(25);
  }
  assert.fail(`timed out waiting until ${what}`);
}

async function jobRow(pool: Pool, id: string): Promise<{ status: string; attempts: number }> {
  const { rows } = await pool.query<{ status: string; attempts: number }>('SELECT status, attempts FROM jobs WHERE id = $1', [id]);
  return rows[0]!;
}

describe('job-queue', function () {
  this.timeout(600_000);

  async function database(name: string): Promise<{ pool: Pool; env: Record<string, string> }> {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('job-queue'));
    return { pool: new Pool({ connectionString: db.url, max: 20 }), env: await proofEnv({ db }) };
  }

  it('typescript: four workers run each of 200 jobs once; a failing job is dead-lettered after max_attempts', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_many');
    const stop = new AbortController();
    try {
      for (let i = 0; i < 200; i++) await q.enqueueJob(pool, 'work', { i });
      const poisonId = await q.enqueueJob(pool, 'poison', ['a', 'list'], 3);
      const processed: string[] = [];
      let poisonRuns = 0;
      const handlers: Record<string, Handler> = {
        work: async (job) => void processed.push(job.id),
        poison: async () => {
          poisonRuns++;
          throw new Error('always fails');
        },
      };
      const workers = Array.from({ length: 4 }, () =>
        q.runWorker(pool, handlers, { signal: stop.signal, idleMs: 20, retryDelayMs: () => 10 }),
      );
      await until('every job finished', async () => {
        const { rows } = await pool.query("SELECT count(*)::int AS n FROM jobs WHERE status NOT IN ('succeeded', 'dead')");
        return rows[0].n === 0;
      });
      stop.abort();
      await Promise.all(workers);
      assert.equal(processed.length, 200, 'each job processed once, none twice');
      assert.equal(new Set(processed).size, 200);
      assert.equal(poisonRuns, 3, 'the failing job ran exactly max_attempts times');
      const dead = await pool.query('SELECT job_id, attempts, last_error FROM jobs_dead_letter');
      assert.deepEqual(dead.rows.map((r) => [r.job_id, r.attempts]), [[poisonId, 3]]);
      assert.match(dead.rows[0].last_error, /always fails/);
      proves('job-queue', 'typescript');
    } finally {
      stop.abort();
      await pool.end();
    }
  });

  it("typescript: a leaseMs, handlerTimeoutMs, idleMs or errorBackoffMs setTimeout would not keep (over 2^31-1 ms, Infinity, NaN, 0, negative) is refused before a job is touched (a deadline that fired at once would fail every job)", async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const job = { id: '1', kind: 'k', payload: null, attempts: 1, maxAttempts: 5 } as unknown as Job;
    for (const bad of [2 ** 31, 30 * 24 * 3600 * 1000, Infinity, NaN, -1, 0]) {
      for (const name of ['leaseMs', 'handlerTimeoutMs', 'idleMs', 'errorBackoffMs'] as const) {
        // Should a worker start anyway, its first query stops it, so the proof fails instead of spinning.
        const stop = new AbortController();
        const noDatabase = { query: () => (stop.abort(), Promise.reject(new Error('no database here'))) } as unknown as Pool;
        const options: Options = { signal: stop.signal, onError: () => undefined, [name]: bad };
        const named = (e: Error) => e instanceof RangeError && e.message.startsWith(name);
        await assert.rejects(q.runWorker(noDatabase, {}, options), named, `runWorker ${name} ${bad}`);
        await assert.rejects(q.processJob(noDatabase, { k: async () => undefined }, job, options), named, `processJob ${name} ${bad}`);
      }
    }
    proves('job-queue', 'typescript');
  });

  it('typescript: a stalled worker whose lease was taken over can neither complete nor fail the job', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_stall');
    const stop = new AbortController();
    const options: Options = { signal: stop.signal, leaseMs: 60_000, retryDelayMs: () => 0 };
    const gates = [gate(), gate(), gate()];
    try {
      const id = await q.enqueueJob(pool, 'slow', {});
      const runs: number[] = [];
      const outcomes: ('ok' | 'fail')[] = ['ok', 'fail', 'ok'];
      const handlers: Record<string, Handler> = {
        slow: async (job) => {
          runs.push(job.attempts);
          await gates[job.attempts - 1]!.wait;
          if (outcomes[job.attempts - 1] === 'fail') throw new Error(`attempt ${job.attempts} failed`);
        },
      };
      // Worker A claims and stalls (a GC pause, a frozen VM): its heartbeats stop, the lease expires.
      const a = (await q.claimJob(pool, 60_000))!;
      assert.equal(a.attempts, 1);
      const aDone = q.processJob(pool, handlers, a, options);
      await until('A runs', async () => runs.length === 1);
      assert.equal(await q.claimJob(pool, 60_000), null, 'a live lease is not taken over');
      await pool.query("UPDATE jobs SET locked_at = now() - interval '1 hour'");
      // Worker B takes the job over as attempt 2 and is still running it.
      const b = (await q.claimJob(pool, 60_000))!;
      assert.ok(b, 'an expired lease is taken over');
      assert.equal(b.id, id);
      assert.equal(b.attempts, 2);
      const bDone = q.processJob(pool, handlers, b, options);
      await until('B runs', async () => runs.length === 2);
      // A wakes up and succeeds: that must not mark the job succeeded while B runs.
      gates[0]!.open();
      assert.equal(await aDone, false, 'A learns it lost the job');
      assert.deepEqual(await jobRow(pool, id), { status: 'running', attempts: 2 });
      // B fails: its failure counts (it owns the job) and requeues it.
      gates[1]!.open();
      assert.equal(await bDone, true);
      assert.deepEqual(await jobRow(pool, id), { status: 'queued', attempts: 2 });
      // C runs attempt 3 and succeeds; a late failure from B's attempt can no longer flip it.
      const c = (await q.claimJob(pool, 60_000))!;
      gates[2]!.open();
      assert.equal(await q.processJob(pool, handlers, c, options), true);
      assert.deepEqual(await jobRow(pool, id), { status: 'succeeded', attempts: 3 });
      assert.deepEqual(runs, [1, 2, 3]);
      proves('job-queue', 'typescript');
    } finally {
      gates.forEach((g) => g.open());
      stop.abort();
      await pool.end();
    }
  });

  it('typescript: heartbeats keep a job that outlives its lease from being taken over', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_heartbeat');
    const stop = new AbortController();
    const leaseMs = 1500;
    const release = gate();
    try {
      const id = await q.enqueueJob(pool, 'long', {});
      let started = false;
      const a = (await q.claimJob(pool, leaseMs))!;
      const done = q.processJob(pool, { long: async () => ((started = true), await release.wait) }, a, {
        signal: stop.signal,
        leaseMs,
      });
      await until('A runs', async () => started);
      // Run on for several lease lengths; each time the heartbeat has moved locked_at, a claimer
      // with the same lease must find nothing to take over.
      let beats = 0;
      let last = (await pool.query('SELECT locked_at FROM jobs WHERE id = $1', [id])).rows[0].locked_at.getTime();
      while (beats < 4) {
        await until('a heartbeat', async () => {
          const now = (await pool.query('SELECT locked_at FROM jobs WHERE id = $1', [id])).rows[0].locked_at.getTime();
          if (now === last) return false;
          last = now;
          return true;
        });
        beats++;
        assert.equal(await q.claimJob(pool, leaseMs), null, 'a heartbeating job is not taken over');
      }
      release.open();
      assert.equal(await done, true);
      assert.deepEqual(await jobRow(pool, id), { status: 'succeeded', attempts: 1 });
      proves('job-queue', 'typescript');
    } finally {
      release.open();
      stop.abort();
      await pool.end();
    }
  });

  it('typescript: a job that loses its worker on every attempt is dead-lettered, not retried forever', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_crash');
    const stop = new AbortController();
    try {
      const id = await q.enqueueJob(pool, 'crashes', {}, 2);
      let runs = 0;
      const handlers: Record<string, Handler> = { crashes: async () => void runs++ };
      for (let attempt = 1; attempt <= 2; attempt++) {
        const job = (await q.claimJob(pool, 60_000))!;
        assert.equal(job.attempts, attempt);
        // The worker dies here: nothing records an outcome; its lease expires.
        await pool.query("UPDATE jobs SET locked_at = now() - interval '1 hour'");
      }
      const worker = q.runWorker(pool, handlers, { signal: stop.signal, idleMs: 20, leaseMs: 60_000 });
      await until('the job is dead', async () => (await jobRow(pool, id)).status === 'dead');
      stop.abort();
      await worker;
      assert.equal(runs, 0, 'the handler is not run past max_attempts');
      const dead = await pool.query('SELECT job_id, last_error FROM jobs_dead_letter');
      assert.equal(dead.rows.length, 1);
      assert.equal(dead.rows[0].job_id, id);
      assert.match(dead.rows[0].last_error, /lease expired/);
      proves('job-queue', 'typescript');
    } finally {
      stop.abort();
      await pool.end();
    }
  });

  it('typescript: the default retry delay, read exactly for attempts 1 to 30 at four draws, is full jitter under a ceiling of 2^attempt s capped at ten minutes', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_backoff_exact');
    const stop = new AbortController();
    const failing: Record<string, Handler> = {
      flaky: async () => {
        throw new Error('still down');
      },
    };
    // The draw is injected through Math.random, the default delay's one random source; the failure
    // sets updated_at = now() and run_at = now() + delay in one statement, so run_at - updated_at is
    // the delay as computed (to the microsecond an interval holds).
    const random = pinRandom();
    try {
      const id = await q.enqueueJob(pool, 'flaky', {}, 100);
      for (const r of [0.999_999, 0.5, 0.25, 0]) {
        for (let attempt = 1; attempt <= 30; attempt++) {
          await pool.query("UPDATE jobs SET status = 'queued', attempts = $2, run_at = now() WHERE id = $1", [id, attempt - 1]);
          const job = (await q.claimJob(pool, 60_000))!;
          assert.deepEqual([job?.id, job?.attempts], [id, attempt], `claimed as attempt ${attempt}`);
          random.value = r;
          random.draws = 0;
          assert.equal(await q.processJob(pool, failing, job, { signal: stop.signal }), true, 'the failure is recorded');
          const { rows } = await pool.query<{ status: string; ms: number }>(
            'SELECT status, (EXTRACT(EPOCH FROM run_at - updated_at) * 1000)::float8 AS ms FROM jobs WHERE id = $1',
            [id],
          );
          // 2 s, 4 s, ... 512 s for attempts 1 to 9; 2^10 s = 1024 s is past ten minutes.
          const ceiling = attempt <= 9 ? 1000 * 2 ** attempt : 600_000;
          assert.equal(random.draws, 1, `attempt ${attempt}: one random draw per failure`);
          assert.equal(rows[0]!.status, 'queued');
          assert.ok(
            Math.abs(rows[0]!.ms - r * ceiling) <= 0.002,
            `attempt ${attempt}, draw ${r}: delay ${rows[0]!.ms} ms, want ${r * ceiling} ms (ceiling ${ceiling} ms)`,
          );
        }
      }
      proves('job-queue', 'typescript');
    } finally {
      random.restore();
      stop.abort();
      await pool.end();
    }
  });

  it("typescript: with the pool setup runWorker's comment asks for (an 'error' listener on the pool), a pooled connection that drops while idle between claims does not end the process; the next claim runs on a new connection", async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const db = await freshDatabase('jobs_ts_idle_error');
    await db.exec(sqlOf('job-queue'));
    const admin = new Pool({ connectionString: db.url, max: 2 });
    const pool = new Pool({ connectionString: db.url, max: 1, idleTimeoutMillis: 0 });
    const reported: Error[] = [];
    pool.on('error', (err) => void reported.push(err)); // the listener the comment asks for
    const pids: number[] = [];
    pool.on('connect', (client) => void pids.push((client as unknown as { processID: number }).processID));
    try {
      assert.equal(await q.claimJob(pool), null, 'nothing due yet');
      assert.equal(pool.idleCount, 1, 'the connection waits idle in the pool');
      await admin.query('SELECT pg_terminate_backend($1)', [pids[0]]);
      await until("the pool reports its idle connection's error", async () => reported.length === 1);
      const id = await q.enqueueJob(admin, 'work', {});
      const job = await q.claimJob(pool);
      assert.equal(job?.id, id);
      assert.equal(pids.length, 2, 'a new connection');
      proves('job-queue', 'typescript');
    } finally {
      await pool.end();
      await admin.end();
    }
  });

  it('typescript: the worker loop survives database errors: reports them, backs off, and goes on', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_dberror');
    const stop = new AbortController();
    try {
      const id = await q.enqueueJob(pool, 'work', {});
      // The table is away (a migration gone wrong, a failover): every claim fails for a while.
      await pool.query('ALTER TABLE jobs RENAME TO jobs_away');
      const errors: unknown[] = [];
      let ran = 0;
      const worker = q.runWorker(pool, { work: async () => void ran++ }, {
        signal: stop.signal,
        idleMs: 10,
        errorBackoffMs: 10,
        onError: (err) => errors.push(err),
      });
      let settled = false;
      void worker.then(
        () => (settled = true),
        () => (settled = true),
      );
      await until('three errors reported', async () => errors.length >= 3);
      assert.equal(settled, false, 'the worker is still running');
      await pool.query('ALTER TABLE jobs_away RENAME TO jobs');
      await until('the job ran', async () => (await jobRow(pool, id)).status === 'succeeded');
      stop.abort();
      await worker;
      assert.equal(ran, 1);
      proves('job-queue', 'typescript');
    } finally {
      stop.abort();
      await pool.query('ALTER TABLE IF EXISTS jobs_away RENAME TO jobs').catch(() => undefined);
      await pool.end();
    }
  });

  it('typescript: a shutdown that lands while a claim is in flight ends the worker at once, without its idle pause', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_abort_claim');
    const stop = new AbortController();
    // The claim waits at a gate, so the abort lands exactly while it is in flight; it then finds no job.
    const claimStarted = gate();
    const claimGate = gate();
    const gated = {
      query: async (...args: unknown[]) => {
        claimStarted.open();
        await claimGate.wait;
        return (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    } as unknown as Pool;
    // A pause of the worker is recognised by its 10-minute length, recorded and run at once.
    const pauses = patchTimers((ms) => ms === 600_000, { atOnce: true });
    try {
      const worker = q.runWorker(gated, {}, { signal: stop.signal, idleMs: 600_000, errorBackoffMs: 600_000, onError: () => {} });
      await claimStarted.wait;
      stop.abort();
      claimGate.open();
      await worker;
    } finally {
      pauses.restore();
      stop.abort();
      await pool.end();
    }
    assert.deepEqual(pauses.armed.map((t) => t.ms), [], 'no pause started after the abort');
    proves('job-queue', 'typescript');
  });

  it('typescript: a shutdown mid-job hands the job back without using up an attempt', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_shutdown');
    const stop = new AbortController();
    try {
      const id = await q.enqueueJob(pool, 'long', {}, 1);
      const job = (await q.claimJob(pool, 60_000))!;
      let started = false;
      const done = q.processJob(
        pool,
        {
          long: (_job, signal) =>
            new Promise((_, reject) => {
              started = true;
              signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
            }),
        },
        job,
        { signal: stop.signal, retryDelayMs: () => 60_000 },
      );
      await until('the handler runs', async () => started);
      stop.abort(); // the worker is shutting down (a deploy)
      assert.equal(await done, true);
      assert.deepEqual(await jobRow(pool, id), { status: 'queued', attempts: 0 }, 'released, its only attempt still unused');
      const again = await q.claimJob(pool, 60_000);
      assert.equal(again?.id, id, 'due at once for the next worker');
      assert.equal(again?.attempts, 1);
      proves('job-queue', 'typescript');
    } finally {
      stop.abort();
      await pool.end();
    }
  });

  it('typescript: a handler past its deadline fails its attempt even when it ignores the signal', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const { pool } = await database('jobs_ts_deadline');
    const stop = new AbortController();
    const hung = gate();
    try {
      const id = await q.enqueueJob(pool, 'hangs', {});
      const job = (await q.claimJob(pool, 60_000))!;
      let aborted = false;
      const handlers: Record<string, Handler> = {
        hangs: async (_job, signal) => {
          signal.addEventListener('abort', () => (aborted = true));
          await hung.wait; // ignores the signal
        },
      };
      const outcome = await Promise.race([
        q.processJob(pool, handlers, job, { signal: stop.signal, handlerTimeoutMs: 100, retryDelayMs: () => 0 }),
        sleep(10_000).then(() => 'still waiting on the hung handler'),
      ]);
      assert.equal(outcome, true);
      assert.ok(aborted, 'the handler was told');
      assert.deepEqual(await jobRow(pool, id), { status: 'queued', attempts: 1 });
      const { rows } = await pool.query('SELECT last_error FROM jobs WHERE id = $1', [id]);
      assert.match(rows[0].last_error, /deadline/);
      proves('job-queue', 'typescript');
    } finally {
      hung.open();
      stop.abort();
      await pool.end();
    }
  });

  it('sql: claim/heartbeat/complete/fail functions: each job once across sessions, stale attempts rejected, crash loops buried', async () => {
    const { pool } = await database('jobs_sql');
    try {
      await pool.query("INSERT INTO jobs (kind, payload) SELECT 'work', jsonb_build_object('i', i) FROM generate_series(1, 100) i");
      const seen: string[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          const client = await pool.connect();
          try {
            for (;;) {
              const { rows } = await client.query("SELECT id, attempts FROM claim_jobs('1 minute')");
              if (rows.length === 0) return;
              seen.push(rows[0].id);
              const done = await client.query('SELECT complete_jobs($1, $2) AS ok', [rows[0].id, rows[0].attempts]);
              assert.equal(done.rows[0].ok, true);
            }
          } finally {
            client.release();
          }
        }),
      );
      assert.equal(seen.length, 100);
      assert.equal(new Set(seen).size, 100, 'no job claimed twice');

      // Stale attempt: taken over, then its completion, failure and heartbeat are all refused.
      const { rows: [job] } = await pool.query("INSERT INTO jobs (kind, max_attempts) VALUES ('slow', 2) RETURNING id");
      const first = (await pool.query('SELECT attempts FROM claim_jobs()')).rows[0];
      assert.equal((await pool.query('SELECT count(*)::int AS n FROM claim_jobs()')).rows[0].n, 0, 'a live lease is kept');
      await pool.query("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = $1", [job.id]);
      const second = (await pool.query("SELECT attempts FROM claim_jobs('1 minute')")).rows[0];
      assert.deepEqual([first.attempts, second.attempts], [1, 2]);
      assert.equal((await pool.query('SELECT complete_jobs($1, 1) AS ok', [job.id])).rows[0].ok, null);
      assert.equal((await pool.query("SELECT fail_jobs($1, 1, 'late', '0 s') AS s", [job.id])).rows[0].s, null);
      assert.equal((await pool.query('SELECT heartbeat_jobs($1, 1) AS ok', [job.id])).rows[0].ok, null);
      assert.equal((await pool.query('SELECT heartbeat_jobs($1, 2) AS ok', [job.id])).rows[0].ok, true);
      assert.deepEqual(await jobRow(pool, job.id), { status: 'running', attempts: 2 });
      // Attempt 2 dies too: the next claim buries the job instead of handing it out a third time.
      await pool.query("UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = $1", [job.id]);
      assert.equal((await pool.query('SELECT count(*)::int AS n FROM claim_jobs()')).rows[0].n, 0);
      assert.equal((await jobRow(pool, job.id)).status, 'dead');
      const dead = await pool.query('SELECT last_error FROM jobs_dead_letter WHERE job_id = $1', [job.id]);
      assert.match(dead.rows[0].last_error, /lease expired/);

      // Failures retry until max_attempts, then dead-letter.
      const { rows: [poison] } = await pool.query("INSERT INTO jobs (kind, max_attempts) VALUES ('poison', 2) RETURNING id");
      const s1 = (await pool.query("SELECT fail_jobs(id, attempts, 'boom', '0 s') AS s FROM claim_jobs()")).rows[0].s;
      const s2 = (await pool.query("SELECT fail_jobs(id, attempts, 'boom', '0 s') AS s FROM claim_jobs()")).rows[0].s;
      assert.deepEqual([s1, s2], ['queued', 'dead']);
      assert.equal((await pool.query('SELECT count(*)::int AS n FROM jobs_dead_letter WHERE job_id = $1', [poison.id])).rows[0].n, 1);
      proves('job-queue', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: workers run each job once, list/string payloads decode, a stalled attempt is refused, heartbeats hold, crash loops and poison jobs are dead-lettered, the loop survives database errors, a handler learns it lost its job, retry backoff is capped', async () => {
    const { pool, env } = await database('jobs_py');
    await pool.end();
    await runPythonProof({ snippet: 'job-queue', programs: ['proof.py'], env });
  });

  it('go: workers run each job once, a stalled attempt is refused, heartbeats hold, crash loops and poison jobs are dead-lettered, a shutdown releases without using an attempt, a hung handler hits its deadline, retry delays are exact full jitter under a ceiling capped at ten minutes', async () => {
    const { pool, env } = await database('jobs_go');
    await pool.end();
    await runGoProof({ snippet: 'job-queue', programs: ['proof_test.go'], env });
  });

  it('java: workers run each job once, a stalled attempt is refused, heartbeats hold, crash loops and poison jobs are dead-lettered, a handler is interrupted when its job is taken over, retry backoff is capped, a lease out of range (below 3 ms, above 2^31-1 ms) is refused by the constructor; a handler past its deadline is interrupted and its attempt fails, and one that ignores the interrupt stops heartbeating so its job is taken over; a handler that returns normally once interrupted at its deadline still fails its attempt (it stopped half-way); a finished job leaves no cancelled timer in the schedulers\' queues; stop() or an interrupt from outside releases the running job without using up an attempt, as in TypeScript and Go, also through a pool that refuses an interrupted thread a connection; a release is fenced by the attempt and status (a job taken over stays with its new owner, one dead-lettered while it ran stays dead); the interrupt flag is set again even when the release fails, so the loop ends; the deadline fires while a heartbeat is stuck on a row lock', async () => {
    const { pool, env } = await database('jobs_java');
    await pool.end();
    await runJavaProof({ snippet: 'job-queue', programs: ['JobQueueProof.java'], env });
  });

  it('java: an idle pause of 0 or less (the variant as inserted with 0, -1 or an int product that overflows, 30 * 24 * 3600 * 1000, at its tab stop) is refused by the constructor; Thread.sleep used to end the worker thread when the queue ran dry', async () => {
    const { pool, env } = await database('jobs_java_idle');
    await pool.end();
    // IDLE_MILLIS is a constant: stage the variant as a user who typed each value there inserts it.
    const java = variant('job-queue', 'java') as { body: string; code: string };
    const original = java.code;
    const stop = '${4:1000}';
    assert.ok(java.body.includes(stop), 'the idle pause tab stop moved: update this test');
    try {
      for (const [label, typed, value] of [
        ['zero', '0', '0'],
        ['negative', '-1', '-1'],
        ['overflow', '30 * 24 * 3600 * 1000', String((30 * 24 * 3600 * 1000) | 0)],
      ]) {
        java.code = expandSnippetBody(java.body.replace(stop, `\${4:${typed}}`));
        assert.ok(java.code.includes(`IDLE_MILLIS = ${typed};`), label);
        await runJavaProof({ snippet: 'job-queue', programs: ['JobQueueIdleProof.java'], env, args: [value], label: `idle-${label}` });
      }
    } finally {
      java.code = original;
    }
  });
});
