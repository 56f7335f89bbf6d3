/**
 * task-state-machine: illegal transitions and made-up states are refused; of 20 workers racing to
 * start a task exactly one wins; a stale worker cannot finish a task that was released and
 * re-claimed meanwhile (ABA), because the compare-and-set checks the version too.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { sqlOf } from '../../library';

describe('task-state-machine', function () {
  this.timeout(120_000);

  // The trigger dated a change with now(), the start of its transaction: a worker whose transaction
  // began before another worker's change to the same task committed got the earlier date for the later
  // step, so the history read in time order showed running -> succeeded before pending -> running.
  it('sql: history is in the order the changes were made, also for a change in a transaction that began before the previous one', async () => {
    const db = await freshDatabase('task_state_order');
    await db.exec(sqlOf('task-state-machine'));
    const pool = new Pool({ connectionString: db.url, max: 4 });
    const late = await pool.connect();
    try {
      const id: string = (await pool.query('INSERT INTO tasks DEFAULT VALUES RETURNING id')).rows[0].id;
      await late.query('BEGIN');
      await late.query('SELECT 1'); // its transaction has begun
      assert.equal((await pool.query("SELECT transition_tasks($1, 'pending', 'running', 0) AS v", [id])).rows[0].v, 1);
      assert.equal((await late.query("SELECT transition_tasks($1, 'running', 'succeeded', 1) AS v", [id])).rows[0].v, 2);
      await late.query('COMMIT');
      const history = (await pool.query('SELECT from_state, to_state FROM tasks_history WHERE task_id = $1 ORDER BY changed_at', [id])).rows;
      assert.deepEqual(history.map((h) => `${h.from_state}->${h.to_state}`), ['pending->running', 'running->succeeded']);
      const task = (await pool.query('SELECT updated_at = (SELECT max(changed_at) FROM tasks_history WHERE task_id = $1) AS latest FROM tasks WHERE id = $1', [id])).rows[0];
      assert.equal(task.latest, true, 'updated_at is the time of the last change');
      proves('task-state-machine', 'sql');
    } finally {
      await late.query('ROLLBACK').catch(() => undefined);
      late.release();
      await pool.end();
    }
  });

  it('sql: guards, one winner among racing workers, no ABA, history of every change', async () => {
    const db = await freshDatabase('task_state_sql');
    await db.exec(sqlOf('task-state-machine'));
    await db.exec(sqlOf('task-state-machine')); // re-runnable
    const pool = new Pool({ connectionString: db.url, max: 25 });
    const cas = async (id: string, from: string, to: string, version: number): Promise<number | null> =>
      (await pool.query('SELECT transition_tasks($1, $2, $3, $4) AS v', [id, from, to, version])).rows[0].v;
    try {
      await assert.rejects(pool.query("INSERT INTO tasks (state) VALUES ('bogus')"), /starts pending/);
      await assert.rejects(pool.query("INSERT INTO task_transitions VALUES ('pending', 'bogus')"), /foreign key/);
      await assert.rejects(pool.query("INSERT INTO tasks (state) VALUES ('succeeded')"), /starts pending/);
      const id: string = (await pool.query('INSERT INTO tasks DEFAULT VALUES RETURNING id')).rows[0].id;

      // 20 workers race to start it: exactly one wins.
      const wins = (await Promise.all(Array.from({ length: 20 }, () => cas(id, 'pending', 'running', 0)))).filter((v) => v !== null);
      assert.deepEqual(wins, [1]);

      // ABA: worker A saw (running, v1). The task is released and re-claimed by worker B.
      assert.equal(await cas(id, 'running', 'pending', 1), 2);
      assert.equal(await cas(id, 'pending', 'running', 2), 3);
      assert.equal(await cas(id, 'running', 'succeeded', 1), null, "stale worker A must not finish B's run");
      assert.deepEqual((await pool.query('SELECT state, version FROM tasks WHERE id = $1', [id])).rows[0], { state: 'running', version: 3 });
      assert.equal(await cas(id, 'running', 'succeeded', 3), 4, 'B finishes');

      // Terminal states stay terminal; the version cannot be forged without a transition.
      await assert.rejects(pool.query("UPDATE tasks SET state = 'pending' WHERE id = $1", [id]), /illegal transition succeeded -> pending/);
      await pool.query('UPDATE tasks SET version = 99 WHERE id = $1', [id]);
      await pool.query("ALTER TABLE tasks DISABLE TRIGGER tasks_state_guard");
      await assert.rejects(pool.query("UPDATE tasks SET state = 'bogus' WHERE id = $1", [id]), /foreign key/, 'no made-up states even past the trigger');
      await pool.query("ALTER TABLE tasks ENABLE TRIGGER tasks_state_guard");
      assert.equal((await pool.query('SELECT version FROM tasks WHERE id = $1', [id])).rows[0].version, 4);

      // A same-state transition does not move the task, so it is refused rather than reported as done.
      const other: string = (await pool.query('INSERT INTO tasks DEFAULT VALUES RETURNING id')).rows[0].id;
      await assert.rejects(cas(other, 'pending', 'pending', 0), /pending -> pending is not a transition/);
      assert.equal(await cas(other, 'pending', 'running', 0), 1);
      await assert.rejects(cas(other, 'running', 'running', 1), /is not a transition/);
      // failed is not terminal: the retry transition queues it again; cancelled is terminal.
      assert.equal(await cas(other, 'running', 'failed', 1), 2);
      assert.equal(await cas(other, 'failed', 'pending', 2), 3, 'retry');
      assert.equal(await cas(other, 'pending', 'cancelled', 3), 4);
      for (const to of ['pending', 'running', 'failed', 'succeeded']) {
        await assert.rejects(pool.query('UPDATE tasks SET state = $2 WHERE id = $1', [other, to]), /illegal transition cancelled ->/);
      }
      assert.deepEqual((await pool.query('SELECT state, version FROM tasks WHERE id = $1', [other])).rows[0], { state: 'cancelled', version: 4 });

      const history = (await pool.query('SELECT from_state, to_state FROM tasks_history WHERE task_id = $1 ORDER BY changed_at, ctid', [id])).rows;
      assert.deepEqual(
        history.map((h) => `${h.from_state}->${h.to_state}`),
        ['pending->running', 'running->pending', 'pending->running', 'running->succeeded'],
      );
      proves('task-state-machine', 'sql');
    } finally {
      await pool.end();
    }
  });

  // The history's foreign key had no ON DELETE rule, so deleting any task that had moved failed.
  it('sql: deleting a task deletes its history and nothing else, also on a table made by the script before the cascade; a key changed to ON DELETE RESTRICT is kept', async () => {
    const db = await freshDatabase('task_state_delete');
    await db.exec(sqlOf('task-state-machine'));
    const pool = new Pool({ connectionString: db.url, max: 2 });
    const moved = async (): Promise<string> => {
      const id: string = (await pool.query('INSERT INTO tasks DEFAULT VALUES RETURNING id')).rows[0].id;
      assert.equal((await pool.query("SELECT transition_tasks($1, 'pending', 'running', 0) AS v", [id])).rows[0].v, 1);
      return id;
    };
    const historyOf = async (id: string): Promise<number> =>
      (await pool.query('SELECT count(*)::int AS n FROM tasks_history WHERE task_id = $1', [id])).rows[0].n;
    try {
      const [gone, kept] = [await moved(), await moved()];
      await pool.query('DELETE FROM tasks WHERE id = $1', [gone]);
      assert.equal(await historyOf(gone), 0);
      assert.equal(await historyOf(kept), 1, "another task's history stays");

      // An install from before: the same key without a rule. Re-running the script replaces it, once.
      await pool.query(
        `DO $$ DECLARE k name; BEGIN
           SELECT conname INTO k FROM pg_constraint WHERE conrelid = 'tasks_history'::regclass AND contype = 'f';
           EXECUTE format('ALTER TABLE tasks_history DROP CONSTRAINT %I, ADD FOREIGN KEY (task_id) REFERENCES tasks (id)', k);
         END $$`,
      );
      await assert.rejects(pool.query('DELETE FROM tasks WHERE id = $1', [kept]), /foreign key/, 'the old key refuses');
      await db.exec(sqlOf('task-state-machine'));
      await db.exec(sqlOf('task-state-machine'));
      const keys = (await pool.query("SELECT confdeltype FROM pg_constraint WHERE conrelid = 'tasks_history'::regclass AND contype = 'f'")).rows;
      assert.deepEqual(keys.map((k) => k.confdeltype), ['c'], 'one key, ON DELETE CASCADE');
      await pool.query('DELETE FROM tasks WHERE id = $1', [kept]);
      assert.equal(await historyOf(kept), 0);

      // A key its owner changed to ON DELETE RESTRICT, to keep the history, is left as it is.
      const guarded = await moved();
      await pool.query(
        `DO $$ DECLARE k name; BEGIN
           SELECT conname INTO k FROM pg_constraint WHERE conrelid = 'tasks_history'::regclass AND contype = 'f';
           EXECUTE format('ALTER TABLE tasks_history DROP CONSTRAINT %I, ADD FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE RESTRICT', k);
         END $$`,
      );
      await db.exec(sqlOf('task-state-machine'));
      const rules = (await pool.query("SELECT confdeltype FROM pg_constraint WHERE conrelid = 'tasks_history'::regclass AND contype = 'f'")).rows;
      assert.deepEqual(rules.map((k) => k.confdeltype), ['r'], 'a RESTRICT key is not turned into a cascade');
      await assert.rejects(pool.query('DELETE FROM tasks WHERE id = $1', [guarded]), /foreign key/, 'its history is kept');
      assert.equal(await historyOf(guarded), 1);
      proves('task-state-machine', 'sql');
    } finally {
      await pool.end();
    }
  });
});
