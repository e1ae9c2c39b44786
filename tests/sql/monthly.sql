-- §2-§6 Monthly orders, sales, growth and customers, the oracle in PostgreSQL over `retail`.
-- One row per month (ym = year*100 + month) ascending. Sales are exact numeric sums; growth is a
-- numeric quotient, NULL for the first month (and when the previous month's sales are 0, where
-- the ratio is undefined). existing_users is counted directly (first month < ym), not derived
-- from active - new_users, so the identity new + existing = active is a check, not an assumption.
with lines as (
  select (extract(year from invoice_date)::int * 100 + extract(month from invoice_date)::int) as ym,
         invoice_no, customer_id, quantity * unit_price as amount
  from retail
),
first_months as (
  select customer_id, min(ym) as first_ym
  from lines
  where customer_id is not null
  group by customer_id
),
orders as (
  select ym,
         count(distinct invoice_no) as gross,
         count(distinct invoice_no) filter (where invoice_no like 'C%') as cancelled,
         sum(amount) as sales,
         count(distinct customer_id) as active
  from lines
  group by ym
),
customers as (
  select l.ym,
         count(distinct l.customer_id) filter (where f.first_ym = l.ym) as new_users,
         count(distinct l.customer_id) filter (where f.first_ym < l.ym) as existing_users
  from lines l
  join first_months f using (customer_id)
  group by l.ym
)
select o.ym,
       o.gross,
       o.cancelled,
       o.gross - 2 * o.cancelled as placed,
       o.sales,
       (o.sales - lag(o.sales) over w) / nullif(lag(o.sales) over w, 0) as growth,
       o.active,
       coalesce(c.new_users, 0) as new_users,
       coalesce(c.existing_users, 0) as existing_users
from orders o
left join customers c using (ym)
window w as (order by o.ym)
order by o.ym;
