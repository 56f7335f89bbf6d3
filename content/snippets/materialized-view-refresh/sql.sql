CREATE TABLE IF NOT EXISTS ${1:orders} (
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
CREATE MATERIALIZED VIEW IF NOT EXISTS ${2:product_daily_sales} AS
  SELECT product_id,
         (created_at AT TIME ZONE 'UTC')::date AS day,
         sum(quantity)                 AS units,
         sum(total_cents)              AS revenue_cents,
         count(*)                      AS orders
    FROM $1
   GROUP BY product_id, (created_at AT TIME ZONE 'UTC')::date
WITH DATA;

-- REFRESH ... CONCURRENTLY requires a unique index; it lets reads continue during the rebuild.
CREATE UNIQUE INDEX IF NOT EXISTS $2_key ON $2 (product_id, day);

-- Run from a scheduler (every ${3:5} minutes, say). CONCURRENTLY diffs old and new results, so it
-- costs more than a plain refresh but never blocks readers.
REFRESH MATERIALIZED VIEW CONCURRENTLY $2;

-- Readers query the view like a table, for example the best sellers since a given UTC day.
CREATE OR REPLACE FUNCTION ${4:top_products_since}(since date)
RETURNS TABLE (product_id bigint, revenue_cents numeric)
LANGUAGE sql STABLE AS \$\$
  SELECT v.product_id, sum(v.revenue_cents) AS revenue_cents
    FROM $2 v WHERE v.day >= since
   GROUP BY v.product_id ORDER BY revenue_cents DESC, v.product_id LIMIT 20;
\$\$;
$0
