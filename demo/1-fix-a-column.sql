-- 1. Misspelled columns, explained and fixed the way PostgreSQL would.
--
-- Each statement below has a squiggle under the misspelled name. Hover it: the message and
-- the "Perhaps you meant…" hint are PostgreSQL's own, word for word. Put the cursor on it and
-- press Ctrl+. (Cmd+. on macOS) to apply "Change to …".

-- The issue's headline example: orders is keyed by orderid.
select * from orders where order_id = 5;
--   column "order_id" does not exist
--   Hint: Perhaps you meant to reference the column "orders.orderid".

-- Qualified names keep their qualifier in the hint.
select c.nmae, c.email from customers c;
--   Hint: Perhaps you meant to reference the column "c.name".

select o.orderid, sum(l.quantity * l.unitprice) as total
from orders o
join orderlines l using (orderid)
group by o.orderid;
--   Hint: Perhaps you meant to reference the column "l.unit_price".

-- When two tables have an equally good candidate, PostgreSQL names both.
select custmerid from orders join customers using (customerid);
--   Hint: Perhaps you meant to reference the column "orders.customerid" or the column "customers.customerid".

-- Views and materialized views are checked too.
select month, revenu from monthly_sales order by month;
--   Hint: Perhaps you meant to reference the column "monthly_sales.revenue".

-- And this one is correct: no squiggle.
select c.name, count(*) as orders, customer_lifetime_value(c.customerid) as lifetime_value
from customers c
join orders o using (customerid)
group by c.customerid
order by lifetime_value desc
limit 10;
