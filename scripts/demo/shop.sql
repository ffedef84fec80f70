-- The demo shop, loaded into the demo database by scripts/demo-db.mjs (also runnable with
-- psql: psql -d shop -v parallel_rows=100000 -f scripts/demo/shop.sql).
-- Column names follow the issue's headline example: orders has "orderid", so
--   select * from orders where order_id = 5
-- fails with: Perhaps you meant to reference the column "orders.orderid".
-- Data is generated deterministically, so every demo shows the same numbers.

CREATE TABLE customers (
    customerid  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL UNIQUE,
    country     char(2) NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE products (
    productid   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       text NOT NULL,
    category    text NOT NULL,
    price       numeric(10,2) NOT NULL CHECK (price >= 0)
);

CREATE TABLE orders (
    orderid     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customerid  integer NOT NULL REFERENCES customers,
    orderdate   date NOT NULL,
    status      text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped', 'cancelled'))
);
CREATE INDEX orders_customerid_idx ON orders (customerid);

CREATE TABLE orderlines (
    orderlineid integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    orderid     integer NOT NULL REFERENCES orders ON DELETE CASCADE,
    productid   integer NOT NULL REFERENCES products,
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(10,2) NOT NULL
);
CREATE INDEX orderlines_orderid_idx ON orderlines (orderid);

INSERT INTO customers (name, email, country, created_at)
SELECT (ARRAY['Ada', 'Brian', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana'])[1 + i % 8] || ' ' ||
       (ARRAY['Lovelace', 'Kernighan', 'Wei', 'Scott', 'Berg', 'Haddad', 'Petrov', 'Sato', 'Okafor'])[1 + i % 9],
       'customer' || i || '@example.com',
       (ARRAY['DE', 'FR', 'US', 'JP', 'BR', 'NG', 'IN', 'SE'])[1 + i % 8],
       timestamptz '2023-01-01 09:00+00' + i * interval '7 hours'
FROM generate_series(1, 500) AS i;

INSERT INTO products (title, category, price)
SELECT (ARRAY['Mug', 'Notebook', 'Lamp', 'Chair', 'Desk', 'Pen', 'Backpack', 'Headphones', 'Cable', 'Plant'])[1 + i % 10] || ' #' || i,
       (ARRAY['kitchen', 'office', 'home', 'furniture', 'furniture', 'office', 'travel', 'audio', 'electronics', 'home'])[1 + i % 10],
       round((3 + (i * 37) % 250 + (i % 100) / 100.0)::numeric, 2)
FROM generate_series(1, 200) AS i;

INSERT INTO orders (customerid, orderdate, status)
SELECT 1 + (i * 7919) % 500,
       date '2024-01-01' + (i * 13) % 700,
       (ARRAY['new', 'paid', 'shipped', 'shipped', 'shipped', 'cancelled'])[1 + i % 6]
FROM generate_series(1, 3000) AS i;

INSERT INTO orderlines (orderid, productid, quantity, unit_price)
SELECT o.orderid, p.productid, 1 + (o.orderid + n) % 4, p.price
FROM orders AS o
CROSS JOIN LATERAL generate_series(1, 1 + o.orderid % 5) AS n
JOIN products AS p ON p.productid = 1 + (o.orderid * 31 + n * 17) % 200;

CREATE VIEW order_totals AS
SELECT o.orderid, o.customerid, o.orderdate, o.status,
       sum(l.quantity * l.unit_price) AS total,
       count(*) AS lines
FROM orders AS o
JOIN orderlines AS l USING (orderid)
GROUP BY o.orderid;

CREATE MATERIALIZED VIEW monthly_sales AS
SELECT date_trunc('month', o.orderdate)::date AS month,
       p.category,
       sum(l.quantity * l.unit_price) AS revenue,
       count(DISTINCT o.orderid) AS orders
FROM orders AS o
JOIN orderlines AS l USING (orderid)
JOIN products AS p USING (productid)
WHERE o.status <> 'cancelled'
GROUP BY 1, 2
WITH DATA;

CREATE FUNCTION customer_lifetime_value(p_customerid integer) RETURNS numeric
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(sum(total), 0) FROM order_totals WHERE customerid = p_customerid AND status <> 'cancelled'
$$;

COMMENT ON TABLE orders IS 'One row per order; the key is orderid (not order_id).';

-- The table of the "parallel sequential scan" post: rows wide enough (char(1000) pads to
-- about 1 kB) that a sequential scan is worth splitting across workers.
CREATE TABLE tbl_parallel_test (c1 int, c2 char(1000));
INSERT INTO tbl_parallel_test SELECT i, 'row ' || i FROM generate_series(1, :parallel_rows) AS i;

ANALYZE;
