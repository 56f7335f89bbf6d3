/**
 * materialized-view-refresh: the snippet's own refresh runs while a reader keeps reading the
 * previous contents without waiting; after the refresh the reader sees the new orders. With the
 * schema and view tab stops filled in (reporting, daily_sales) everything lands in that schema and
 * works there; names that would break the derived names are refused before anything is created.
 */
import { strict as assert } from 'assert';
import { Client, Pool } from 'pg';
import { expandNodes, parseSnippetBody, type SnippetNode } from '../../../../src/core/snippets/syntax';
import { freshDatabase, proves } from '../../harness';
import { sqlOf, variant } from '../../library';

/**
 * The SQL variant as inserted by a person who types `typed[default]` into the first tab stop whose
 * default is `default` (each mirror repeats it) and accepts every other default. (The orders
 * table's schema also defaults to public: `public` names the view's schema, the first; a key `$3`
 * names tab stop 3 by its number.)
 */
function sqlTyping(typed: Record<string, string>): string {
  const { nodes } = parseSnippetBody(variant('materialized-view-refresh', 'sql').body);
  const byIndex = new Map<number, string>();
  const taken = new Set<string>();
  const find = (list: readonly SnippetNode[]): void => {
    for (const n of list) {
      if (n.kind !== 'placeholder') continue;
      const text = n.children.length === 1 && n.children[0]!.kind === 'text' ? n.children[0]!.value : undefined;
      if (Object.hasOwn(typed, `$${n.index}`)) byIndex.set(n.index, typed[`$${n.index}`]!);
      else if (text !== undefined && Object.hasOwn(typed, text) && !taken.has(text)) {
        taken.add(text);
        byIndex.set(n.index, typed[text]!);
      }
      find(n.children);
    }
  };
  find(nodes);
  for (const d of Object.keys(typed)) assert.ok([...byIndex.values()].includes(typed[d]!), `no tab stop has the default ${d}`);
  const fill = (list: readonly SnippetNode[]): SnippetNode[] =>
    list.map((n) => {
      if ((n.kind === 'tabstop' || n.kind === 'placeholder' || n.kind === 'choice') && byIndex.has(n.index)) return { kind: 'text', value: byIndex.get(n.index)! };
      return n.kind === 'placeholder' ? { ...n, children: fill(n.children) } : n;
    });
  return expandNodes(fill(nodes));
}

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

  it('sql: a refresh called while another is running returns false at once instead of queueing behind it; the next call refreshes', async () => {
    const db = await freshDatabase('matview_sql_overlap');
    await db.exec(sqlOf('materialized-view-refresh'));
    const first = new Client({ connectionString: db.url });
    const second = new Client({ connectionString: db.url });
    await first.connect();
    await second.connect();
    try {
      await first.query("INSERT INTO orders (product_id, quantity, total_cents) VALUES (5, 1, 900)");
      // The first refresh holds its locks until COMMIT, like a slow one still running.
      await first.query('BEGIN');
      const ran = (await first.query('SELECT refresh_product_daily_sales() AS ran')).rows[0].ran;
      assert.equal(ran, true);
      // A second refresh must not wait for it (a safety net ends the statement if it does).
      await second.query("SET statement_timeout = '10s'");
      const skipped = (await second.query('SELECT refresh_product_daily_sales() AS ran')).rows[0].ran;
      assert.equal(skipped, false, 'skipped while the first refresh runs');
      await first.query('COMMIT');
      await second.query("INSERT INTO orders (product_id, quantity, total_cents) VALUES (5, 1, 100)");
      const again = (await second.query('SELECT refresh_product_daily_sales() AS ran')).rows[0].ran;
      assert.equal(again, true, 'the next call after it refreshes');
      const total = (await second.query('SELECT revenue_cents::bigint AS c FROM product_daily_sales WHERE product_id = 5')).rows[0].c;
      assert.equal(Number(total), 1000);
      // The skip key is the view's own: an application's single-number advisory lock on the same
      // number does not block refreshes.
      const oid = (await second.query("SELECT 'product_daily_sales'::regclass::oid::int AS oid")).rows[0].oid;
      await first.query('SELECT pg_advisory_lock($1::bigint)', [oid]);
      assert.equal((await second.query('SELECT refresh_product_daily_sales() AS ran')).rows[0].ran, true);
      await first.query('SELECT pg_advisory_unlock($1::bigint)', [oid]);
      proves('materialized-view-refresh', 'sql');
    } finally {
      await first.end().catch(() => undefined);
      await second.end().catch(() => undefined);
    }
  });
  it('sql: the read model in a schema of its own (reporting.daily_sales, and archive.daily_sales beside it): built, refreshed and read through reporting\'s own functions with public alone on the search_path; each view skips only its own concurrent refresh; none of the read model\'s objects lands in public', async () => {
    const db = await freshDatabase('matview_sql_schema');
    const admin = new Client({ connectionString: db.url });
    const other = new Client({ connectionString: db.url });
    await admin.connect();
    await other.connect();
    try {
      await admin.query('CREATE SCHEMA reporting; CREATE SCHEMA archive');
      const reporting = sqlTyping({ public: 'reporting', product_daily_sales: 'daily_sales' });
      const archive = sqlTyping({ public: 'archive', product_daily_sales: 'daily_sales' });
      await db.exec(reporting);
      await db.exec(reporting); // re-runnable
      await db.exec(archive);
      assert.equal((await admin.query('SHOW search_path')).rows[0].search_path, '"$user", public');
      await admin.query("INSERT INTO orders (product_id, quantity, total_cents) VALUES (7, 2, 1400), (8, 1, 300)");
      assert.equal((await admin.query('SELECT reporting.refresh_daily_sales() AS ran')).rows[0].ran, true);
      const top = (await admin.query("SELECT product_id, revenue_cents FROM reporting.top_products_since((now() AT TIME ZONE 'UTC')::date)")).rows;
      assert.deepEqual(top.map((r) => [Number(r.product_id), Number(r.revenue_cents)]), [[7, 1400], [8, 300]]);
      assert.equal((await admin.query('SELECT count(*)::int AS n FROM archive.daily_sales')).rows[0].n, 0, 'the other schema\'s view is its own');

      // Where each object landed: the view, its unique index and both functions in their schema.
      const placed = (
        await admin.query(
          `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname IN ('daily_sales', 'daily_sales_key')
           UNION ALL
           SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.proname IN ('refresh_daily_sales', 'top_products_since')
           ORDER BY 1`,
        )
      ).rows.map((r) => r.name);
      assert.deepEqual(placed, [
        'archive.daily_sales', 'archive.daily_sales_key', 'archive.refresh_daily_sales', 'archive.top_products_since',
        'reporting.daily_sales', 'reporting.daily_sales_key', 'reporting.refresh_daily_sales', 'reporting.top_products_since',
      ]);

      // The skip key is the view's: a refresh of reporting's view in flight skips only that view.
      await admin.query('BEGIN');
      assert.equal((await admin.query('SELECT reporting.refresh_daily_sales() AS ran')).rows[0].ran, true);
      await other.query("SET statement_timeout = '10s'"); // a safety net, should a refresh wait
      assert.equal((await other.query('SELECT reporting.refresh_daily_sales() AS ran')).rows[0].ran, false, 'skipped while the first runs');
      assert.equal((await other.query('SELECT archive.refresh_daily_sales() AS ran')).rows[0].ran, true, 'the same name in another schema is another view');
      await admin.query('COMMIT');
      proves('materialized-view-refresh', 'sql');
    } finally {
      await admin.end().catch(() => undefined);
      await other.end().catch(() => undefined);
    }
  });

  it('sql: a schema-qualified, quoted or over-long view name (or a dotted schema) is refused before anything is created; a name of 55 bytes, the longest whose refresh function keeps its whole name, installs', async () => {
    const db = await freshDatabase('matview_sql_names');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE SCHEMA reporting');
      const created = async () => Number((await client.query("SELECT count(*) AS n FROM pg_class WHERE relname NOT LIKE 'pg\\_%' AND relnamespace IN ('public'::regnamespace, 'reporting'::regnamespace)")).rows[0].n);
      const names: Record<string, string>[] = [
        { product_daily_sales: 'reporting.daily_sales' },
        { product_daily_sales: '"Daily Sales"' },
        { product_daily_sales: 'x'.repeat(56) },
        { public: 'reporting.sub' },
        { $3: 'reporting.sub' }, // the orders table's schema
        { $3: '"Shop"' },
      ];
      for (const typed of names) {
        const script = sqlTyping(typed);
        // Run statement by statement (psql -f, a GUI client), the script's first statement refuses
        // the name; run as one string, a name that breaks the syntax fails the parse of the whole.
        const guard = script.slice(0, script.indexOf('\n$$;\n') + 4);
        assert.match(guard, /^(--.*\n)*DO \$\$/, 'the name check is the script\'s first statement');
        await assert.rejects(db.exec(guard), /must be a plain name/, JSON.stringify(typed));
        await assert.rejects(db.exec(script), Error, JSON.stringify(typed));
        assert.equal(await created(), 0, `nothing created for ${JSON.stringify(typed)}`);
      }
      const longest = 'v'.repeat(55);
      await db.exec(sqlTyping({ public: 'reporting', product_daily_sales: longest }));
      assert.equal((await client.query(`SELECT reporting.refresh_${longest}() AS ran`)).rows[0].ran, true);
      proves('materialized-view-refresh', 'sql');
    } finally {
      await client.end();
    }
  });

  // The view read a bare orders: run with another schema's orders first on the search_path, the
  // script skipped creating public.orders and the view summed the other table.
  it('sql: the view reads the orders of its own tab stop (public.orders), not an orders earlier on the search_path', async () => {
    const db = await freshDatabase('matview_sql_search_path');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        `CREATE SCHEMA shop;
         CREATE TABLE shop.orders (id bigserial PRIMARY KEY, product_id bigint NOT NULL, quantity integer NOT NULL,
                                   total_cents bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
         INSERT INTO shop.orders (product_id, quantity, total_cents) VALUES (99, 1, 12345)`,
      );
      await client.query('SET search_path = shop, public');
      await client.query(sqlOf('materialized-view-refresh'));
      await client.query('INSERT INTO public.orders (product_id, quantity, total_cents) VALUES (4, 3, 600)');
      assert.equal((await client.query('SELECT public.refresh_product_daily_sales() AS ran')).rows[0].ran, true);
      const rows = (await client.query('SELECT product_id, revenue_cents FROM public.product_daily_sales')).rows;
      assert.deepEqual(rows.map((r) => [Number(r.product_id), Number(r.revenue_cents)]), [[4, 600]]);
      proves('materialized-view-refresh', 'sql');
    } finally {
      await client.end();
    }
  });

  it('sql: a first install builds the view once (orders are read once), a rerun of the script refreshes it once, and the view holds the totals', async () => {
    const db = await freshDatabase('matview_sql_once');
    await db.exec(sqlOf('materialized-view-refresh'));
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // The state before a first install on a database that already has orders: no view yet.
      await client.query('DROP MATERIALIZED VIEW product_daily_sales');
      await client.query(
        'INSERT INTO orders (product_id, quantity, total_cents) SELECT 1 + i % 2, 1, 100 FROM generate_series(1, 50) i',
      );
      // Scans of orders not yet flushed to the statistics (a backend flushes only between
      // transactions), so the difference within one transaction counts the builds and refreshes.
      const ordersScans = async (): Promise<number> =>
        Number((await client.query("SELECT seq_scan + coalesce(idx_scan, 0) AS n FROM pg_stat_xact_user_tables WHERE relname = 'orders'")).rows[0].n);
      await client.query('BEGIN');
      const start = await ordersScans();
      await client.query(sqlOf('materialized-view-refresh'));
      assert.equal((await ordersScans()) - start, 1, 'a first install reads the orders once');
      await client.query('COMMIT');
      const totals = (await client.query('SELECT product_id, revenue_cents FROM product_daily_sales ORDER BY product_id')).rows;
      assert.deepEqual(totals.map((r) => [Number(r.product_id), Number(r.revenue_cents)]), [[1, 2500], [2, 2500]]);

      await client.query("INSERT INTO orders (product_id, quantity, total_cents) VALUES (1, 1, 700)");
      await client.query('BEGIN');
      const again = await ordersScans();
      await client.query(sqlOf('materialized-view-refresh'));
      assert.equal((await ordersScans()) - again, 1, 'a rerun refreshes once');
      await client.query('COMMIT');
      const after = (await client.query('SELECT revenue_cents FROM product_daily_sales WHERE product_id = 1')).rows;
      assert.equal(Number(after[0].revenue_cents), 3200, 'the rerun picked up the new order');
      proves('materialized-view-refresh', 'sql');
    } finally {
      await client.end();
    }
  });
});

