#!/usr/bin/env bash
# TPC-H: the 22 queries through `tally sql` against DuckDB on the same Parquet files (the tables
# loaded into a tally warehouse by COPY, which DuckDB reads with read_parquet), at scale factor
# 0.1 and at SF 1 size (10 copies of SF 0.1 with key offsets, bench/tpch_load.py). For each
# query: tally's whole-process wall time and peak RSS (median of RUNS runs), DuckDB's in-process
# query time (inside Node, without its start-up; median of RUNS), their ratio, and whether the
# two answers agree (the TPC-H compare.py; "yes (ties)" when they agree once rows that tie on
# the ORDER BY columns may differ in their keys, bench/tpch_ties.py). At SF 1 size every query
# also runs under
# --memory-limit 500MB. Prints markdown tables and the geometric mean of the ratios.
#
#   bench/tpch.sh [SIZES]        SIZES: "0.1 1" (default), or one of them
#
# Environment: RUNS (default 5), TALLY (default build/tally), SHARED (default ../shared).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
runs=${RUNS:-5}
tally=${TALLY:-$repo/build/tally}
sizes=${1:-"0.1 1"}
tpch=$shared/tpch

source "$repo/bench/lib.sh"
[ -x "$tally" ] || die "build tally first ($tally)"
[ -f "$tpch/compare.py" ] || die "no TPC-H directory at $tpch"
ensure_gnu_time

work=$(mktemp -d /tmp/tpch-bench.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
# DuckDB (npm) from the test suite's Node packages.
node_home=$repo/tests/node
[ -d "$node_home/node_modules/@duckdb/node-api" ] || (cd "$node_home" && npm ci --silent >/dev/null)
cp "$repo/bench/tpch_duckdb.mjs" "$node_home/.tpch_duckdb.mjs"
trap 'rm -rf -- "$work" "$node_home/.tpch_duckdb.mjs"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for size in $sizes; do
  copies=$([ "$size" = 1 ] && echo 10 || echo 1)
  warehouse=$work/sf$size
  load_start=$(date +%s.%N)
  python3 "$repo/bench/tpch_load.py" "$tpch" "$copies" |
    "$tally" --warehouse "$warehouse" --quiet sql >/dev/null
  load_seconds=$(echo "$(date +%s.%N) - $load_start" | bc)
  mkdir -p "$work/duckdb$size" "$work/tally$size"
  node "$node_home/.tpch_duckdb.mjs" "$warehouse" "$tpch/queries" "$runs" "$work/duckdb$size" \
    >"$work/duckdb$size.times"

  echo
  echo "### TPC-H at SF $size size (tables loaded by COPY in ${load_seconds%.*} s; median of $runs runs)"
  echo
  echo "| query | tally (s, whole process) | DuckDB (s, in-process) | tally / DuckDB | tally peak RSS (MB) | answers agree |"
  echo "|---|---:|---:|---:|---:|---|"
  log_sum=0
  count=0
  worst=0
  for query in "$tpch"/queries/q*.sql; do
    name=$(basename "$query" .sql)
    : >"$work/$name.times"
    : >"$work/$name.rss"
    for ((run = 0; run < runs; run++)); do
      start=$EPOCHREALTIME
      /usr/bin/time -f "%M" -o "$work/time" "$tally" --warehouse "$warehouse" sql \
        --format csv -f "$query" >"$work/$name.csv"
      end=$EPOCHREALTIME
      awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }' >>"$work/$name.times"
      cat "$work/time" >>"$work/$name.rss"
    done
    python3 -c 'import csv, sys
for row in csv.reader(open(sys.argv[1])): print("|".join(row))' "$work/$name.csv" \
      >"$work/tally$size/$name.out"
    agree=no
    if python3 "$tpch/compare.py" "$work/duckdb$size" "$work/tally$size" "$name" >/dev/null 2>&1; then
      agree=yes
    elif python3 "$repo/bench/tpch_ties.py" "$work/duckdb$size/$name.out" \
      "$work/tally$size/$name.out"; then
      agree="yes (ties)"
    fi
    t=$(median <"$work/$name.times")
    rss=$(median <"$work/$name.rss")
    d=$(awk -v q="$name" '$1 == q { print $2 }' "$work/duckdb$size.times")
    ratio=$(awk -v a="$t" -v b="$d" 'BEGIN { printf "%.2f", a / b }')
    log_sum=$(awk -v s="$log_sum" -v r="$ratio" 'BEGIN { print s + log(r) }')
    worst=$(awk -v w="$worst" -v r="$ratio" 'BEGIN { print (r > w ? r : w) }')
    count=$((count + 1))
    echo "| $name | $t | $d | $ratio | $((rss / 1024)) | $agree |"
  done
  echo
  awk -v s="$log_sum" -v n="$count" -v w="$worst" \
    'BEGIN { printf "Geometric mean of tally / DuckDB: %.2f; largest: %.2f\n", exp(s / n), w }'

  if [ "$size" = 1 ]; then
    failed=""
    for query in "$tpch"/queries/q*.sql; do
      name=$(basename "$query" .sql)
      /usr/bin/time -f "%M" -o "$work/rss" "$tally" --warehouse "$warehouse" --memory-limit 500MB \
        sql --format csv -f "$query" >/dev/null 2>"$work/err" || failed="$failed $name"
    done
    echo
    echo "Under --memory-limit 500MB: ${failed:+failed:}${failed:-all 22 queries complete}"
  fi
done
