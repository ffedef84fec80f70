-- 2. Press F1 on a keyword, a function or a selection to open the PostgreSQL manual page
--    for it (for the connected server's version).
--
-- Try the cursor on each word in CAPITALS below, then press F1.

-- A window function, and the page about window function calls
SELECT orderid, orderdate,
       ROW_NUMBER() OVER (PARTITION BY customerid ORDER BY orderdate) AS nth_order
FROM orders;

-- LATERAL joins
SELECT c.name, recent.orderdate
FROM customers c
CROSS JOIN LATERAL (
    SELECT orderdate FROM orders o WHERE o.customerid = c.customerid ORDER BY orderdate DESC LIMIT 1
) AS recent;

-- Common table expressions (WITH) and GROUPING SETS
WITH paid AS (
    SELECT * FROM order_totals WHERE status = 'paid'
)
SELECT date_trunc('month', orderdate) AS month, count(*), sum(total)
FROM paid
GROUP BY GROUPING SETS ((1), ());

-- Materialized views and REFRESH ... CONCURRENTLY
REFRESH MATERIALIZED VIEW monthly_sales;

-- Functions and operators: select jsonb_build_object or ->> and press F1
SELECT jsonb_build_object('orderid', orderid, 'status', status) ->> 'status'
FROM orders
LIMIT 3;

-- Templates: CREATE DATABASE ... TEMPLATE (see template_demo in the PostgreSQL sidebar)
CREATE DATABASE scratch TEMPLATE template_demo;

-- Maintenance
VACUUM (VERBOSE, ANALYZE) orders;
