#!/usr/bin/env bash
# The 22 TPC-H queries at scale factor 0.1 (the shared TPC-H directory: data from dbgen, queries in
# PostgreSQL syntax, answers on which DuckDB and PostgreSQL agree), run unchanged through
# `tally sql` on a warehouse of the eight tables, made by schema.sql and loaded with
# `COPY t FROM 'x.tbl.zst' (DELIMITER '|')`; every answer must equal the expected one (its
# compare.py: rows in order, numbers to 0.01 or a relative 1e-6).
source "$(dirname "$0")/lib/common.sh"

tpch="$SOURCE_DIR/../shared/tpch"
[ -f "$tpch/compare.py" ] || skip "no TPC-H directory at $tpch"
command -v zstd >/dev/null || skip "zstd is not installed"

{
  cat "$tpch/schema.sql"
  for table in nation region part supplier partsupp customer orders lineitem; do
    echo "copy $table from '$tpch/data/sf0.1/$table.tbl.zst' (delimiter '|');"
  done
} >"$WORK/load.sql"
"$TALLY" sql -f "$WORK/load.sql" >"$WORK/load.out"
expect_eq "COPY loads every row of lineitem" "COPY 600572" "$(tail -1 "$WORK/load.out")"
mkdir -p "$WORK/actual"
for query in "$tpch"/queries/q*.sql; do
  name=$(basename "$query" .sql)
  if "$TALLY" sql --format csv -f "$query" >"$WORK/$name.csv" 2>"$WORK/$name.err"; then
    # compare.py reads '|'-separated cells with a header line.
    python3 -c 'import csv, sys
for row in csv.reader(open(sys.argv[1])): print("|".join(row))' "$WORK/$name.csv" >"$WORK/actual/$name.out"
  else
    fail "$name: $(head -c 300 "$WORK/$name.err")"
  fi
done
if python3 "$tpch/compare.py" "$tpch/answers/sf0.1" "$WORK/actual" >"$WORK/compare.out"; then
  pass "TPC-H: $(tail -1 "$WORK/compare.out")"
else
  cat "$WORK/compare.out" >&2
  fail "TPC-H answers differ"
fi

finish
