/**
 * inventory-decrement: 1,000 concurrent buyers for 100 units sell exactly 100 and stock never goes
 * below zero, in Redis (TypeScript, Python, Go) and in PostgreSQL (SQL).
 */
import { strict as assert } from 'assert';
import { Pool } from 'pg';
import { createClient } from 'redis';
import { freshDatabase, proofEnv, proves, runGoProof, runPythonProof } from '../../harness';
import { importSnippet, sqlOf } from '../../library';
import { sharedRedis } from '../../servers';
import { clusterRedis } from '../../s2-servers';

type Redis = ReturnType<typeof createClient>;
interface Inventory {
  addStock(redis: Redis, sku: string, units: number): Promise<number>;
  takeStock(redis: Redis, sku: string, purchaseId: string, quantity?: number): Promise<number | null>;
}

async function redisClient(): Promise<Redis> {
  const client = createClient({ url: (await sharedRedis()).url });
  await client.connect();
  return client as Redis;
}

describe('inventory-decrement', function () {
  this.timeout(600_000);

  it('typescript: 1,000 concurrent buyers on 8 connections for 100 units sell exactly 100, never below zero; a too-large order takes nothing', async () => {
    const { addStock, takeStock } = importSnippet<Inventory>('inventory-decrement');
    const redis = await redisClient();
    const buyers = await Promise.all(Array.from({ length: 8 }, () => redisClient()));
    try {
      await redis.del(['stock:inventory-ts-1', 'stock:inventory-ts-2', 'stock:inventory-ts-3']);
      const run = `${Date.now()}-${Math.random()}`; // purchase ids of this run only
      let n = 0;
      const id = (): string => `${run}-${n++}`;
      assert.equal(await addStock(redis, 'inventory-ts-1', 100), 100);
      const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) => takeStock(buyers[i % 8]!, 'inventory-ts-1', id())));
      const sold = outcomes.filter((left) => left !== null);
      assert.equal(sold.length, 100);
      assert.deepEqual([...sold].sort((a, b) => a! - b!), Array.from({ length: 100 }, (_, i) => i), 'each unit sold once');
      assert.equal(await redis.get('stock:inventory-ts-1'), '0');
      await addStock(redis, 'inventory-ts-2', 3);
      assert.equal(await takeStock(redis, 'inventory-ts-2', id(), 5), null);
      assert.equal(await redis.get('stock:inventory-ts-2'), '3', 'a refused order takes nothing');
      assert.equal(await takeStock(redis, 'inventory-ts-unknown', id()), null, 'an unknown SKU is sold out');
      await assert.rejects(takeStock(redis, 'inventory-ts-2', id(), -1), /positive/);
      // A restock adds to what is left: the purchases made since the stock was last read stay sold.
      await addStock(redis, 'inventory-ts-3', 100);
      for (let i = 0; i < 30; i++) await takeStock(buyers[i % 8]!, 'inventory-ts-3', id());
      assert.equal(await addStock(redis, 'inventory-ts-3', 50), 120);
      assert.equal(await redis.get('stock:inventory-ts-3'), '120', '100 - 30 sold + 50 restocked');
      proves('inventory-decrement', 'typescript');
    } finally {
      await Promise.all([redis, ...buyers].map((c) => c.quit()));
    }
  });

  // A purchase carried no id: a retry (after a lost reply, say) took its units again.
  it('typescript: a retried purchase takes its units once and returns the first outcome, also 50 copies at once on 8 connections; a refusal is replayed; a reused id with another quantity is refused', async () => {
    const { addStock, takeStock } = importSnippet<Inventory>('inventory-decrement');
    const redis = await redisClient();
    const buyers = await Promise.all(Array.from({ length: 8 }, () => redisClient()));
    const run = `${Date.now()}-${Math.random()}`;
    try {
      await redis.del('stock:inventory-ts-retry');
      await addStock(redis, 'inventory-ts-retry', 10);
      assert.equal(await takeStock(redis, 'inventory-ts-retry', `${run}-a`, 3), 7);
      assert.equal(await takeStock(redis, 'inventory-ts-retry', `${run}-a`, 3), 7, 'the retry gets the first outcome');
      const copies = await Promise.all(Array.from({ length: 50 }, (_, i) => takeStock(buyers[i % 8]!, 'inventory-ts-retry', `${run}-b`, 2)));
      assert.deepEqual(copies, Array.from({ length: 50 }, () => 5), 'one purchase sent 50 times: one take');
      assert.equal(await takeStock(redis, 'inventory-ts-retry', `${run}-c`, 6), null);
      await addStock(redis, 'inventory-ts-retry', 45);
      assert.equal(await takeStock(redis, 'inventory-ts-retry', `${run}-c`, 6), null, 'a refusal is the outcome its retry gets');
      await assert.rejects(takeStock(redis, 'inventory-ts-retry', `${run}-a`, 4), /another quantity/);
      await assert.rejects(takeStock(redis, 'inventory-ts-retry', '', 1), /needs an id/);
      // A JavaScript call from before purchase ids read 3 as the id and took 1 unit.
      await assert.rejects(takeStock(redis, 'inventory-ts-retry', 3 as unknown as string), /needs an id/, 'takeStock(redis, sku, 3)');
      assert.equal(await redis.get('stock:inventory-ts-retry'), '50');
      const ttl = await redis.ttl(`stock-purchase:{stock:inventory-ts-retry}:${run}-a`);
      assert.ok(ttl > 0 && ttl <= 86400, `the outcome expires (ttl ${ttl})`);
      proves('inventory-decrement', 'typescript');
    } finally {
      await Promise.all([redis, ...buyers].map((c) => c.quit()));
    }
  });

  // The purchase record's key was stock-purchase:<id>, in another slot than its SKU's stock key, so
  // on Redis Cluster every purchase failed with CROSSSLOT; and one id on two SKUs (an order id for
  // each line) replayed the first SKU's outcome for the second, taking nothing from it.
  it('typescript, python, go: on a Redis Cluster a purchase runs (its two keys share a slot, no CROSSSLOT) and is taken once; one id on two SKUs takes from each', async () => {
    const { addStock, takeStock } = importSnippet<Inventory>('inventory-decrement');
    const node = await clusterRedis();
    const redis = createClient({ url: node.url }) as Redis; // one node holds every slot: a plain client reaches all keys
    await redis.connect();
    const run = `${Date.now()}-${Math.random()}`;
    try {
      const skus = [0, 1, 2].map((n) => `inventory-ts-cluster-${run}-${n}`);
      for (const sku of skus) await addStock(redis, sku, 5);
      for (const [n, sku] of skus.entries()) {
        assert.equal(await takeStock(redis, sku, `${run}-p${n}`, 2), 3, `${sku}: the script ran on the cluster`);
        assert.equal(await takeStock(redis, sku, `${run}-p${n}`, 2), 3, `${sku}: its retry gets the first outcome`);
      }
      for (let attempt = 0; attempt < 2; attempt++) {
        assert.deepEqual([await takeStock(redis, skus[0]!, `${run}-order`), await takeStock(redis, skus[1]!, `${run}-order`)], [2, 2], 'one order id, two SKUs: one take of each');
      }
      assert.deepEqual(await Promise.all(skus.map((sku) => redis.get(`stock:${sku}`))), ['2', '2', '3']);
    } finally {
      await redis.quit();
    }
    const env = { SDP_REDIS_HOST: node.host, SDP_REDIS_PORT: String(node.port), SDP_REDIS_URL: node.url };
    await runPythonProof({ snippet: 'inventory-decrement', programs: ['proof_cluster.py'], env, label: 'cluster' });
    await runGoProof({ snippet: 'inventory-decrement', programs: ['proof_test.go', 'proof_cluster_test.go'], env, resp: true, label: 'cluster', args: ['-run', 'TestTakeStockOnACluster'] });
    proves('inventory-decrement', 'typescript');
  });

  // A TTL tab stop edited to 0 (or a fraction) made SET refuse it after the DECRBY had run: each
  // purchase took its units, recorded nothing and failed, and its retry took them again.
  it('typescript, python, go: a purchase TTL Redis would refuse (0, -1, 1.5, 10^11 s) is refused before the script writes: nothing taken, nothing recorded; a record, sale or refusal, expires after the shipped TTL', async () => {
    const { addStock, takeStock } = importSnippet<Inventory>('inventory-decrement');
    const redis = await redisClient();
    const sku = `inventory-ts-ttl-${Date.now()}-${Math.random()}`;
    try {
      await addStock(redis, sku, 5);
      for (const bad of ['0', '-1', '1.5', '100000000000']) {
        // The shipped call with its TTL argument replaced, as a TTL typed into the tab stop sends it.
        const withTtl = { eval: (script: string, o: { keys: string[]; arguments: string[] }) => redis.eval(script, { keys: o.keys, arguments: [o.arguments[0]!, bad] }) };
        await assert.rejects(takeStock(withTtl as unknown as Redis, sku, `p-${bad}`), /purchase TTL/, bad);
        assert.equal(await redis.get(`stock:${sku}`), '5', `TTL ${bad}: nothing taken`);
        assert.equal(await redis.exists(`stock-purchase:{stock:${sku}}:p-${bad}`), 0, `TTL ${bad}: nothing recorded`);
      }
      assert.equal(await takeStock(redis, sku, 'p-ok'), 4, 'the shipped TTL works');
      // The record expires (the shipped 24 h): Redis keeps no purchase record for ever.
      const ttl = await redis.ttl(`stock-purchase:{stock:${sku}}:p-ok`);
      assert.ok(ttl > 86_400 - 60 && ttl <= 86_400, `the purchase record's TTL: ${ttl}`);
      assert.equal(await takeStock(redis, sku, 'p-none', 9), null);
      const refusedTtl = await redis.ttl(`stock-purchase:{stock:${sku}}:p-none`);
      assert.ok(refusedTtl > 86_400 - 60 && refusedTtl <= 86_400, `a refusal's record has the TTL too: ${refusedTtl}`);
    } finally {
      await redis.quit();
    }
    const env = await proofEnv({ redis: true });
    await runPythonProof({ snippet: 'inventory-decrement', programs: ['proof_ttl.py'], env, label: 'ttl' });
    await runGoProof({ snippet: 'inventory-decrement', programs: ['proof_test.go', 'proof_ttl_test.go'], env, resp: true, label: 'ttl', args: ['-run', 'TestBadPurchaseTTLTakesNothing'] });
    proves('inventory-decrement', 'typescript');
  });

  it('sql: 200 concurrent take_stock() calls from 40 sessions for 100 units sell exactly 100; a non-positive quantity takes nothing', async () => {
    const db = await freshDatabase('inventory_sql');
    await db.exec(sqlOf('inventory-decrement'));
    const pool = new Pool({ connectionString: db.url, max: 40 });
    try {
      await pool.query("INSERT INTO inventory (sku, available) VALUES ('sku-1', 100)");
      const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => pool.query("SELECT take_stock('sku-1', $1, 1) AS left", [`p-${i}`])));
      const sold = outcomes.map((r) => r.rows[0].left).filter((left) => left !== null);
      assert.equal(sold.length, 100);
      assert.deepEqual([...sold].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
      const soldOut = await pool.query("SELECT take_stock('sku-1', 'p-late', 1) AS left");
      assert.deepEqual(soldOut.rows, [{ left: null }], 'sold out is one row holding NULL (the comment says so), never an empty result');
      await pool.query("UPDATE inventory SET available = 5 WHERE sku = 'sku-1'");
      assert.equal((await pool.query("SELECT take_stock('sku-1', 'p-neg', -3) AS left")).rows[0].left, null);
      assert.equal((await pool.query("SELECT take_stock('sku-1', 'p-big', 6) AS left")).rows[0].left, null);
      assert.equal((await pool.query("SELECT available FROM inventory WHERE sku = 'sku-1'")).rows[0].available, 5);
      proves('inventory-decrement', 'sql');
    } finally {
      await pool.end();
    }
  });

  // A purchase carried no id: a retry (a lost reply, a retrying client) took its units again.
  it('sql: a retried purchase takes its units once and returns the first outcome, also 20 copies of it at once from 20 sessions; a refusal is replayed too; a reused id with another quantity raises', async () => {
    const db = await freshDatabase('inventory_sql_retry');
    await db.exec(sqlOf('inventory-decrement'));
    await db.exec(sqlOf('inventory-decrement')); // re-runnable
    const pool = new Pool({ connectionString: db.url, max: 20 });
    const take = async (sku: string, id: string, quantity: number): Promise<number | null> =>
      (await pool.query('SELECT take_stock($1, $2, $3) AS left', [sku, id, quantity])).rows[0].left;
    try {
      await pool.query("INSERT INTO inventory (sku, available) VALUES ('sku-r', 10)");
      assert.equal(await take('sku-r', 'order-1', 3), 7);
      assert.equal(await take('sku-r', 'order-1', 3), 7, 'the retry gets the first outcome');
      const copies = await Promise.all(Array.from({ length: 20 }, () => take('sku-r', 'order-2', 2)));
      assert.deepEqual(copies, Array.from({ length: 20 }, () => 5), 'one purchase, 20 copies: one take');
      assert.equal((await pool.query("SELECT available FROM inventory WHERE sku = 'sku-r'")).rows[0].available, 5);
      // A refusal is an outcome too: its retry is refused, even after a restock.
      assert.equal(await take('sku-r', 'order-3', 6), null);
      await pool.query("UPDATE inventory SET available = 50 WHERE sku = 'sku-r'");
      assert.equal(await take('sku-r', 'order-3', 6), null);
      await assert.rejects(take('sku-r', 'order-1', 4), /purchase order-1 was 3 of sku-r, not 4 of sku-r/);
      await assert.rejects(take('sku-r', '', 1), /needs an id/);
      assert.equal((await pool.query("SELECT available FROM inventory WHERE sku = 'sku-r'")).rows[0].available, 50);
      // The old two-argument form is gone, so a caller still using it fails instead of double-selling.
      await assert.rejects(pool.query("SELECT take_stock('sku-r', 1)"), /does not exist/);
      proves('inventory-decrement', 'sql');
    } finally {
      await pool.end();
    }
  });

  // The purchase records were never purged and had no index on created_at: the table grew with
  // every purchase for ever, and a purge written by hand read all of it.
  it('sql: purge_inventory_purchases deletes records older than the caller\'s retention (default 24 hours, or a quoted one with a unit) through an index on created_at; a retention of zero or less, NULL or a bare number is refused; a purged purchase\'s retry takes again', async () => {
    const db = await freshDatabase('inventory_sql_purge');
    await db.exec(sqlOf('inventory-decrement'));
    await db.exec(sqlOf('inventory-decrement')); // re-runnable
    const pool = new Pool({ connectionString: db.url, max: 4 });
    const take = async (id: string): Promise<number | null> =>
      (await pool.query("SELECT take_stock('sku-p', $1, 1) AS left", [id])).rows[0].left;
    const ids = async (): Promise<string[]> =>
      (await pool.query('SELECT purchase_id FROM inventory_purchases ORDER BY purchase_id')).rows.map((r) => r.purchase_id);
    const age = (id: string, interval: string): Promise<unknown> =>
      pool.query('UPDATE inventory_purchases SET created_at = now() - $2::interval WHERE purchase_id = $1', [id, interval]);
    try {
      await pool.query("INSERT INTO inventory (sku, available) VALUES ('sku-p', 10)");
      assert.deepEqual([await take('old-1'), await take('old-2'), await take('new-1')], [9, 8, 7]);
      await age('old-1', '25 hours');
      await age('old-2', '30 days');
      await age('new-1', '23 hours');
      for (const bad of ['make_interval(hours => 0)', "interval '-1 hour'", 'NULL::interval', "interval '-1 year 361 days'", "'24'", "' 48 '", "'-3'"]) {
        await assert.rejects(pool.query(`SELECT purge_inventory_purchases(${bad})`), (err: Error & { code?: string }) => err.code === '22023' && /retention/.test(err.message), bad);
      }
      assert.deepEqual(await ids(), ['new-1', 'old-1', 'old-2'], 'a refused purge deletes nothing');
      assert.equal((await pool.query('SELECT purge_inventory_purchases() AS gone')).rows[0].gone, '2', 'the default keeps 24 hours');
      assert.deepEqual(await ids(), ['new-1']);
      assert.equal(await take('new-1'), 7, 'a kept record still answers its retry');
      assert.equal(await take('old-1'), 6, 'a purged purchase retried takes again: the retention must outlast every retry');
      await age('new-1', '3 hours');
      assert.equal((await pool.query("SELECT purge_inventory_purchases('4 hours') AS gone")).rows[0].gone, '0');
      assert.equal((await pool.query("SELECT purge_inventory_purchases($1) AS gone", ['2 hours'])).rows[0].gone, '1', 'a driver\'s string parameter with a unit');
      assert.deepEqual(await ids(), ['old-1']);
      const indexes = (await pool.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'inventory_purchases'")).rows.map((r) => r.indexdef as string);
      assert.ok(indexes.some((d) => /\(created_at\)$/.test(d)), `an index on created_at: ${indexes.join('; ')}`);
      const client = await pool.connect();
      try {
        // With sequential scans priced out, the purge's DELETE is planned on that index (without
        // one it would still be a sequential scan).
        await client.query('SET enable_seqscan = off');
        const plan = (await client.query("EXPLAIN DELETE FROM inventory_purchases WHERE created_at < now() - interval '24 hours'")).rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(plan, /Index (Only )?Scan using inventory_purchases_created_at_idx|Bitmap Index Scan on inventory_purchases_created_at_idx/, plan);
      } finally {
        client.release();
      }
      proves('inventory-decrement', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: 400 purchases from 16 threads for 100 units sell exactly 100, never below zero; a reply lost after the script ran: the unit is taken once, whether the client raises and the caller retries with the same purchase id or the client retries by itself; 16 copies of one purchase take once', async () => {
    await runPythonProof({ snippet: 'inventory-decrement', programs: ['proof.py'], env: await proofEnv({ redis: true }) });
  });

  it('go: 400 purchases from 16 goroutines (each its own Redis connection) for 100 units sell exactly 100; 16 copies of one purchase (one id) take once and all get its outcome, as does a later retry', async () => {
    await runGoProof({ snippet: 'inventory-decrement', programs: ['proof_test.go'], env: await proofEnv({ redis: true }), resp: true });
  });
});
