/**
 * checkpoint-cancellation: a run that dies in its second chunk resumes from the last checkpoint
 * (the first chunk is not redone, only the chunk in flight is); a cancellation requested in the
 * middle of a chunk stops the run after that chunk, never inside it, with its checkpoint saved,
 * and a later run carries on from there. The checkpoints live in PostgreSQL, as a real store would.
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { freshDatabase, proves, runGoProof } from '../../harness';
import { importSnippet } from '../../library';

interface Checkpoint {
  cursor: string | null;
  processed: number;
  done: boolean;
}
interface Store {
  load(taskId: string): Promise<Checkpoint | null>;
  save(taskId: string, checkpoint: Checkpoint): Promise<void>;
  cancelRequested(taskId: string): Promise<boolean>;
}
interface Snippet {
  runWithCheckpoints<T>(
    taskId: string,
    source: (afterCursor: string | null, limit: number) => Promise<{ items: T[]; cursor: string | null; done: boolean }>,
    processItem: (item: T) => Promise<void>,
    store: Store,
    options?: { chunkSize?: number; signal?: AbortSignal },
  ): Promise<{ status: 'completed' | 'cancelled'; processed: number }>;
}

const TOTAL = 1_250; // three chunks of the default 500

/**
 * A page-token source over `pages`: the token is the next page's index; null (or '') before the
 * first page, and `lastToken` on the last one (null, or '' for an API that ends on an empty token),
 * which reports done when `lastDone` is set. `reads.count` counts the pages read; past 10 it throws,
 * so a run that starts over or reads past the end fails instead of looping.
 */
function pageSource(pages: number[][], { lastDone, lastToken = null }: { lastDone: boolean; lastToken?: string | null }) {
  const reads = { count: 0 };
  const source = async (token: string | null) => {
    if (++reads.count > 10) throw new Error('the run read past the last page: it started over or never ended');
    const page = token === null || token === '' ? 0 : Number(token);
    const last = page === pages.length - 1;
    return { items: pages[page]!, cursor: last ? lastToken : String(page + 1), done: last && lastDone };
  };
  return { source, reads };
}

function pgStore(pool: Pool): Store {
  return {
    async load(taskId) {
      const { rows } = await pool.query('SELECT cursor, processed, done FROM task_checkpoints WHERE task_id = $1', [taskId]);
      return rows[0] ? { cursor: rows[0].cursor, processed: rows[0].processed, done: rows[0].done } : null;
    },
    async save(taskId, cp) {
      await pool.query(
        `INSERT INTO task_checkpoints (task_id, cursor, processed, done) VALUES ($1, $2, $3, $4)
         ON CONFLICT (task_id) DO UPDATE SET cursor = EXCLUDED.cursor, processed = EXCLUDED.processed, done = EXCLUDED.done`,
        [taskId, cp.cursor, cp.processed, cp.done],
      );
    },
    async cancelRequested(taskId) {
      const { rows } = await pool.query('SELECT cancel_requested FROM task_checkpoints WHERE task_id = $1', [taskId]);
      return rows[0]?.cancel_requested === true;
    },
  };
}

/** Items 1..TOTAL, read in order after a cursor (the last id of the previous chunk). */
const source = async (after: string | null, limit: number) => {
  const start = after === null ? 1 : Number(after) + 1;
  const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - start + 1)) }, (_, i) => start + i);
  return { items, cursor: items.length ? String(items[items.length - 1]) : after, done: start + items.length > TOTAL };
};

describe('checkpoint-cancellation', function () {
  this.timeout(600_000);
  let pool: Pool;
  let dbUrl: string;
  before(async () => {
    const db = await freshDatabase('checkpoint_cancellation');
    await db.exec(
      'CREATE TABLE task_checkpoints (task_id text PRIMARY KEY, cursor text, processed int NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, cancel_requested boolean NOT NULL DEFAULT false)',
    );
    dbUrl = db.url;
    pool = new Pool({ connectionString: db.url, max: 4 });
  });
  after(async () => pool.end());

  it('typescript: a run that dies mid-chunk resumes from its checkpoint; a cancel stops between chunks and resumes later', async () => {
    const { runWithCheckpoints } = importSnippet<Snippet>('checkpoint-cancellation');
    proves('checkpoint-cancellation', 'typescript');
    const store = pgStore(pool);

    // 1. The process dies at item 700 (second chunk).
    const seen: number[] = [];
    await assert.rejects(
      runWithCheckpoints('crash', source, async (n: number) => {
        if (n === 700 && !seen.includes(700)) {
          seen.push(n);
          throw new Error('process killed');
        }
        seen.push(n);
      }, store),
      /process killed/,
    );
    assert.deepEqual(await store.load('crash'), { cursor: '500', processed: 500, done: false }, 'the first chunk is checkpointed');
    const firstRun = seen.length;
    const resumed = await runWithCheckpoints('crash', source, async (n: number) => void seen.push(n), store);
    assert.deepEqual(resumed, { status: 'completed', processed: TOTAL });
    const second = seen.slice(firstRun);
    assert.equal(second[0], 501, 'the resumed run starts at the chunk that was in flight');
    const counts = new Map<number, number>();
    for (const n of seen) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (let n = 1; n <= TOTAL; n++) {
      const expected = n >= 501 && n <= 700 ? 2 : 1; // only the chunk in flight is redone
      assert.equal(counts.get(n), expected, `item ${n} processed ${counts.get(n)} times`);
    }

    // 2. A cancel requested while item 100 runs takes effect after the chunk, not inside it.
    await pool.query("INSERT INTO task_checkpoints (task_id) VALUES ('cancel')");
    const done: number[] = [];
    const cancelled = await runWithCheckpoints('cancel', source, async (n: number) => {
      if (n === 100) await pool.query("UPDATE task_checkpoints SET cancel_requested = true WHERE task_id = 'cancel'");
      done.push(n);
    }, store);
    assert.deepEqual(cancelled, { status: 'cancelled', processed: 500 });
    assert.equal(done.length, 500, 'the chunk in progress finished: no half-done chunk');
    assert.equal((await store.load('cancel'))!.cursor, '500');
    await pool.query("UPDATE task_checkpoints SET cancel_requested = false WHERE task_id = 'cancel'");
    const after = await runWithCheckpoints('cancel', source, async (n: number) => void done.push(n), store);
    assert.deepEqual(after, { status: 'completed', processed: TOTAL });
    assert.deepEqual(done, Array.from({ length: TOTAL }, (_, i) => i + 1), 'each item exactly once across cancel and resume');

    // 3. An AbortSignal (shutdown) also stops between chunks.
    const controller = new AbortController();
    const aborted: number[] = [];
    const stopped = await runWithCheckpoints('abort', source, async (n: number) => {
      if (n === 10) controller.abort();
      aborted.push(n);
    }, store, { signal: controller.signal });
    assert.deepEqual(stopped, { status: 'cancelled', processed: 500 });
    assert.equal(aborted.length, 500);
  });

  it('typescript: a page-token source (null token on the last page) ends after its last page, and a rerun does not start over', async () => {
    const { runWithCheckpoints } = importSnippet<Snippet>('checkpoint-cancellation');
    proves('checkpoint-cancellation', 'typescript');
    const store = pgStore(pool);
    const pageToken = pageSource([[1, 2, 3], [4, 5, 6], [7]], { lastDone: true });
    const seen: number[] = [];
    const run = () => runWithCheckpoints('pages', pageToken.source, async (n: number) => void seen.push(n), store);
    assert.deepEqual(await run(), { status: 'completed', processed: 7 });
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(pageToken.reads.count, 3, 'three pages read, no more');
    assert.deepEqual(await run(), { status: 'completed', processed: 7 }, 'a rerun of a finished task');
    assert.equal(seen.length, 7, 'the rerun processed nothing again');
    assert.equal(pageToken.reads.count, 3);
  });

  it('typescript: an empty page with a next token is not the end (a filtered page); an empty page that does not move the cursor, or moves it back to the start, ends a source that never sets done', async () => {
    const { runWithCheckpoints } = importSnippet<Snippet>('checkpoint-cancellation');
    proves('checkpoint-cancellation', 'typescript');
    const store = pgStore(pool);
    // Pages 1 and 2 hold no items (all filtered out), yet pages follow them.
    const filtered = pageSource([[1, 2], [], [], [3, 4]], { lastDone: true });
    const seen: number[] = [];
    assert.deepEqual(await runWithCheckpoints('filtered', filtered.source, async (n: number) => void seen.push(n), store), {
      status: 'completed',
      processed: 4,
    });
    assert.deepEqual(seen, [1, 2, 3, 4], 'the pages after the empty ones were read');

    // A keyset source that never sets done: past the end it returns nothing and the same cursor.
    let keysetCalls = 0;
    const keyset = async (after: string | null, limit: number) => {
      if (++keysetCalls > 10) throw new Error('the run kept reading the same empty chunk');
      const start = after === null ? 1 : Number(after) + 1;
      const items = Array.from({ length: Math.max(0, Math.min(limit, 5 - start + 1)) }, (_, i) => start + i);
      return { items, cursor: items.length ? String(items[items.length - 1]) : after, done: false };
    };
    assert.deepEqual(await runWithCheckpoints('keyset', keyset, async () => {}, store, { chunkSize: 2 }), {
      status: 'completed',
      processed: 5,
    });
    assert.equal(keysetCalls, 4, 'three chunks with items, one empty one');

    // A page-token source that never sets done: its last page is empty with no token (null).
    const noDone = pageSource([[1, 2], []], { lastDone: false });
    assert.deepEqual(await runWithCheckpoints('no-done', noDone.source, async () => {}, store), { status: 'completed', processed: 2 });
    assert.equal(noDone.reads.count, 2);

    // The same source with an API that ends on an empty token ('') rather than null: '' is the start
    // too (the Go variant's not-started cursor), so it ends the run as null does.
    const emptyToken = pageSource([[1, 2], []], { lastDone: false, lastToken: '' });
    assert.deepEqual(await runWithCheckpoints('empty-token', emptyToken.source, async () => {}, store), { status: 'completed', processed: 2 });
    assert.equal(emptyToken.reads.count, 2);
  });

  it('typescript: a draining source (each read takes what is still pending, processing an item takes it out) may answer a null cursor every time: every item is processed once and the empty read ends the run', async () => {
    const { runWithCheckpoints } = importSnippet<Snippet>('checkpoint-cancellation');
    proves('checkpoint-cancellation', 'typescript');
    const store = pgStore(pool);
    const pending = new Set([1, 2, 3, 4, 5]);
    let reads = 0;
    // WHERE pending ORDER BY id LIMIT n, with no cursor: a null one each time, never done.
    const draining = async (_after: string | null, limit: number) => {
      if (++reads > 10) throw new Error('the run kept reading');
      return { items: [...pending].sort((a, b) => a - b).slice(0, limit), cursor: null, done: false };
    };
    const seen: number[] = [];
    const processItem = async (n: number) => {
      seen.push(n);
      pending.delete(n);
    };
    assert.deepEqual(await runWithCheckpoints('draining', draining, processItem, store, { chunkSize: 2 }), { status: 'completed', processed: 5 });
    assert.deepEqual(seen, [1, 2, 3, 4, 5], 'each pending item once, none left behind');
    assert.equal(reads, 4, 'three chunks with items, then the empty read that ends it');
  });

  it('go: a run that dies mid-chunk resumes from its checkpoint; a cancel (flag or context) stops between chunks, never inside one even for a process that respects its context; a page-token source ends; an empty filtered page does not end the run, an empty chunk that does not move the cursor does', async () => {
    await pool.query('TRUNCATE task_checkpoints');
    await runGoProof({ snippet: 'checkpoint-cancellation', programs: ['proof_test.go'], env: { SDP_PG_URL: dbUrl } });
  });
});
