-- §7 RFM spark-scoring split values: one row per (metric, distinct split value), metrics in the
-- order recency, frequency, monetary and values ascending. psql variable: as_of.
\ir rfm_common.sql
select metric, value
from rfm_split_values
order by case metric when 'recency' then 1 when 'frequency' then 2 else 3 end, value;
