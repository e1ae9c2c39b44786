-- Queries an analyst asks of the shop's data. tests/integration/sql_postgres.sh runs each on
-- tally and on PostgreSQL 15 with the same data and compares the rows (order too: every query
-- orders its rows completely or returns one row).

select count(*) from retail;

select country, count(*) as n, sum(quantity) as q
from retail group by country order by n desc, country limit 10;

select extract(year from invoice_date) as y, extract(month from invoice_date) as m,
       round(sum(quantity * unit_price), 2) as revenue
from retail group by 1, 2 order by 1, 2;

-- The top 10 products by revenue in Germany in 2011.
select stock_code, description, sum(quantity * unit_price) as revenue
from retail
where country = 'Germany' and invoice_date >= date '2011-01-01' and invoice_date < date '2012-01-01'
group by stock_code, description
order by revenue desc, stock_code, description
limit 10;

select count(distinct customer_id), count(customer_id), count(*), count(description) from retail;

select customer_id, count(distinct invoice_no) as orders
from retail where customer_id is not null
group by customer_id having count(distinct invoice_no) > 100
order by orders desc, customer_id;

select upper(country) as c, length(country) as len, lower(min(stock_code)) from retail
group by country order by c;

select invoice_no like 'C%' as cancelled, count(*) from retail group by 1 order by 1;

select r.country, c.n
from retail r join (select country, count(*) as n from retail group by country) c
  on r.country = c.country
where r.quantity > 1000
order by r.country, c.n;

select 'returns' as kind, count(*) from retail where quantity < 0
union all
select 'sales', count(*) from retail where quantity > 0
order by 1;

select case when quantity < 0 then 'return' when quantity < 10 then 'small' else 'large' end as kind,
       count(*) as lines, sum(quantity) as units
from retail group by 1 order by 1;

select coalesce(customer_id, -1) as customer, count(*) as lines
from retail group by 1 order by 2 desc, 1 limit 5;

select count(*) from retail
where quantity between 1 and 5 and country in ('France', 'Germany', 'Spain');

select count(*) from retail where invoice_date >= date '2011-12-09' - interval '30' day;

select quantity / 2 as half, count(*) from retail where quantity between -5 and 5
group by 1 order by 1;

select a.country, b.n
from (select distinct country from retail) a
left join (select country, count(*) as n from retail where quantity > 5000 group by country) b
  on a.country = b.country
order by a.country;

select distinct country from retail order by country;

select country, min(unit_price), max(unit_price), avg(quantity), sum(unit_price)
from retail group by country order by country;

select country from retail group by country order by sum(quantity) desc limit 5;

with totals as (select country, sum(quantity) as q from retail group by country)
select country, q from totals where q > 100000 order by q desc;

select t.country, t.invoices
from (select country, count(distinct invoice_no) as invoices from retail group by country) as t
where t.invoices between 10 and 100
order by t.invoices, t.country;

select nullif(country, 'United Kingdom') as elsewhere, count(*) from retail
group by 1 order by 2 desc, 1 limit 3;

select substring(stock_code from 1 for 2) as prefix, count(*) from retail
group by 1 order by 2 desc, 1 limit 5;

select count(*) from retail where description is null or customer_id is null;

select country, count(*) from retail where not (country <> 'EIRE') group by country;

select abs(quantity) as q, count(*) from retail where quantity in (-1, 1, -12, 12)
group by 1 order by 1;

select 7 / 2 as i, 7.0 / 2 as n, -7 / 2 as neg, 7 % 3 as m, 2 + 3 * 4 as p;

select invoice_date::date as day, count(*) from retail
where invoice_date < '2010-12-03' group by 1 order by 1;

select r.country, count(*)
from retail r
join retail s using (invoice_no)
where r.invoice_no in ('536365', '536366')
group by r.country order by 1;

-- Subqueries.
select count(*) from retail r
where exists (select 1 from retail s where s.invoice_no = r.invoice_no and s.quantity < 0);

select count(*) from retail r
where not exists (select 1 from retail s where s.invoice_no = r.invoice_no and s.stock_code <> r.stock_code);

select country, count(*) from retail
where customer_id in (select customer_id from retail where quantity > 2000)
group by country order by country;

select count(*) from retail
where customer_id not in (select customer_id from retail where country = 'France');

select count(*) from retail
where customer_id not in (select customer_id from retail where country = 'France' and customer_id is not null);

select count(*) from retail where quantity > (select avg(quantity) from retail);

-- (Correlated subqueries run per outer row in PostgreSQL: their outer side is kept small.)
select c.country from (select distinct country from retail) c
where (select avg(s.quantity) from retail s where s.country = c.country) > 15
order by 1;

select country, (select count(*) from retail s where s.country = r.country and s.quantity > 1000) as big
from (select distinct country from retail) r order by country;

select stock_code, count(*) from retail
where unit_price = (select max(unit_price) from retail)
group by stock_code order by stock_code;

select count(*), sum(case when customer_id in (select customer_id from retail where country = 'EIRE') then 1 else 0 end)
from retail;

select country from retail group by country
having sum(quantity) > (select sum(quantity) / 100 from retail)
order by country;

-- Edges: a HAVING on no column, a CTE named like the table it reads, count(DISTINCT) in a
-- correlated subquery (0, not NULL, without rows), USING columns first in *.
select count(*) from retail having 1 = 0;

with retail as (select * from retail where country = 'EIRE') select count(*) from retail;

select r.country,
       (select count(distinct s.invoice_no) from retail s where s.country = r.country and s.quantity > 5000) as big
from (select distinct country from retail) r order by 1;

select * from (select distinct invoice_no, country from retail where invoice_no in ('536365', '536366')) a
join (select distinct invoice_no, customer_id from retail where invoice_no in ('536365', '536366')) b
using (invoice_no) order by 1;

-- Aggregates over distinct values, and a CTE that aggregates read twice (computed once).
select country, sum(distinct quantity), round(avg(distinct unit_price), 6),
       round(stddev(distinct customer_id), 6), count(distinct stock_code)
from retail group by country order by country;

with totals as (select customer_id, sum(quantity * unit_price) as spent from retail
                where customer_id is not null group by customer_id)
select count(*), round(avg(a.spent), 2) from totals a
where a.spent > (select avg(spent) * 10 from totals);
