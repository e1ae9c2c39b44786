#!/usr/bin/env bash
# `tally sql` answers as PostgreSQL 15 does: the queries of tests/sql/retail_queries.sql run on
# both over the real retail data (loaded into a throwaway server and ingested into a warehouse)
# and every row is compared. Errors name the place in the statement, with a hint.
source "$(dirname "$0")/lib/common.sh"

command -v pg_ctl >/dev/null || [ -d /usr/lib/postgresql ] || skip "PostgreSQL is not installed"

PGDIR=$(mktemp -u /tmp/tally-pg.XXXXXX)
trap 'bash "$SOURCE_DIR/tests/pg/pg_server.sh" stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
bash "$SOURCE_DIR/tests/pg/pg_server.sh" start "$PGDIR" >/dev/null
# shellcheck disable=SC1091
source "$PGDIR/env"

csv=$(real_csv)
bash "$SOURCE_DIR/tests/pg/load_retail.sh" "$csv"
"$TALLY" ingest "$csv" --table retail --quiet

if python3 "$SOURCE_DIR/tests/sql/run_against_postgres.py" "$TALLY" \
  "$SOURCE_DIR/tests/sql/retail_queries.sql" >"$WORK/compare.out"; then
  pass "every query of retail_queries.sql agrees with PostgreSQL ($(grep -c '^ok:' "$WORK/compare.out"))"
else
  grep -v '^ok:' "$WORK/compare.out" >&2
  fail "some queries differ from PostgreSQL"
fi

# The retail analytics of the report (invoice amounts, monthly orders, sales, growth and
# customers), written in SQL for PostgreSQL, run unchanged through `tally sql`.
for analytic in invoice_amount monthly; do
  if python3 "$SOURCE_DIR/tests/sql/run_against_postgres.py" "$TALLY" \
    "$SOURCE_DIR/tests/sql/$analytic.sql" >"$WORK/$analytic.out"; then
    pass "tests/sql/$analytic.sql through tally sql agrees with PostgreSQL"
  else
    cat "$WORK/$analytic.out" >&2
    fail "tests/sql/$analytic.sql differs from PostgreSQL"
  fi
done

# Files in FROM: read_csv over the CSV itself, read_parquet over a Parquet file that
# --format parquet wrote; both against PostgreSQL's rows.
by_country="select country, count(*) as n, sum(quantity) as q from retail group by country order by country"
expected=$(psql -X -q --csv -c "$by_country")
from_csv="select country, count(*) as n, sum(quantity) as q from read_csv('$csv') group by country order by country"
expect_eq "read_csv in FROM" "$expected" "$("$TALLY" sql --format csv "$from_csv")"
"$TALLY" sql --format parquet -o "$WORK/by_country.parquet" "$by_country"
expect_eq "--format parquet, read back with read_parquet" "$expected" \
  "$("$TALLY" sql --format csv "select * from read_parquet('$WORK/by_country.parquet') order by country")"
status=0
"$TALLY" sql "select * from read_parquet('$WORK/nothing/*.parquet')" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "read_parquet of no files: exit status" 1 "$status"
grep -q 'no Parquet files at' "$WORK/err" && pass "read_parquet of no files: says so" ||
  fail "read_parquet of no files: [$(cat "$WORK/err")]"

# DESCRIBE: each column's name, type and whether it may be NULL, as PostgreSQL's catalog has
# them for the same CREATE TABLE.
create="create table described (id bigint not null, name text, price numeric(8,2), day date, at timestamp, ok boolean, n integer not null, x double precision)"
psql -X -q -c "drop table if exists described" -c "$create"
expected=$(psql -X -q --csv -t -c "select column_name, case when data_type = 'numeric' then format('numeric(%s,%s)', numeric_precision, numeric_scale) when data_type like 'timestamp%' then 'timestamp' else data_type end, is_nullable from information_schema.columns where table_name = 'described' order by ordinal_position")
"$TALLY" sql "$create" >/dev/null
expect_eq "DESCRIBE a table: names, types, nullability as in PostgreSQL's catalog" "$expected" \
  "$("$TALLY" sql --format csv "describe described" | tail -n +2)"
expect_eq "DESCRIBE a view" "n,integer,YES
doubled,bigint,YES" \
  "$("$TALLY" sql --format csv "create view dv as select n, id * 2 as doubled from described; describe dv" | tail -n +2)"

# EXPLAIN ANALYZE: the plan with each operator's actual rows, which PostgreSQL's counts of the
# same rows confirm (the filtered scan, the groups, the limit), and the execution's total.
"$TALLY" sql "explain analyze select country, count(*) from retail where quantity > 0 group by country order by 2 desc limit 3" >"$WORK/analyze" 2>&1
actual() { grep "^ *$1" "$WORK/analyze" | sed -n 's/.*actual rows=\([0-9,]*\).*/\1/p' | tr -d ,; }
expect_eq "EXPLAIN ANALYZE: rows out of the filtered scan" \
  "$(psql -X -q -t -A -c "select count(*) from retail where quantity > 0")" "$(actual Scan)"
expect_eq "EXPLAIN ANALYZE: rows out of the aggregate" \
  "$(psql -X -q -t -A -c "select count(distinct country) from retail where quantity > 0")" "$(actual Aggregate)"
expect_eq "EXPLAIN ANALYZE: rows out of the limit" 3 "$(actual Limit)"
grep -q '^Execution: 3 rows in [0-9.]* ms$' "$WORK/analyze" && pass "EXPLAIN ANALYZE: the execution's rows and time" ||
  fail "EXPLAIN ANALYZE: no execution line in [$(cat "$WORK/analyze")]"

# Errors: the message, the line with a caret under the place, a hint; exit status 1.
status=0
"$TALLY" sql "select countr from retail" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "unknown column: exit status" 1 "$status"
expect_eq "unknown column: message, place and hint" \
  "tally: error: column \"countr\" does not exist
LINE 1: select countr from retail
               ^
HINT: perhaps you meant \"country\"" "$(cat "$WORK/err")"
status=0
"$TALLY" sql "select 1 from retial" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "unknown table: exit status" 1 "$status"
grep -q 'relation "retial" does not exist' "$WORK/err" && grep -q 'perhaps you meant "retail"' "$WORK/err" &&
  pass "unknown table: message and hint" || fail "unknown table: [$(cat "$WORK/err")]"
status=0
"$TALLY" sql "select country, count(*) from retail group by 1 order by 2 desc limit 1;
select country, quantity from retail group by country" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "grouping error: exit status" 1 "$status"
grep -q 'column "quantity" must appear in the GROUP BY clause' "$WORK/err" && grep -q '^LINE 2: ' "$WORK/err" &&
  pass "grouping error: message on the second statement's line" || fail "grouping error: [$(cat "$WORK/err")]"
status=0
"$TALLY" sql "select * from retail where" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "syntax error: exit status" 1 "$status"
grep -q 'syntax error at end of input' "$WORK/err" && pass "syntax error: PostgreSQL's message" ||
  fail "syntax error: [$(cat "$WORK/err")]"
status=0
"$TALLY" sql "update retail set quantity = 0" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "unsupported statement: exit status" 1 "$status"
grep -q "not supported yet: UPDATE" "$WORK/err" && pass "unsupported statement: says so" ||
  fail "unsupported statement: [$(cat "$WORK/err")]"

# Output formats, statements from a file and from standard input (expected counts from
# PostgreSQL).
pg_count() { psql -X -q -t -A -c "select count(*) from retail $1"; }
all_rows=$(pg_count "")
australia=$(pg_count "where country = 'Australia'")
eire=$(pg_count "where country = 'EIRE'")
expect_eq "csv output" "n
$all_rows" "$("$TALLY" sql --format csv "select count(*) as n from retail")"
expect_eq "json output" "[
  {\"country\": \"Australia\", \"n\": $australia}
]" "$("$TALLY" sql --format json "select country, count(*) as n from retail where country = 'Australia' group by country")"
echo "select count(*) as n from retail where country = 'EIRE';" >"$WORK/q.sql"
expect_eq "statements from a file" "n
$eire" "$("$TALLY" sql --format csv -f "$WORK/q.sql")"
expect_eq "statements from standard input" "n
$eire" "$("$TALLY" sql --format csv <"$WORK/q.sql")"

finish
