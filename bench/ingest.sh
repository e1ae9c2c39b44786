#!/usr/bin/env bash
# Times CSV -> Parquet ingest: DuckDB's COPY (same column types as the DuckDB peer report) against
# `tally ingest`, whole process, side by side.
#
#   bench/ingest.sh [CSV]      default: shared/data/online_retail.csv.zst, decompressed
#
# Environment: RUNS (default 3), TALLY (default build/tally), SHARED (default ../shared beside
# the repository), COMPRESSION for DuckDB's Parquet (default snappy, DuckDB's own default).
# Skips tally with a message when it has no `ingest` subcommand.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
runs=${RUNS:-3}
tally=${TALLY:-$repo/build/tally}
compression=${COMPRESSION:-snappy}

source "$repo/bench/lib.sh"

work=$(mktemp -d /tmp/ingest-bench.XXXXXX)
trap 'rm -rf -- "$work"' EXIT

csv=$(bench_csv "$work" "${1:-}")
case $csv in *"'"*) die "the CSV path must not contain a single quote" ;; esac

ensure_gnu_time
peers_home=$(bash "$shared/bench/peers/setup.sh" 2>/dev/null)

# The DuckDB side: an ES module evaluated in the peers' home, where node finds the package.
duckdb_js="
import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(\`copy (select * from read_csv('$csv', header=true, columns={
 'invoice_no':'VARCHAR','stock_code':'VARCHAR','description':'VARCHAR','quantity':'INTEGER',
 'invoice_date':'TIMESTAMP','unit_price':'DECIMAL(18,3)','customer_id':'INTEGER','country':'VARCHAR'}))
 to '$work/out.parquet' (format parquet, compression $compression)\`);
"

# One timed run of "$@" from the peers' home (all paths here are absolute): appends
# "seconds kib" to $work/<name>.times.
timed() {
  local name=$1
  shift
  (cd "$peers_home" && /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@") \
    >"$work/$name.out" 2>&1 || die "$name failed: $(tail -5 "$work/$name.out")"
  cat "$work/$name.time" >>"$work/$name.times"
}

engines=(duckdb)
if tally_has ingest; then
  engines+=(tally)
else
  echo "note: $tally has no 'ingest' subcommand (or is not built); timing DuckDB only" >&2
fi

declare -A size
echo "file: $csv ($(du -h "$csv" | cut -f1)), $runs runs per engine" >&2
for _ in $(seq 1 "$runs"); do
  rm -rf -- "$work/out.parquet" "$work/warehouse"
  timed duckdb node --input-type=module -e "$duckdb_js"
  size[duckdb]=$(du -sh "$work/out.parquet" | cut -f1)
  if [ "${#engines[@]}" -gt 1 ]; then
    timed tally "$tally" --warehouse "$work/warehouse" --quiet ingest "$csv" --table retail
    size[tally]=$(du -sh "$work/warehouse" | cut -f1)
  fi
done
if [ "${#engines[@]}" -gt 1 ]; then
  echo "tally's warehouse after the last run:" >&2
  "$tally" --warehouse "$work/warehouse" tables >&2 || true
fi

echo "| engine | wall s (median) | vs DuckDB | peak RSS MiB (median) | output size |"
echo "|---|---:|---:|---:|---:|"
for engine in "${engines[@]}"; do
  python3 - "$work/$engine.times" "$work/duckdb.times" "$engine" "${size[$engine]}" <<'EOF'
import statistics, sys
def medians(path):
    samples = [line.split() for line in open(path) if line.strip()]
    return (statistics.median(float(s[0]) for s in samples),
            statistics.median(int(s[1]) for s in samples) / 1024)
wall, rss = medians(sys.argv[1])
base_wall, _ = medians(sys.argv[2])
print(f"| {sys.argv[3]} | {wall:.2f} | {wall / base_wall:.2f}x | {rss:.0f} | {sys.argv[4]} |")
EOF
done
