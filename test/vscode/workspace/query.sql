select orderid, customer
from orders
where order_id = 5;
