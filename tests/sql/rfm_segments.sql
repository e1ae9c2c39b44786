-- §7 RFM segments (spark or pandas scoring): customers and mean recency, frequency and monetary per
-- segment, ordered by customers descending, then segment name (byte order). psql variables: as_of, scoring.
\ir rfm_common.sql
select segment,
       count(*) as customers,
       avg(recency) as recency,
       avg(frequency) as frequency,
       avg(monetary) as monetary
from rfm_scored_customers
group by segment
order by customers desc, segment collate "C";
