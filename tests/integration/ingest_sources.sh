#!/usr/bin/env bash
# Every source of the gift shop's data yields exactly the table the CSV ingest builds, row for
# row: plain pg_dump output (COPY and the three INSERT forms), a live PostgreSQL server, Parquet
# written by DuckDB (each compression, v1 and v2 pages) and the original UCI CSV layout. Tables
# are compared through DuckDB reading both tables' Parquet files (EXCEPT ALL both ways, counts).
source "$(dirname "$0")/lib/common.sh"

have_duckdb || skip "DuckDB (npm @duckdb/node-api) is not installed: run scripts/setup.sh --test"
command -v pg_ctl >/dev/null || [ -d /usr/lib/postgresql ] || skip "PostgreSQL is not installed"

PGDIR=$(mktemp -u /tmp/tally-pg.XXXXXX)
trap 'bash "$SOURCE_DIR/tests/pg/pg_server.sh" stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
bash "$SOURCE_DIR/tests/pg/pg_server.sh" start "$PGDIR" >/dev/null
# shellcheck disable=SC1091
source "$PGDIR/env"

csv=$(real_csv)
bash "$SOURCE_DIR/tests/pg/load_retail.sh" "$csv"
"$TALLY" ingest "$csv" --table retail --quiet

parquet_of() { echo "read_parquet('$TALLY_WAREHOUSE/$1/*/*.parquet')"; }
# same_table WHAT A B: rows of A not in B, rows of B not in A (with multiplicity), and counts.
same_table() {
  local a b
  a=$(parquet_of "$2")
  b=$(parquet_of "$3")
  local got
  got=$(duckdb_row "SELECT (SELECT count(*) FROM (SELECT * FROM $a EXCEPT ALL SELECT * FROM $b)),
    (SELECT count(*) FROM (SELECT * FROM $b EXCEPT ALL SELECT * FROM $a)),
    (SELECT count(*) FROM $a), (SELECT count(*) FROM $b)")
  local n
  n=$(duckdb_row "SELECT count(*) FROM $a" | tr -d '[]"')
  expect_eq "$1: same rows as the CSV ingest ($n)" "[\"0\",\"0\",\"$n\",\"$n\"]" "$got"
}

# --- pg_dump, plain COPY form (compressed too) ---
pg_dump --no-owner -t retail >"$WORK/dump.sql"
"$TALLY" ingest "$WORK/dump.sql" --table from_dump --quiet
same_table "pg_dump COPY" retail from_dump
zstd -q "$WORK/dump.sql" -o "$WORK/dump.sql.zst"
"$TALLY" ingest "$WORK/dump.sql.zst" --table from_dump_zst --quiet
same_table "pg_dump COPY, zstd-compressed" retail from_dump_zst
expect_eq "a table's default name is the dumped table's" "541909" \
  "$("$TALLY" ingest "$WORK/dump.sql" --quiet && duckdb_row "SELECT count(*) FROM $(parquet_of retail)" | tr -d '[]"')"

# --- pg_dump INSERT forms, on a subset (two days) ---
psql -qX -c "create table small as select * from retail where invoice_date < '2010-12-03'"
small_csv="$WORK/small.csv"
head -1 "$csv" >"$small_csv"
psql -qX -c "\\copy small to pstdout csv" >>"$small_csv"
"$TALLY" ingest "$small_csv" --table small --quiet
for form in inserts column-inserts rows-per-insert=100; do
  name=small_${form//[-=]/_}
  pg_dump --no-owner -t small "--$form" >"$WORK/$name.sql"
  "$TALLY" ingest "$WORK/$name.sql" --table "$name" --quiet
  same_table "pg_dump --$form" small "$name"
done

# --- several tables in one dump, and one chosen with --source-table ---
psql -qX -c 'create schema shop' -c 'create table shop."Retail Lines" as select * from small'
pg_dump --no-owner -t small -t 'shop."Retail Lines"' >"$WORK/two.sql"
"$TALLY" ingest "$WORK/two.sql" --quiet
same_table "dump of two tables: small under its own name" small small
same_table "dump of two tables: shop.\"Retail Lines\" as retail_lines" small retail_lines
"$TALLY" ingest "$WORK/two.sql" --source-table 'shop."Retail Lines"' --table chosen --quiet
same_table "--source-table with a quoted, schema-qualified name" small chosen
if "$TALLY" ingest "$WORK/two.sql" --table both --quiet 2>"$WORK/err"; then
  fail "--table with two tables and no --source-table should fail"
else
  grep -q "choose one with --source-table" "$WORK/err" && pass "--table with several tables asks for --source-table" || fail "$(cat "$WORK/err")"
fi

# --- hostile dumps: colliding names, a failure after the first table, a cut INSERT dump ---
psql -qX -c 'create schema s1' -c 'create schema s2' -c 'create table s1.t as select * from small' \
  -c 'create table s2.t as select * from small limit 5'
pg_dump --no-owner -t s1.t -t s2.t >"$WORK/collide.sql"
if "$TALLY" ingest "$WORK/collide.sql" --quiet 2>"$WORK/err"; then
  fail "two dump tables that map to one warehouse table should fail"
else
  grep -q 'tables s1.t and s2.t of the dump both become warehouse table "t"' "$WORK/err" &&
    pass "colliding table names are refused" || fail "collision: $(cat "$WORK/err")"
fi
grep -q '^t ' <<<"$("$TALLY" tables)" && fail "a table t was committed" || pass "nothing committed"
# The second table of the dump has a bad row: the first is not committed either.
awk 'BEGIN{n=0} /^\\\.$/ {n++; if (n==2) print "bad\trow"} {print}' "$WORK/two.sql" >"$WORK/two_bad.sql"
"$TALLY" ingest "$WORK/two.sql" --quiet  # small and retail_lines, version 1
versions() { for t in small retail_lines; do "$TALLY" describe $t --quiet | grep '^version'; done; }
before=$(versions)
if "$TALLY" ingest "$WORK/two_bad.sql" --quiet 2>"$WORK/err"; then
  fail "a dump with a bad row in its second table should fail"
else
  expect_eq "a failing dump leaves both its tables as they were" "$before" "$(versions)"
fi
pg_dump --no-owner -t small --inserts >"$WORK/inserts.sql"
head -n "$(($(grep -n '^INSERT' "$WORK/inserts.sql" | tail -1 | cut -d: -f1) - 3))" \
  "$WORK/inserts.sql" >"$WORK/inserts_cut.sql"
if "$TALLY" ingest "$WORK/inserts_cut.sql" --table cut --quiet 2>"$WORK/err"; then
  fail "an INSERT dump cut at a line boundary should fail"
else
  grep -q 'the dump is incomplete' "$WORK/err" && pass "a cut dump is refused" ||
    fail "cut dump: $(cat "$WORK/err")"
fi

# --- live PostgreSQL ---
url="postgresql://$PGUSER:s3cret-pw@localhost:$PGPORT/$PGDATABASE?host=$PGHOST"
"$TALLY" ingest "$url" --source-table retail --table live --quiet
same_table "live PostgreSQL table" retail live
"$TALLY" ingest "$url" --query "SELECT * FROM small" --table live_query --quiet
same_table "live PostgreSQL query" small live_query
# A query runs read-only: COPY accepts DELETE ... RETURNING, which must not delete anything.
rows_before=$(psql -qXAt -c 'select count(*) from small')
if "$TALLY" ingest "$url" --query "DELETE FROM small RETURNING *" --table deleted 2>"$WORK/err"; then
  fail "a DELETE query should fail"
else
  grep -q 'read-only transaction' "$WORK/err" && pass "a DELETE query is refused" ||
    fail "DELETE query: $(cat "$WORK/err")"
fi
expect_eq "no row deleted" "$rows_before" "$(psql -qXAt -c 'select count(*) from small')"
if grep -rq "s3cret-pw" "$TALLY_WAREHOUSE/_catalog"; then fail "the password is in the catalog"; else
  pass "the catalog holds no password"; fi
grep -q "postgresql://$PGUSER@localhost" "$TALLY_WAREHOUSE/_catalog/live.json" &&
  pass "the catalog records the URL without the password" || fail "catalog source of live"
if "$TALLY" ingest "postgresql://$PGUSER:s3cret-pw@127.0.0.1:1/x" --source-table retail 2>"$WORK/err"; then
  fail "connection to a closed port should fail"
else
  grep -q "Connection refused" "$WORK/err" && ! grep -q s3cret "$WORK/err" &&
    pass "connection refused is reported, without the password" || fail "refused: $(cat "$WORK/err")"
fi
if "$TALLY" ingest "$url" --source-table no_such_table 2>"$WORK/err"; then
  fail "a missing table should fail"
else
  grep -q 'no table no_such_table in the database' "$WORK/err" && ! grep -q s3cret "$WORK/err" &&
    pass "a missing table is reported" || fail "missing table: $(cat "$WORK/err")"
fi
# Authentication: a role with a password, checked by scram for TCP connections.
psql -qX -c "create role shopper login password 'right-pw'" -c "grant select on retail to shopper"
sed -i '1i host all shopper 127.0.0.1/32 scram-sha-256' "$PGDIR/data/pg_hba.conf"
psql -qXAt -c "select pg_reload_conf()" >/dev/null
if "$TALLY" ingest "postgresql://shopper:wrong-pw@127.0.0.1:$PGPORT/$PGDATABASE" --source-table retail 2>"$WORK/err"; then
  fail "a wrong password should fail"
else
  grep -q "password authentication failed" "$WORK/err" && ! grep -q wrong-pw "$WORK/err" &&
    pass "authentication failure is reported, without the password" || fail "auth: $(cat "$WORK/err")"
fi
"$TALLY" ingest "postgresql://shopper:right-pw@127.0.0.1:$PGPORT/$PGDATABASE" --source-table retail \
  --table live_tcp --quiet
same_table "live PostgreSQL over TCP with a password" retail live_tcp

# --- Parquet written by DuckDB ---
duck_types="{'invoice_no':'VARCHAR','stock_code':'VARCHAR','description':'VARCHAR','quantity':'INTEGER',
  'invoice_date':'TIMESTAMP','unit_price':'DECIMAL(18,3)','customer_id':'INTEGER','country':'VARCHAR'}"
for compression in zstd snappy gzip uncompressed; do
  duckdb_row "COPY (SELECT * FROM read_csv('$csv', header=true, columns=$duck_types))
    TO '$WORK/duck_$compression.parquet' (FORMAT parquet, COMPRESSION $compression)" >/dev/null
  "$TALLY" ingest "$WORK/duck_$compression.parquet" --table "duck_$compression" --quiet
  same_table "DuckDB Parquet, $compression" retail "duck_$compression"
done
duckdb_row "COPY (SELECT * FROM read_csv('$csv', header=true, columns=$duck_types))
  TO '$WORK/duck_v2.parquet' (FORMAT parquet, PARQUET_VERSION v2)" >/dev/null
"$TALLY" ingest "$WORK/duck_v2.parquet" --table duck_v2 --quiet
same_table "DuckDB Parquet, v2 pages" retail duck_v2
mkdir "$WORK/parts"
duckdb_row "COPY (SELECT * FROM read_csv('$csv', header=true, columns=$duck_types))
  TO '$WORK/parts' (FORMAT parquet, PER_THREAD_OUTPUT true)" >/dev/null
"$TALLY" ingest "$WORK/parts" --table duck_dir --quiet
same_table "a directory of DuckDB Parquet files" retail duck_dir

# --- the original UCI layout ---
python3 - "$csv" "$WORK/uci.csv" <<'PY'
import csv, sys
from datetime import datetime
src, dst = sys.argv[1], sys.argv[2]
with open(src, newline='', encoding='utf-8') as f, open(dst, 'w', newline='', encoding='utf-8') as out:
    rows = csv.reader(f)
    next(rows)
    w = csv.writer(out, lineterminator='\n')
    w.writerow(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice',
                'CustomerID', 'Country'])
    for inv, code, desc, qty, date, price, cust, country in rows:
        d = datetime.strptime(date, '%Y-%m-%d %H:%M:%S')
        uci_date = f'{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}'
        w.writerow([inv, code, desc, qty, uci_date, price, f'{cust}.0' if cust else '', country])
PY
head -2 "$WORK/uci.csv"
"$TALLY" ingest "$WORK/uci.csv" --table uci --quiet
same_table "UCI Online Retail layout" retail uci

# --- the "Online Retail II" layout: other column names, ISO dates, ids as floats ---
python3 - "$csv" "$WORK/uci2.csv" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, newline='', encoding='utf-8') as f, open(dst, 'w', newline='', encoding='utf-8') as out:
    rows = csv.reader(f)
    next(rows)
    w = csv.writer(out, lineterminator='\n')
    w.writerow(['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price',
                'Customer ID', 'Country'])
    for inv, code, desc, qty, date, price, cust, country in rows:
        w.writerow([inv, code, desc, qty, date, price, f'{cust}.0' if cust else '', country])
PY
head -2 "$WORK/uci2.csv"
"$TALLY" ingest "$WORK/uci2.csv" --table uci2 --quiet
same_table "UCI Online Retail II layout" retail uci2

# --- bad rows: --on-error skip --rejects, per source ---
bad="$WORK/bad.sql"
cat >"$bad" <<'SQL'
CREATE TABLE public.t (id integer, price numeric(10,2), name text);
COPY public.t (id, price, name) FROM stdin;
1	2.50	ok
x	1.00	bad id
3	1.234	too precise
4	\N	\N
\.
SQL
if "$TALLY" ingest "$bad" --table bad --quiet 2>"$WORK/err"; then fail "bad dump should fail"; else
  grep -q "bad.sql:4:1: column id: not a int32" "$WORK/err" && pass "a bad COPY value fails with its line" ||
    fail "bad COPY: $(cat "$WORK/err")"
fi
"$TALLY" ingest "$bad" --table bad --on-error skip --rejects "$WORK/rejects.tsv" --quiet 2>/dev/null
expect_eq "skip keeps the good rows" '["2"]' "$(duckdb_row "SELECT count(*) FROM $(parquet_of bad)")"
expect_eq "rejects list the bad lines" "4 5" "$(cut -f1 "$WORK/rejects.tsv" | tr '\n' ' ' | sed 's/ $//')"
finish
