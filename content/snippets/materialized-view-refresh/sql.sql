-- The view's schema and its bare name are two tab stops, each a plain unquoted name. The view's
-- name also names its index and its refresh function, so a dotted one would not compile there
-- (refresh_reporting.daily_sales) and a long one would be cut at 63 bytes with only a NOTICE,
-- leaving two long-named views one refresh function. The first statement refuses such names; run
-- the script with psql -v ON_ERROR_STOP=1 -1 -f so that stops it: a plain psql -f prints the
-- refusal and creates the rest under the bad name, and -1 alone creates nothing but exits 0 (psql
-- 15, checked 2026). The orders table's schema is a tab stop of its own: a bare orders would be
-- whichever table of that name comes first on the search_path of the session running the script.
-- The schemas must exist already.
DO \$\$
BEGIN
  IF '${1:public}' !~ '^[[:alpha:]_][[:alnum:]_]*\$' OR '${2:product_daily_sales}' !~ '^[[:alpha:]_][[:alnum:]_]*\$'
     OR '${3:public}' !~ '^[[:alpha:]_][[:alnum:]_]*\$' OR octet_length('refresh_$2') > 63 THEN
    RAISE EXCEPTION 'schemas "%" and "%", view "%": each must be a plain name (letters, digits, _; a schema in its own tab stop), the view''s at most 55 bytes', '$1', '$3', '$2';
  END IF;
END
\$\$;

CREATE TABLE IF NOT EXISTS $3.${4:orders} (
  id          bigserial PRIMARY KEY,
  product_id  bigint NOT NULL,
  quantity    integer NOT NULL,
  total_cents bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The read model: one precomputed row per product and day, instead of aggregating millions of
-- orders on every page view. It is as fresh as its last refresh. Days are UTC days: a bare
-- date_trunc('day', created_at) would cut them at midnight of whichever TimeZone the session that
-- refreshes happens to have, so two refreshes could file one order under different days.
CREATE MATERIALIZED VIEW IF NOT EXISTS $1.$2 AS
  SELECT product_id,
         (created_at AT TIME ZONE 'UTC')::date AS day,
         sum(quantity)                 AS units,
         sum(total_cents)              AS revenue_cents,
         count(*)                      AS orders
    FROM $3.$4
   GROUP BY product_id, (created_at AT TIME ZONE 'UTC')::date
WITH NO DATA; -- built once, by the refresh at the end of this script: run the script as one
              -- transaction (see the top), or readers get "has not been populated" in between

-- REFRESH ... CONCURRENTLY requires a unique index; it lets reads continue during the rebuild.
-- An index always lives in its table's schema, so its name takes none.
CREATE UNIQUE INDEX IF NOT EXISTS $2_key ON $1.$2 (product_id, day);

-- Call SELECT $1.refresh_$2() from a scheduler (every ${5:5} minutes, say). CONCURRENTLY diffs old
-- and new results, so it costs more than a plain refresh but never blocks readers. Only one refresh
-- of a view runs at a time: a second one waits for the first, then rebuilds again, so a scheduler
-- that fires while a slow refresh runs would stack up waiting sessions, each holding a connection.
-- The function returns false at once while another refresh through it is running (refresh only
-- through it). pg_cron queues a job's next run behind the running one; cron and a Kubernetes
-- CronJob with the default concurrencyPolicy (Allow) start it anyway.
CREATE OR REPLACE FUNCTION $1.refresh_$2() RETURNS boolean
LANGUAGE plpgsql AS \$\$
BEGIN
  -- Held until the caller's transaction ends, like the refresh's own lock. The two-key form keyed
  -- by (pg_class, the view) keeps clear of single-number advisory locks the application takes.
  IF NOT pg_try_advisory_xact_lock('pg_class'::regclass::oid::int, '$1.$2'::regclass::oid::int) THEN
    RETURN false;
  END IF;
  IF (SELECT relispopulated FROM pg_class WHERE oid = '$1.$2'::regclass) THEN
    REFRESH MATERIALIZED VIEW CONCURRENTLY $1.$2;
  ELSE
    -- Never built yet (created WITH NO DATA): CONCURRENTLY refuses an unpopulated view, and
    -- there are no previous contents for readers to keep.
    REFRESH MATERIALIZED VIEW $1.$2;
  END IF;
  RETURN true;
END
\$\$;

-- Builds the view on a first install (one pass over the orders), refreshes it on a rerun.
SELECT $1.refresh_$2();

-- Readers query the view like a table, for example the best sellers since a given UTC day.
CREATE OR REPLACE FUNCTION $1.${6:top_products_since}(since date)
RETURNS TABLE (product_id bigint, revenue_cents numeric)
LANGUAGE sql STABLE AS \$\$
  SELECT v.product_id, sum(v.revenue_cents) AS revenue_cents
    FROM $1.$2 v WHERE v.day >= since
   GROUP BY v.product_id ORDER BY revenue_cents DESC, v.product_id LIMIT 20;
\$\$;
$0
