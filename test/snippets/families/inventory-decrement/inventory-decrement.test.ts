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

type Redis = ReturnType<typeof createClient>;
interface Inventory {
  addStock(redis: Redis, sku: string, units: number): Promise<number>;
  takeStock(redis: Redis, sku: string, quantity?: number): Promise<number | null>;
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
      assert.equal(await addStock(redis, 'inventory-ts-1', 100), 100);
      const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) => takeStock(buyers[i % 8]!, 'inventory-ts-1')));
      const sold = outcomes.filter((left) => left !== null);
      assert.equal(sold.length, 100);
      assert.deepEqual([...sold].sort((a, b) => a! - b!), Array.from({ length: 100 }, (_, i) => i), 'each unit sold once');
      assert.equal(await redis.get('stock:inventory-ts-1'), '0');
      await addStock(redis, 'inventory-ts-2', 3);
      assert.equal(await takeStock(redis, 'inventory-ts-2', 5), null);
      assert.equal(await redis.get('stock:inventory-ts-2'), '3', 'a refused order takes nothing');
      assert.equal(await takeStock(redis, 'inventory-ts-unknown'), null, 'an unknown SKU is sold out');
      await assert.rejects(takeStock(redis, 'inventory-ts-2', -1), /positive/);
      // A restock adds to what is left: the purchases made since the stock was last read stay sold.
      await addStock(redis, 'inventory-ts-3', 100);
      for (let i = 0; i < 30; i++) await takeStock(buyers[i % 8]!, 'inventory-ts-3');
      assert.equal(await addStock(redis, 'inventory-ts-3', 50), 120);
      assert.equal(await redis.get('stock:inventory-ts-3'), '120', '100 - 30 sold + 50 restocked');
      proves('inventory-decrement', 'typescript');
    } finally {
      await Promise.all([redis, ...buyers].map((c) => c.quit()));
    }
  });

  it('sql: 200 concurrent take_stock() calls from 40 sessions for 100 units sell exactly 100; a non-positive quantity takes nothing', async () => {
    const db = await freshDatabase('inventory_sql');
    await db.exec(sqlOf('inventory-decrement'));
    const pool = new Pool({ connectionString: db.url, max: 40 });
    try {
      await pool.query("INSERT INTO inventory (sku, available) VALUES ('sku-1', 100)");
      const outcomes = await Promise.all(Array.from({ length: 200 }, () => pool.query("SELECT take_stock('sku-1', 1) AS left")));
      const sold = outcomes.map((r) => r.rows[0].left).filter((left) => left !== null);
      assert.equal(sold.length, 100);
      assert.deepEqual([...sold].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
      const soldOut = await pool.query("SELECT take_stock('sku-1', 1) AS left");
      assert.deepEqual(soldOut.rows, [{ left: null }], 'sold out is one row holding NULL (the comment says so), never an empty result');
      await pool.query("UPDATE inventory SET available = 5 WHERE sku = 'sku-1'");
      assert.equal((await pool.query("SELECT take_stock('sku-1', -3) AS left")).rows[0].left, null);
      assert.equal((await pool.query("SELECT take_stock('sku-1', 6) AS left")).rows[0].left, null);
      assert.equal((await pool.query("SELECT available FROM inventory WHERE sku = 'sku-1'")).rows[0].available, 5);
      proves('inventory-decrement', 'sql');
    } finally {
      await pool.end();
    }
  });

  it('python: 400 purchases from 16 threads for 100 units sell exactly 100, never below zero; a reply lost after the script ran: a client with retries off (as the comment asks) raises and the unit is taken once, a client that retries connection errors takes it twice', async () => {
    await runPythonProof({ snippet: 'inventory-decrement', programs: ['proof.py'], env: await proofEnv({ redis: true }) });
  });

  it('go: 400 purchases from 16 goroutines (each its own Redis connection) for 100 units sell exactly 100', async () => {
    await runGoProof({ snippet: 'inventory-decrement', programs: ['proof_test.go'], env: await proofEnv({ redis: true }), resp: true });
  });
});
