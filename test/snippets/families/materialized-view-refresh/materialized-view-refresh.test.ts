/**
 * materialized-view-refresh: the snippet's own refresh runs while a reader keeps reading the
 * previous contents without waiting; after the refresh the reader sees the new orders.
 */
import { strict as assert } from 'assert';
import { Client, Pool } from 'pg';
import { freshDatabase, proves } from '../../harness';
import { sqlOf } from '../../library';

describe('materialized-view-refresh', function () {
  this.timeout(120_000);

  it('sql: readers are not blocked by the refresh and see the previous data until it commits; then the new totals', async () => {
    const db = await freshDatabase('matview_sql');
    await db.exec(sqlOf('materialized-view-refresh'));
    const pool = new Pool({ connectionString: db.url, max: 5 });
    const refresher = new Client({ connectionString: db.url });
    await refresher.connect();
    try {
      await pool.query(
        "INSERT INTO orders (product_id, quantity, total_cents, created_at) SELECT 1 + i % 3, 1, 100 * (1 + i % 3), now() FROM generate_series(1, 300) i",
      );
      await db.exec(sqlOf('materialized-view-refresh')); // the script itself refreshes the view
      const before = (await pool.query("SELECT product_id, revenue_cents FROM top_products_since((now() AT TIME ZONE 'UTC')::date - 1)")).rows;
      assert.deepEqual(before.map((r) => [Number(r.product_id), Number(r.revenue_cents)]), [[3, 30000], [2, 20000], [1, 10000]]);

      await pool.query("INSERT INTO orders (product_id, quantity, total_cents) VALUES (1, 10, 50000)");
      // The refresh (the variant's whole script, which ends with it) holds its locks until COMMIT.
      await refresher.query('BEGIN');
      await refresher.query(sqlOf('materialized-view-refresh'));
      // A reader must neither wait for it nor see a half-built view.
      const reader = await pool.connect();
      try {
        await reader.query("SET statement_timeout = '10s'");
        const during = (await reader.query('SELECT sum(revenue_cents)::bigint AS total FROM product_daily_sales')).rows[0].total;
        assert.equal(Number(during), 60000, 'the previous contents while the refresh is uncommitted');
      } finally {
        reader.release();
      }
      await refresher.query('COMMIT');
      const after = (await pool.query("SELECT product_id, revenue_cents FROM top_products_since((now() AT TIME ZONE 'UTC')::date - 1)")).rows;
      assert.deepEqual(after.map((r) => [Number(r.product_id), Number(r.revenue_cents)]), [[1, 60000], [3, 30000], [2, 20000]]);
      proves('materialized-view-refresh', 'sql');
    } finally {
      await refresher.end().catch(() => undefined);
      await pool.end();
    }
  });

  it('sql: an order files under its UTC day whatever TimeZone the refreshing session has', async () => {
    const db = await freshDatabase('matview_sql_tz');
    await db.exec(sqlOf('materialized-view-refresh'));
    const tokyo = new Client({ connectionString: db.url });
    const losAngeles = new Client({ connectionString: db.url });
    await tokyo.connect();
    await losAngeles.connect();
    try {
      await tokyo.query("SET TimeZone = 'Asia/Tokyo'");
      await losAngeles.query("SET TimeZone = 'America/Los_Angeles'");
      // 23:30 UTC on 1 January is already 2 January in Tokyo
      await tokyo.query("INSERT INTO orders (product_id, quantity, total_cents, created_at) VALUES (9, 1, 700, '2026-01-01 23:30:00+00')");
      await tokyo.query(sqlOf('materialized-view-refresh'));
      const day = async (client: Client): Promise<string[]> =>
        (await client.query('SELECT day::text AS day FROM product_daily_sales WHERE product_id = 9')).rows.map((r) => r.day);
      assert.deepEqual(await day(tokyo), ['2026-01-01']);
      assert.deepEqual(await day(losAngeles), ['2026-01-01'], 'the same day seen from another time zone');
      const since = async (d: string): Promise<number> =>
        (await losAngeles.query('SELECT count(*)::int AS n FROM top_products_since($1) WHERE product_id = 9', [d])).rows[0].n;
      assert.equal(await since('2026-01-01'), 1);
      assert.equal(await since('2026-01-02'), 0, 'not counted on the next UTC day');
      proves('materialized-view-refresh', 'sql');
    } finally {
      await tokyo.end().catch(() => undefined);
      await losAngeles.end().catch(() => undefined);
    }
  });
});
