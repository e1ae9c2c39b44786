-- §7 RFM: shared definitions, included by the rfm_*.sql files with \ir. Creates temporary
-- tables rfm_customer_values, rfm_split_values, rfm_scores and rfm_scored_customers for the
-- current session. psql variables:
--   as_of    the as-of date (default 2011-12-31, the reference's fixed date)
--   scoring  spark (default: QuantileDiscretizer split values) or pandas (qcut bins)
-- e.g. psql -v as_of=2011-12-10 -v scoring=pandas -f rfm_segments.sql
\if :{?as_of}
\else
\set as_of 2011-12-31
\endif
\if :{?scoring}
\else
\set scoring spark
\endif

\set QUIET on
set client_min_messages = warning;

-- Input: lines where no column is NULL (cancellations kept). Recency counts whole days between
-- the date of the customer's last line and the as-of date.
create temporary table rfm_customer_values as
select customer_id,
       (:'as_of'::date - max(invoice_date)::date) as recency,
       count(distinct invoice_no) as frequency,
       sum(quantity * unit_price) as monetary
from retail
where invoice_no is not null and stock_code is not null and description is not null
  and quantity is not null and invoice_date is not null and unit_price is not null
  and customer_id is not null and country is not null
group by customer_id;

-- Split values of Spark's QuantileDiscretizer(numBuckets=5, relativeError=0): the elements at
-- 1-based ranks ceil(k*N/5) = (k*N+4)/5, k = 1..4, of each sorted metric, duplicates removed.
create temporary table rfm_split_values as
with metric_values as (
  select 'recency' as metric, recency::numeric as value from rfm_customer_values
  union all
  select 'frequency', frequency::numeric from rfm_customer_values
  union all
  select 'monetary', monetary from rfm_customer_values
),
ranked as (
  select metric, value,
         row_number() over (partition by metric order by value) as rn,
         count(*) over (partition by metric) as n
  from metric_values
)
select distinct r.metric, r.value
from ranked r
join generate_series(1, 4) as k on r.rn = (k * r.n + 4) / 5;

select :'scoring' = 'pandas' as use_pandas_scoring, :'scoring' in ('spark', 'pandas') as scoring_known
\gset
\if :scoring_known
\else
create function pg_temp.fail(message text) returns void language plpgsql
  as $$ begin raise exception '%', message; end $$;
select pg_temp.fail('unknown scoring ' || :'scoring' || ' (use spark or pandas)');
\endif

\if :use_pandas_scoring
-- pandas scoring: bins of qcut(x, 5), i.e. edges at the quantiles 0, .2, .4, .6, .8, 1
-- interpolated at position p*(N-1) (percentile_cont, in double precision as pandas computes
-- them), right-closed bins with the lowest one including its left edge: the bin of x is the
-- number of upper edges e_1..e_4 below x, plus 1. R = 6 - bin(recency), M = bin(monetary),
-- F = bin of the frequency's rank (ties in frequency broken by ascending customer_id).
create temporary table rfm_scores as
with ranked as (
  select customer_id, recency, monetary,
         row_number() over (order by frequency, customer_id) as frequency_rank
  from rfm_customer_values
),
edges as (
  select percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by recency) as recency,
         percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by frequency_rank)
           as frequency_rank,
         percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by monetary::float8)
           as monetary
  from ranked
)
select r.customer_id,
       6 - (1 + (select count(*) from unnest(e.recency) as edge where r.recency > edge))::int as r,
       (1 + (select count(*) from unnest(e.frequency_rank) as edge
             where r.frequency_rank > edge))::int as f,
       (1 + (select count(*) from unnest(e.monetary) as edge
             where r.monetary::float8 > edge))::int as m
from ranked r cross join edges e;
\else
-- spark scoring: bucket(x) = number of distinct split values <= x; R = 5 - bucket, F and
-- M = 1 + bucket.
create temporary table rfm_scores as
select c.customer_id,
       5 - (select count(*) from rfm_split_values s
            where s.metric = 'recency' and s.value <= c.recency)::int as r,
       1 + (select count(*) from rfm_split_values s
            where s.metric = 'frequency' and s.value <= c.frequency)::int as f,
       1 + (select count(*) from rfm_split_values s
            where s.metric = 'monetary' and s.value <= c.monetary)::int as m
from rfm_customer_values c;
\endif

-- The segment comes from (R, F) by the ten rules of the table in ANALYTICS.md §7, written out
-- range by range with no catch-all branch, so a pair that no rule covers shows up as NULL.
create temporary table rfm_scored_customers as
select c.*, s.r, s.f, s.m,
       case
         when r between 1 and 2 and f between 1 and 2 then 'Hibernating'
         when r between 1 and 2 and f between 3 and 4 then 'At Risk'
         when r between 1 and 2 and f = 5 then 'Can''t Lose'
         when r = 3 and f between 1 and 2 then 'About to Sleep'
         when r = 3 and f = 3 then 'Need Attention'
         when r between 3 and 4 and f between 4 and 5 then 'Loyal Customers'
         when r = 4 and f = 1 then 'Promising'
         when r = 5 and f = 1 then 'New Customers'
         when r between 4 and 5 and f between 2 and 3 then 'Potential Loyalists'
         when r = 5 and f between 4 and 5 then 'Champions'
       end as segment
from rfm_customer_values c
join rfm_scores s using (customer_id);
