/**
 * The 30-line report query over the shop schema (test/fixtures/misspelled/schema.sql) that the
 * keystroke and quick-fix benches time; `alias` spells the first CTE's references to `orders o`
 * (the quick-fix bench misspells it).
 */
export const reportQuery = (alias = 'o'): string => `with recent_orders as (
  select ${alias}.orderid, ${alias}.customer_id, ${alias}.order_date, ${alias}.status,
         sum(i.quantity * i.unit_price) as order_total
  from orders o
  join order_items i on i.orderid = ${alias}.orderid
  where ${alias}.order_date >= current_date - interval '30 days'
    and o.status in ('paid', 'shipped')
  group by o.orderid, o.customer_id, o.order_date, o.status
),
ranked as (
  select r.*, row_number() over (partition by r.customer_id order by r.order_total desc) as rn
  from recent_orders r
)
select c.customer_id, c.email, c.full_name,
       count(*) as orders,
       sum(r.order_total) as spent,
       max(r.order_total) filter (where r.rn = 1) as biggest,
       (select count(*) from addresses a where a.customer_id = c.customer_id) as addresses
from customers c
join ranked r on r.customer_id = c.customer_id
left join lateral (
  select p.product_name from order_items i2 join products p using (product_id)
  where i2.orderid = r.orderid order by i2.quantity desc limit 1
) top on true
where c.country_code = 'DE'
group by c.customer_id, c.email, c.full_name
having sum(r.order_total) > 100
order by spent desc
limit 50;
`;
