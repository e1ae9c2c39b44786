-- §1 Invoice amount distribution, the oracle in PostgreSQL over table `retail`.
-- One row per set: 'all' invoices, then 'below_p85' (amount strictly below the p85 of 'all').
-- Amounts are numeric, so sums, min, max, quantiles and the mode are exact; only the mean is a
-- (long) numeric quotient. Element quantiles use the 1-based rank ceil(p*N), computed with
-- integer arithmetic: ceil(N/2) = (N+1)/2 and ceil(85N/100) = (85N+99)/100.
with invoices as (
  select invoice_no, sum(quantity * unit_price) as amount
  from retail
  where quantity > 0 and unit_price > 0
  group by invoice_no
),
ranked_all as (
  select amount, row_number() over (order by amount) as rn, count(*) over () as n
  from invoices
),
p85_all as (
  select amount from ranked_all where rn = (85 * n + 99) / 100
),
sets as (
  select 'all' as subset, amount from invoices
  union all
  select 'below_p85', amount from invoices where amount < (select amount from p85_all)
),
ranked as (
  select subset, amount,
         row_number() over (partition by subset order by amount) as rn,
         count(*) over (partition by subset) as n
  from sets
),
frequencies as (
  select subset, amount, count(*) as times from sets group by subset, amount
),
-- The most frequent amount; among equally frequent ones the smallest.
modes as (
  select distinct on (subset) subset, amount
  from frequencies
  order by subset, times desc, amount
),
stats as (
  select subset, count(*) as n, avg(amount) as mean, min(amount) as min, max(amount) as max
  from sets group by subset
)
select k.subset,
       coalesce(s.n, 0) as n,
       s.mean,
       s.min,
       s.max,
       (select amount from ranked r where r.subset = k.subset and r.rn = (r.n + 1) / 2) as median,
       (select amount from modes m where m.subset = k.subset) as mode,
       (select amount from ranked r where r.subset = k.subset and r.rn = (85 * r.n + 99) / 100) as p85
from (values (1, 'all'), (2, 'below_p85')) as k(ord, subset)
left join stats s using (subset)
order by k.ord;
