-- §7 RFM per customer (spark or pandas scoring), for a row-by-row comparison with an export:
-- customer_id, recency, frequency, monetary (exact), r, f, m, segment, by customer_id.
-- psql variables: as_of, scoring.
\ir rfm_common.sql
select customer_id, recency, frequency, monetary, r, f, m, segment
from rfm_scored_customers
order by customer_id;
