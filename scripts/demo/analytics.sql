-- The second demo database, created FROM template_demo (so it also has the audit schema).

CREATE TABLE page_views (
    viewid     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path       text NOT NULL,
    viewed_at  timestamptz NOT NULL,
    duration   interval NOT NULL
);

INSERT INTO page_views (path, viewed_at, duration)
SELECT (ARRAY['/', '/products', '/cart', '/checkout', '/account'])[1 + i % 5],
       timestamptz '2024-06-01 00:00+00' + i * interval '3 minutes',
       (i % 120) * interval '1 second'
FROM generate_series(1, 2000) AS i;

SELECT audit.note('analytics database created from template_demo');
ANALYZE;
