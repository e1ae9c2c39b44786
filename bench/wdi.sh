#!/usr/bin/env bash
# Times the World Development Indicators queries: `tally wdi ...` against DuckDB answering the
# same question from the same Parquet files (read_parquet over the warehouse table's files),
# whole process each, median of RUNS. DuckDB runs through Node (npm @duckdb/node-api, the only
# DuckDB installed), so its whole-process time includes Node's start-up; its in-process query
# time is printed too.
#
#   bench/wdi.sh            uses data/wdi.csv.zst
#
# Environment: RUNS (default 5), TALLY (default build/tally).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
tally=${TALLY:-$repo/build/tally}
node_dir=$repo/tests/node
[ -x "$tally" ] || { echo "wdi.sh: no tally binary at $tally (set TALLY)" >&2; exit 1; }
[ -d "$node_dir/node_modules/@duckdb/node-api" ] || {
  echo "wdi.sh: DuckDB not installed (scripts/setup.sh --test)" >&2
  exit 1
}

work=$(mktemp -d /tmp/wdi-bench.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
export TALLY_WAREHOUSE=$work/warehouse
"$tally" -q ingest "$repo/data/wdi.csv.zst" --table wdi
files=$(find "$TALLY_WAREHOUSE/wdi" -name '*.parquet' | sort | sed "s/.*/'&'/" | paste -sd,)
src="read_parquet([$files])"
# The DuckDB script is run from tests/node so that Node finds the package.
cp "$repo/bench/wdi_duckdb.mjs" "$node_dir/.wdi_duckdb_bench.mjs"
trap 'rm -rf -- "$work" "$node_dir/.wdi_duckdb_bench.mjs"' EXIT

GDP=NY.GDP.MKTP.KD.ZG
POINTS="country_name, country_code, year, indicator_value AS value"
declare -a names tally_args sqls
names+=(series); tally_args+=("series --indicator $GDP --country CAN")
sqls+=("SELECT $POINTS FROM $src WHERE indicator_code = '$GDP' AND (country_code = 'CAN' OR country_name = 'CAN') ORDER BY year")
names+=(all); tally_args+=("all --indicator $GDP")
sqls+=("SELECT $POINTS FROM $src WHERE indicator_code = '$GDP' ORDER BY country_name, year")
names+=(peak); tally_args+=("peak --indicator $GDP --ignore-zero")
sqls+=("WITH v AS (SELECT * FROM $src WHERE indicator_code = '$GDP' AND indicator_value <> 0),
  m AS (SELECT country_code, max(indicator_value) AS peak FROM v GROUP BY country_code)
  SELECT v.country_name, v.country_code, v.year, v.indicator_value AS value FROM v JOIN m
  ON v.country_code = m.country_code AND v.indicator_value = m.peak
  ORDER BY value DESC, country_name, year")
names+=(indicators); tally_args+=("indicators --search GDP")
sqls+=("SELECT indicator_code, indicator_name, count(*) AS rows, min(year) AS first_year,
  max(year) AS last_year FROM $src WHERE indicator_code ILIKE '%GDP%' OR indicator_name ILIKE '%GDP%'
  GROUP BY indicator_code, indicator_name ORDER BY indicator_code")

# median_ms CMD...: runs the command RUNS times, prints the median wall time in ms.
median_ms() {
  local times=()
  for ((i = 0; i < runs; ++i)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

printf '%-11s %10s %12s %7s %14s\n' query "tally ms" "duckdb ms" ratio "duckdb in-proc"
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  t=$(median_ms "$tally" wdi ${tally_args[$i]} --format csv)
  d=$(median_ms node "$node_dir/.wdi_duckdb_bench.mjs" "${sqls[$i]}")
  inproc=$(node "$node_dir/.wdi_duckdb_bench.mjs" "${sqls[$i]}" "$runs" | tr ' ' '\n' | sort -n |
    awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]}')
  ratio=$(awk -v t="$t" -v d="$d" 'BEGIN {printf "%.2f", t / d}')
  printf '%-11s %10s %12s %7s %14s\n' "${names[$i]}" "$t" "$d" "$ratio" "$inproc"
done
