#!/usr/bin/env bash
# The main job from a fresh machine: install what tally needs, build it, ingest the bundled real
# retail data into ./warehouse, print the full report and write it as HTML (out/report.html),
# then ask one question of the data in SQL.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh" --target tally tally_python >/dev/null
cd "$here"
tally=build/tally
"$tally" ingest data/online_retail.csv.zst --table retail
"$tally" ingest data/wdi.csv.zst --table wdi --quiet
"$tally" describe retail --quiet
echo
mkdir -p out
"$tally" report --table retail --html out/report.html
echo "HTML report: out/report.html"
echo
echo "The top 10 products by revenue in Germany in 2011 (tally sql):"
"$tally" sql "
  select stock_code, description, sum(quantity * unit_price) as revenue
  from retail
  where country = 'Germany' and invoice_date >= date '2011-01-01' and invoice_date < date '2012-01-01'
  group by stock_code, description
  order by revenue desc, stock_code
  limit 10"
echo
echo "Revenue by country, top 5, in Python (Debian's python3; the notebooks are in notebooks/):"
/usr/bin/python3 - <<'PY'
import tally
from tally import functions as F

spark = tally.Session(warehouse="warehouse")
(spark.table("retail")
 .groupBy("country")
 .agg(F.sum(F.col("quantity") * F.col("unit_price")).alias("revenue"),
      F.countDistinct("customer_id").alias("customers"))
 .orderBy(F.desc("revenue"))
 .show(5))
PY
