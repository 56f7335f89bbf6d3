/**
 * content-hash-dedup, against real PostgreSQL with the SQL variant's schema and an in-memory object
 * store: identical content is uploaded once (also by ten concurrent uploaders); a failed upload
 * leaves no reference; and the sweep of unreferenced blobs cannot delete an object that a
 * concurrent upload of the same content relies on, whichever of the two goes first; an upload or a
 * sweep whose ROLLBACK fails does not hand its connection, still in the transaction, back to the pool.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Client, Pool } from 'pg';
import { gate } from '../../gate';
import { freshDatabase, proves } from '../../harness';
import { importSnippet, sqlOf, workDir } from '../../library';
import { onePool } from '../../onePool';

interface Dedup {
  storeDeduplicated(
    pool: Pool,
    ownerId: string,
    name: string,
    path: string,
    putObject: (key: string, path: string, sha256: Buffer) => Promise<void>,
  ): Promise<{ fileId: number; uploaded: boolean }>;
  sweepUnreferenced(pool: Pool, deleteObject: (key: string) => Promise<void>, options?: { graceSeconds?: number }): Promise<number>;
  objectKeyFor(sha256: Buffer): string;
  sha256OfFile(path: string): Promise<{ sha256: Buffer; size: number }>;
}

describe('content-hash-dedup', function () {
  this.timeout(300_000);
  let pool: Pool;
  let url: string;
  const dir = workDir('content-hash-dedup');
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  before(async () => {
    const db = await freshDatabase('content_hash_dedup');
    await db.exec(sqlOf('content-hash-dedup'));
    url = db.url;
    pool = new Pool({ connectionString: db.url, max: 20 });
  });
  after(async () => pool.end());

  it('sql: twenty concurrent add_file calls for one new content: one upload, twenty references; removals count down once each', async () => {
    proves('content-hash-dedup', 'sql');
    const sha = Buffer.alloc(32, 7);
    const clients = await Promise.all(Array.from({ length: 20 }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }));
    try {
      // Each session holds its transaction open a moment, as an uploader does while storing.
      const results = await Promise.all(
        clients.map(async (c, i) => {
          await c.query('BEGIN');
          const { rows } = await c.query('SELECT file_id, must_upload FROM add_file($1, $2, $3, $4)', [`u${i}`, 'same.bin', sha, 10]);
          await c.query('SELECT pg_sleep(0.01)');
          await c.query('COMMIT');
          return rows[0] as { file_id: string; must_upload: boolean };
        }),
      );
      assert.equal(results.filter((r) => r.must_upload).length, 1, 'exactly one session must upload');
      const count = async () => (await pool.query('SELECT ref_count, unreferenced_since FROM blobs WHERE sha256 = $1', [sha])).rows[0];
      assert.equal((await count()).ref_count, 20);
      for (const r of results) await pool.query('SELECT remove_file($1)', [r.file_id]);
      await pool.query('SELECT remove_file($1)', [results[0]!.file_id]); // twice: no effect
      const after = await count();
      assert.equal(after.ref_count, 0);
      assert.ok(after.unreferenced_since instanceof Date, 'the sweep clock starts at zero references');
      const again = await pool.query('SELECT must_upload FROM add_file($1, $2, $3, $4)', ['u', 'x', sha, 10]);
      assert.equal(again.rows[0].must_upload, true, 'an unreferenced blob is uploaded again (the sweep may have deleted it)');
      assert.equal((await count()).unreferenced_since, null);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('typescript: an upload whose connection is terminated mid-upload fails without ending the process (the checked-out client\'s \'error\' event is handled) and stores no reference; the next upload runs on a new connection', async () => {
    const { storeDeduplicated } = importSnippet<Dedup>('content-hash-dedup');
    const { pool: one, pids } = onePool(url);
    try {
      const p = file('terminated.txt', 'content whose upload loses its connection');
      const put = async (): Promise<void> => {
        const pid = pids[pids.length - 1];
        await pool.query('SELECT pg_terminate_backend($1)', [pid]);
        for (let i = 0; (await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount !== 0; i++) {
          assert.ok(i < 2000, 'the backend never went away');
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await assert.rejects(storeDeduplicated(one, 'owner-t', 'a.txt', p, put), /terminat|not queryable/i);
      const stored = await storeDeduplicated(one, 'owner-t', 'a.txt', p, async () => undefined);
      assert.equal(stored.uploaded, true, 'the failed upload left no reference behind');
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0]);
      proves('content-hash-dedup', 'typescript');
    } finally {
      await one.end();
    }
  });

  it('typescript: an upload whose ROLLBACK times out (query_timeout, queued behind a lock wait) is not pooled mid-transaction: the next upload runs on a new connection and the failed reference is never committed; 20 uploads on one client leave one error listener', async () => {
    const { storeDeduplicated, sha256OfFile } = importSnippet<Dedup>('content-hash-dedup');
    // query_timeout rejects on the client's side but leaves the statement running: the ROLLBACK
    // queued behind it times out too, and the connection is still in the upload's transaction.
    const { pool: one, pids, clients } = onePool(url, { query_timeout: 500 });
    const blocker = await pool.connect();
    try {
      const a = file('rollback-timeout-a.txt', 'content whose row a blocker holds');
      const { sha256 } = await sha256OfFile(a);
      await storeDeduplicated(one, 'owner-q', 'first.txt', a, async () => undefined);
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM blobs WHERE sha256 = $1 FOR UPDATE', [sha256]);
      await assert.rejects(storeDeduplicated(one, 'owner-q', 'second.txt', a, async () => undefined), /timeout/i);
      await blocker.query('COMMIT'); // the stalled add_file now completes on the first connection
      const b = file('rollback-timeout-b.txt', 'another content, stored after the timeout');
      await storeDeduplicated(one, 'owner-q', 'b.txt', b, async () => undefined);
      assert.equal(pids.length, 3);
      assert.notEqual(pids[2], pids[1], 'the connection whose ROLLBACK failed was handed out again');
      const refs = await pool.query('SELECT ref_count FROM blobs WHERE sha256 = $1', [sha256]);
      assert.equal(refs.rows[0].ref_count, 1, 'the timed-out upload\'s reference was committed by the next caller');
      // Listeners are removed at release: a long-lived pooled client does not collect them.
      for (let i = 0; i < 20; i++) await storeDeduplicated(one, 'owner-q', `b${i}.txt`, b, async () => undefined);
      const last = clients[clients.length - 1]!;
      assert.equal(pids[pids.length - 1], pids[2], 'the healthy client is reused');
      assert.equal(last.listenerCount('error'), 1, 'only the pool\'s idle listener stays on a released client');
      proves('content-hash-dedup', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await one.end();
    }
  });

  it('typescript: a sweep whose statement and ROLLBACK time out (query_timeout, its SELECT queued behind a table lock) destroys its connection instead of pooling it mid-transaction: its row locks go with it, an upload of the swept content proceeds, and the next sweep runs on a new connection', async () => {
    const { storeDeduplicated, sweepUnreferenced, sha256OfFile } = importSnippet<Dedup>('content-hash-dedup');
    // query_timeout rejects on the client's side and leaves the statement running; node-postgres
    // drops the ROLLBACK queued behind it, unsent, when that times out too. A connection pooled now
    // would finish the SELECT ... FOR UPDATE later and sit in the pool idle in its transaction,
    // holding the candidate rows for whoever checks it out next.
    const { pool: one, pids } = onePool(url, { query_timeout: 500 });
    const blocker = await pool.connect();
    const deleted: string[] = [];
    const del = async (key: string) => void deleted.push(key);
    const p = file('sweep-rollback-timeout.txt', `content the timed-out sweep selects ${Date.now()}`);
    const { sha256 } = await sha256OfFile(p);
    try {
      const stored = await storeDeduplicated(pool, 'owner-w', 'w.txt', p, async () => undefined);
      await pool.query('SELECT remove_file($1)', [stored.fileId]);
      await pool.query("UPDATE blobs SET unreferenced_since = now() - interval '2 hours' WHERE sha256 = $1", [sha256]);

      // EXCLUSIVE blocks the sweep's FOR UPDATE (ROW SHARE) but not plain reads.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE blobs IN EXCLUSIVE MODE');
      await assert.rejects(sweepUnreferenced(one, del), /timeout/i);
      assert.deepEqual(deleted, [], 'nothing deleted by the failed sweep');
      await blocker.query('COMMIT'); // the stalled SELECT ... FOR UPDATE now runs on the first connection

      // A destroyed connection's backend ends once its statement returns, releasing the rows; a
      // pooled one stays, idle in transaction, with the rows locked.
      const sweepPid = pids[0];
      for (let i = 0; (await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [sweepPid])).rowCount !== 0; i++) {
        if (i >= 2000) {
          const { rows } = await pool.query('SELECT state FROM pg_stat_activity WHERE pid = $1', [sweepPid]);
          assert.fail(`the failed sweep's connection was kept (state: ${rows[0]?.state}), holding its rows for the pool's next caller`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const locked = await pool.query('SELECT 1 FROM blobs WHERE sha256 = $1 FOR UPDATE SKIP LOCKED', [sha256]);
      assert.equal(locked.rowCount, 1, 'the swept row is not locked by anyone');
      const again = await storeDeduplicated(pool, 'owner-w', 'w2.txt', p, async () => undefined);
      assert.equal(again.uploaded, true, 'the upload of unreferenced content stores it again');
      await pool.query('SELECT remove_file($1)', [again.fileId]);
      await pool.query("UPDATE blobs SET unreferenced_since = now() - interval '2 hours' WHERE sha256 = $1", [sha256]);
      assert.ok((await sweepUnreferenced(one, del)) >= 1);
      assert.equal((await pool.query('SELECT 1 FROM blobs WHERE sha256 = $1', [sha256])).rowCount, 0, 'the next sweep deletes the row');
      assert.equal(pids.length, 2);
      assert.notEqual(pids[1], pids[0], 'the next sweep runs on a new connection');
      proves('content-hash-dedup', 'typescript');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await one.end();
      // A failure above must not leave a swept-looking row for the sweep test below to count.
      await pool.query("DELETE FROM files WHERE owner_id = 'owner-w'");
      await pool.query('DELETE FROM blobs WHERE sha256 = $1', [sha256]);
    }
  });

  it("typescript: as the comment warns, a concurrent uploader of the same bytes waits for the whole upload in add_file, so a pool statement_timeout shorter than the upload fails it (57014) and it stores no reference", async () => {
    const { storeDeduplicated } = importSnippet<Dedup>('content-hash-dedup');
    const short = new Pool({ connectionString: url, max: 2, statement_timeout: 300, query_timeout: 1000 });
    short.on('error', () => undefined);
    const uploading = gate();
    const started = gate();
    try {
      const f = file('statement-timeout.txt', `content whose upload is slow ${Date.now()}`);
      const first = storeDeduplicated(pool, 'owner-s', 'first.txt', f, async () => {
        started.open();
        await uploading.wait; // a slow upload: the blob row stays locked
      });
      await started.wait;
      await assert.rejects(
        storeDeduplicated(short, 'owner-s', 'second.txt', f, async () => undefined),
        (err: Error & { code?: string }) => err.code === '57014',
        'the waiting uploader gets the statement timeout',
      );
      uploading.open();
      assert.equal((await first).uploaded, true);
      const refs = await pool.query("SELECT count(*)::int AS n FROM files WHERE owner_id = 'owner-s'");
      assert.equal(refs.rows[0].n, 1, 'the timed-out uploader stored no reference');
      proves('content-hash-dedup', 'typescript');
    } finally {
      uploading.open();
      started.open();
      await short.end();
    }
  });

  it('typescript: uploads each content once, rolls back a failed upload, and never loses an object to the sweep', async () => {
    const { storeDeduplicated, sweepUnreferenced, objectKeyFor, sha256OfFile } = importSnippet<Dedup>('content-hash-dedup');
    proves('content-hash-dedup', 'typescript');
    const objects = new Map<string, string>();
    let puts = 0;
    // Like S3: with ChecksumSHA256 bytes that do not match it are rejected (BadDigest); without
    // one, anything is stored.
    const put = async (key: string, p: string, sha256?: Buffer) => {
      puts++;
      const bytes = fs.readFileSync(p);
      if (sha256 && !createHash('sha256').update(bytes).digest().equals(sha256)) throw new Error('BadDigest: the bytes do not match ChecksumSHA256');
      objects.set(key, bytes.toString('utf8'));
    };
    const del = async (key: string) => void objects.delete(key);

    // Same bytes twice: one upload; other bytes: another.
    const a = await storeDeduplicated(pool, 'alice', 'a.txt', file('a.txt', 'hello'), put);
    const b = await storeDeduplicated(pool, 'bob', 'b.txt', file('b.txt', 'hello'), put);
    const c = await storeDeduplicated(pool, 'carol', 'c.txt', file('c.txt', 'world'), put);
    assert.deepEqual([a.uploaded, b.uploaded, c.uploaded], [true, false, true]);
    assert.equal(puts, 2);

    // Ten concurrent uploaders of one new content: one upload.
    puts = 0;
    const same = file('same.txt', 'concurrent content');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => storeDeduplicated(pool, `u${i}`, 'same.txt', same, put)));
    assert.equal(results.filter((r) => r.uploaded).length, 1);
    assert.equal(puts, 1);

    // A failed upload leaves no reference, so the next uploader stores the object.
    const failing = file('fail.txt', 'upload fails');
    await assert.rejects(storeDeduplicated(pool, 'dave', 'fail.txt', failing, async () => Promise.reject(new Error('S3 down'))), /S3 down/);
    assert.equal((await storeDeduplicated(pool, 'dave', 'fail.txt', failing, put)).uploaded, true);

    // The file changes between hashing and upload: the store sees the hash, rejects the other
    // bytes, and no reference to the hash is left pointing at content it does not name.
    const changing = file('changing.txt', 'version one');
    const { sha256: v1 } = await sha256OfFile(changing);
    await assert.rejects(
      storeDeduplicated(pool, 'ivan', 'changing.txt', changing, async (key, p, sha256) => {
        fs.writeFileSync(p, 'version two');
        return put(key, p, sha256);
      }),
      /BadDigest/,
    );
    assert.equal(objects.has(objectKeyFor(v1)), false, 'nothing stored under the hash of version one');
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM blobs WHERE sha256 = $1', [v1])).rows[0].n, 0, 'no reference left');

    // Content whose last file was removed an hour ago: a sweep candidate.
    const orphan = async (content: string) => {
      const p = file(`${content}.txt`, content);
      const stored = await storeDeduplicated(pool, 'eve', 'o.txt', p, put);
      await pool.query('SELECT remove_file($1)', [stored.fileId]);
      const { sha256 } = await sha256OfFile(p);
      await pool.query("UPDATE blobs SET unreferenced_since = now() - interval '2 hours' WHERE sha256 = $1", [sha256]);
      return { p, key: objectKeyFor(sha256), sha256 };
    };
    const referenced = async (sha: Buffer) => (await pool.query('SELECT ref_count FROM blobs WHERE sha256 = $1', [sha])).rows[0]?.ref_count;

    // 1. The sweep goes first and is deleting the object when the upload of the same content arrives.
    const x = await orphan('sweep first');
    const g1 = { entered: gate(), release: gate() };
    const sweep1 = sweepUnreferenced(pool, async (key) => {
      g1.entered.open();
      await g1.release.wait;
      await del(key);
    });
    await g1.entered.wait;
    const upload1 = storeDeduplicated(pool, 'frank', 'x.txt', x.p, put);
    try {
      // Until the upload's add_file is queued on the row the sweep holds; bounded, so a sweep that
      // takes no row lock fails here with a message instead of spinning forever.
      for (let polls = 0; ; polls++) {
        const { n } = (await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0];
        if (n > 0) break;
        if (polls >= 500) assert.fail('the upload of swept content never waited for a row lock: the sweep must hold the blob row (FOR UPDATE) while deleting its object');
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      g1.release.open();
    }
    assert.equal(await sweep1, 1);
    assert.equal((await upload1).uploaded, true, 'the upload waited for the sweep, then stored the object again');
    assert.equal(objects.get(x.key), 'sweep first', 'the object of a referenced blob exists');
    assert.equal(await referenced(x.sha256), 1);

    // 2. The upload goes first and is storing when the sweep runs.
    const y = await orphan('upload first');
    const g2 = { entered: gate(), release: gate() };
    const upload2 = storeDeduplicated(pool, 'grace', 'y.txt', y.p, async (key, p, sha256) => {
      g2.entered.open();
      await g2.release.wait;
      await put(key, p, sha256);
    });
    await g2.entered.wait;
    assert.equal(await sweepUnreferenced(pool, del), 0, 'the sweep skips a blob an upload holds');
    g2.release.open();
    assert.equal((await upload2).uploaded, true);
    assert.equal(objects.get(y.key), 'upload first');
    assert.equal(await sweepUnreferenced(pool, del), 0, 'a referenced blob is never swept');
    assert.equal(objects.get(y.key), 'upload first');

    // 3. The sweep deletes what is unreferenced past the grace period, and nothing else.
    const z = await orphan('really unused');
    const recent = file('recent.txt', 'recently unused');
    const r = await storeDeduplicated(pool, 'h', 'r.txt', recent, put);
    await pool.query('SELECT remove_file($1)', [r.fileId]);
    // Unreferenced for half an hour: still inside the default grace period of one hour.
    const recentSha = (await sha256OfFile(recent)).sha256;
    await pool.query("UPDATE blobs SET unreferenced_since = now() - interval '30 minutes' WHERE sha256 = $1", [recentSha]);
    assert.equal(await sweepUnreferenced(pool, del), 1);
    assert.equal(objects.has(z.key), false);
    assert.equal(await referenced(z.sha256), undefined, 'row gone with its object');
    assert.ok(objects.has(objectKeyFor(recentSha)), 'within the grace period: kept');
    assert.equal(await referenced(recentSha), 0, 'and its row with it');
    for (const [key, content] of objects) assert.equal(key, objectKeyFor((await sha256OfFile(file('check.txt', content))).sha256));
  });
});
