-- 4. A migration: tables created earlier in the file are known further down, before the
--    file has ever run. pgsight reads the DDL in order, like PostgreSQL would run it.

CREATE TABLE shipments (
    shipmentid  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    orderid     integer NOT NULL REFERENCES orders,
    carrier     text NOT NULL,
    shipped_at  timestamptz
);

ALTER TABLE shipments ADD COLUMN tracking_code text;

CREATE INDEX shipments_orderid_idx ON shipments (orderid);

INSERT INTO shipments (orderid, carrier, shipped_at)
SELECT orderid, 'DHL', orderdate + time '14:00'
FROM orders
WHERE status = 'shipped';

-- shipments is new, and still its columns are checked:
SELECT shipped_on FROM shipments;
--   column "shipped_on" does not exist
--   Hint: Perhaps you meant to reference the column "shipments.shipped_at".

-- and the column added by ALTER TABLE is known:
SELECT s.tracking_code, o.orderdate
FROM shipments s
JOIN orders o USING (orderid);

DROP TABLE shipments;
