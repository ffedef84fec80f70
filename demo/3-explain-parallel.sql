-- 3. Run EXPLAIN ANALYZE on a query and see its plan, parallel workers included.
--
-- tbl_parallel_test(c1 int, c2 char(1000)) holds 100,000 rows of about 1 kB, and the shop
-- database is set up (ALTER DATABASE … SET) so that the planner uses parallel workers:
--   max_parallel_workers_per_gather = 4, parallel_setup_cost = 0,
--   parallel_tuple_cost = 0, min_parallel_table_scan_size = 0
--
-- Put the cursor in a statement and run "PostgreSQL: Explain Analyze" from the Command
-- Palette (or the editor's context menu). The statement runs inside BEGIN … ROLLBACK.

-- A parallel sequential scan: Gather → Partial Aggregate → Parallel Seq Scan
SELECT count(*) FROM tbl_parallel_test WHERE c2 LIKE 'row 1%';

-- Parallel aggregation over the whole table
SELECT c1 % 10 AS bucket, count(*), max(c1)
FROM tbl_parallel_test
GROUP BY c1 % 10;

-- A parallel-aware sort for the top rows
SELECT c1, left(c2, 10) FROM tbl_parallel_test WHERE c1 % 7 = 0 ORDER BY c2 DESC LIMIT 5;

-- A join in the shop schema: hash joins, and the view expanded into the plan
SELECT c.country, sum(t.total) AS revenue
FROM order_totals t
JOIN customers c USING (customerid)
WHERE t.status <> 'cancelled'
GROUP BY c.country
ORDER BY revenue DESC;
