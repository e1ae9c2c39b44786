#!/usr/bin/env bash
# The bundled real data ingests completely and exactly: row, invoice and customer counts, and
# DuckDB reading tally's Parquet files agrees with DuckDB reading the CSV itself.
source "$(dirname "$0")/lib/common.sh"

"$TALLY" ingest "$REAL_DATA" --table retail --quiet
tables=$("$TALLY" tables)
echo "$tables"
grep -Eq '^retail +541,909 +8 ' <<<"$tables" && pass "tables lists 541,909 rows" || fail "tables: $tables"

describe=$("$TALLY" describe retail)
echo "$describe"
grep -Eq '^unit_price +decimal\(18,3\) +0 +-11062\.060 +38970\.000' <<<"$describe" &&
  pass "describe shows exact unit_price min/max" || fail "describe unit_price statistics"
grep -Eq '^customer_id +int32 +135,080 +12346 +18287' <<<"$describe" &&
  pass "describe counts 135,080 missing customers" || fail "describe customer_id statistics"
grep -Eq '^invoice_date +timestamp +0 +2010-12-01 08:26:00 +2011-12-09 12:50:00' <<<"$describe" &&
  pass "describe shows the date range" || fail "describe invoice_date statistics"

head=$("$TALLY" head retail -n 3)
echo "$head"
expect_eq "head prints 3 rows plus header, rule and footer" 6 "$(wc -l <<<"$head")"
grep -Eq '^536365 +85123A +WHITE HANGING HEART T-LIGHT HOLDER +6 +2010-12-01 08:26:00 +2.550 +17850 +United Kingdom' <<<"$head" &&
  pass "head shows the first line" || fail "head first row"

have_duckdb || skip "DuckDB (npm @duckdb/node-api) is not installed: run scripts/setup.sh --test"
files="$TALLY_WAREHOUSE/retail/*/*.parquet"
csv=$(real_csv)
ours=$(duckdb_row "SELECT count(*) AS n, count(DISTINCT invoice_no) AS invoices,
  count(DISTINCT customer_id) AS customers, sum(quantity) AS q,
  sum(quantity * unit_price)::VARCHAR AS amount FROM read_parquet('$files')")
theirs=$(duckdb_row "SELECT count(*) AS n, count(DISTINCT invoice_no) AS invoices,
  count(DISTINCT customer_id) AS customers, sum(quantity) AS q,
  sum(quantity * unit_price)::VARCHAR AS amount FROM read_csv('$csv', header=true, columns={
  'invoice_no':'VARCHAR','stock_code':'VARCHAR','description':'VARCHAR','quantity':'INTEGER',
  'invoice_date':'TIMESTAMP','unit_price':'DECIMAL(18,3)','customer_id':'INTEGER','country':'VARCHAR'})")
echo "DuckDB on tally's Parquet: $ours"
echo "DuckDB on the CSV:         $theirs"
expect_eq "DuckDB reads tally's files: same counts and exact sums as the CSV" "$theirs" "$ours"
grep -q '^\["541909","25900","4372",' <<<"$ours" &&
  pass "541,909 rows, 25,900 invoices, 4,372 customers" || fail "counts: $ours"

types=$(duckdb_row "SELECT string_agg(column_name || ' ' || column_type, ', ') AS t FROM
  (DESCRIBE SELECT * FROM read_parquet('$files'))")
expect_eq "DuckDB sees tally's logical types" \
  '["invoice_no VARCHAR, stock_code VARCHAR, description VARCHAR, quantity INTEGER, invoice_date TIMESTAMP, unit_price DECIMAL(18,3), customer_id INTEGER, country VARCHAR"]' \
  "$types"

# Append doubles the table; replace brings it back.
"$TALLY" ingest "$REAL_DATA" --table retail --mode append --quiet
grep -Eq '^retail +1,083,818 ' <<<"$("$TALLY" tables)" && pass "append adds the rows" || fail "append"
"$TALLY" ingest "$REAL_DATA" --table retail --mode replace --quiet
grep -Eq '^retail +541,909 ' <<<"$("$TALLY" tables)" && pass "replace replaces" || fail "replace"
expect_eq "replace removed the old files" 1 "$(ls -d "$TALLY_WAREHOUSE"/retail/*/ | wc -l)"
finish
