/**
 * job-queue: a claim costs a few index pages however long the due backlog is. Each variant's claim
 * runs once against 20,000 due jobs (and 1,000 live running ones) with auto_explain on; the plan of
 * every claim statement it ran, read from the server log, must walk jobs_due_idx and sort nothing
 * (the old `(queued AND due) OR (running AND expired) ORDER BY run_at` sorted the whole backlog).
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { Client, Pool } from 'pg';
import { freshDatabase, proofEnv, proves, runGoProof, runJavaProof, runPythonProof, type ProofDatabase } from '../../harness';
import { importSnippet, sqlOf } from '../../library';

interface JobQueue {
  claimJob(pool: Pool, leaseMs?: number): Promise<{ id: string } | null>;
}

async function backlog(name: string): Promise<ProofDatabase> {
  const db = await freshDatabase(name);
  await db.exec(sqlOf('job-queue'));
  await db.exec(`
    INSERT INTO jobs (kind, run_at) SELECT 'work', now() - i * interval '1 second' FROM generate_series(1, 20000) i;
    INSERT INTO jobs (kind, status, attempts, locked_at) SELECT 'work', 'running', 1, now() FROM generate_series(1, 1000);
    ANALYZE jobs;
    ALTER DATABASE ${name} SET session_preload_libraries = 'auto_explain';
    ALTER DATABASE ${name} SET auto_explain.log_min_duration = 0;
    ALTER DATABASE ${name} SET auto_explain.log_nested_statements = on;`);
  return db;
}

/** The plans (from the server log) of the claim statements that `run` executed. */
async function claimPlans(db: ProofDatabase, run: () => Promise<unknown>): Promise<string[]> {
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    const dataDir: string = (await admin.query("SELECT current_setting('data_directory') AS d")).rows[0].d;
    const log = path.join(path.dirname(dataDir), 'server.log');
    const size = async (): Promise<number> => Number((await admin.query('SELECT (pg_stat_file($1)).size AS n', [log])).rows[0].n);
    const from = await size();
    await run();
    const to = await size();
    const text: string = (await admin.query('SELECT pg_read_file($1, $2, $3) AS t', [log, from, to - from])).rows[0].t;
    return text
      .split(/\n(?=\S[^\n]*LOG:\s+duration:)/)
      .filter((entry) => /Query Text:/.test(entry) && /attempts\s*=\s*attempts\s*\+\s*1/.test(entry));
  } finally {
    await admin.end();
  }
}

function assertNoBacklogSort(plans: string[]): void {
  assert.ok(plans.length > 0, 'no claim plan was logged');
  for (const plan of plans) {
    assert.doesNotMatch(plan, /\bSort\b/, `the claim sorts:\n${plan}`);
    assert.match(plan, /jobs_due_idx/, `the claim does not walk jobs_due_idx:\n${plan}`);
  }
}

describe('job-queue: claim cost under a backlog', function () {
  this.timeout(300_000);

  it('sql: claim_jobs() walks the due index and sorts nothing under 20,000 due jobs', async () => {
    const db = await backlog('jobs_plan_sql');
    const plans = await claimPlans(db, async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        assert.equal((await client.query('SELECT id FROM claim_jobs()')).rows.length, 1);
      } finally {
        await client.end();
      }
    });
    assertNoBacklogSort(plans);
    proves('job-queue', 'sql');
  });

  it('typescript: claimJob walks the due index and sorts nothing under 20,000 due jobs', async () => {
    const q = importSnippet<JobQueue>('job-queue');
    const db = await backlog('jobs_plan_ts');
    const plans = await claimPlans(db, async () => {
      const pool = new Pool({ connectionString: db.url, max: 1 });
      try {
        assert.ok(await q.claimJob(pool, 60_000));
      } finally {
        await pool.end();
      }
    });
    assertNoBacklogSort(plans);
    proves('job-queue', 'typescript');
  });

  it('python: claim_job walks the due index and sorts nothing under 20,000 due jobs', async () => {
    const db = await backlog('jobs_plan_py');
    const env = await proofEnv({ db });
    assertNoBacklogSort(await claimPlans(db, () => runPythonProof({ snippet: 'job-queue', programs: ['claim_backlog.py'], env, label: 'plan' })));
  });

  it('go: Claim walks the due index and sorts nothing under 20,000 due jobs', async () => {
    const db = await backlog('jobs_plan_go');
    const env = await proofEnv({ db });
    assertNoBacklogSort(await claimPlans(db, () => runGoProof({ snippet: 'job-queue', programs: ['backlog_test.go'], env, label: 'plan' })));
  });

  it('java: claim() walks the due index and sorts nothing under 20,000 due jobs', async () => {
    const db = await backlog('jobs_plan_java');
    const env = await proofEnv({ db });
    assertNoBacklogSort(await claimPlans(db, () => runJavaProof({ snippet: 'job-queue', programs: ['BacklogProof.java'], env, label: 'plan' })));
  });
});
