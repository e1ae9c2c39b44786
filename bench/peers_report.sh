#!/usr/bin/env bash
# Times the whole retail report, whole process, in DuckDB, Polars, pandas and (when built with a
# `report` subcommand) tally, side by side on one CSV, and checks that each prints the same
# normalized JSON as DuckDB (shared/bench/peers/compare.py).
#
#   bench/peers_report.sh [CSV]      default: shared/data/online_retail.csv.zst, decompressed
#
# Environment: RUNS (default 5) runs per engine, taken round-robin so that drift in the machine's
# load hits every engine alike; TALLY (default build/tally); SHARED (default ../shared beside the
# repository). Prints a markdown table of median wall time and median peak RSS with ratios to
# DuckDB. Compare ratios from one run of this script, never absolute times across machines.
# DuckDB runs inside Node, whose start-up is not query work: its in-process time (after Node's
# start-up and the library's loading, bench/inprocess_clock.mjs) is measured in the same runs,
# and every engine's time is also given as a ratio to that.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
runs=${RUNS:-5}
tally=${TALLY:-$repo/build/tally}

source "$repo/bench/lib.sh"

work=$(mktemp -d /tmp/peers-report.XXXXXX)
trap 'rm -rf -- "$work"' EXIT

csv=$(bench_csv "$work" "${1:-}")

ensure_gnu_time
peers_home=$(bash "$shared/bench/peers/setup.sh" 2>/dev/null)

engines=(duckdb polars pandas)
declare -A command
# The in-process clock must resolve the DuckDB package: it runs from a directory that links the
# peers' node_modules.
mkdir -p "$work/clock"
cp "$repo/bench/inprocess_clock.mjs" "$work/clock/"
ln -s "$peers_home/node_modules" "$work/clock/node_modules"
command[duckdb]="node --import $work/clock/inprocess_clock.mjs $peers_home/duckdb_report.mjs $csv"
command[polars]="node $peers_home/polars_report.mjs $csv"
command[pandas]="/usr/bin/python3 $shared/bench/peers/pandas_report.py $csv"
if tally_has report; then
  engines+=(tally-csv tally-warehouse)
  command[tally-csv]="$tally report --csv $csv --format json --as-of 2011-12-31"
  # The warehouse path: the same data ingested once (not timed), then reported from Parquet.
  "$tally" --warehouse "$work/warehouse" --quiet ingest "$csv" --table retail
  command[tally-warehouse]="$tally --warehouse $work/warehouse report --table retail --format json --as-of 2011-12-31"
else
  echo "note: $tally has no 'report' subcommand (or is not built); timing the peers only" >&2
fi

# One timed run: appends "seconds kib" to $work/<engine>.times; keeps the JSON of the first run.
run_once() {
  local engine=$1 run=$2 out=$work/$1.json
  [ "$run" -eq 1 ] || out=/dev/null
  # The command strings are split on spaces on purpose; paths with spaces are not supported.
  # shellcheck disable=SC2086
  (cd "$peers_home" && BENCH_CLOCK_FILE="$work/$engine.clock" \
    /usr/bin/time -f '%e %M' -o "$work/$engine.time" \
    ${command[$engine]} >"$out" 2>"$work/$engine.err") ||
    die "$engine failed: $(tail -5 "$work/$engine.err")"
  cat "$work/$engine.time" >>"$work/$engine.times"
  if [ -f "$work/$engine.clock" ]; then cat "$work/$engine.clock" >>"$work/$engine.clocks"; fi
}

echo "file: $csv ($(($(wc -l <"$csv") - 1)) rows), $runs runs per engine" >&2
for run in $(seq 1 "$runs"); do
  for engine in "${engines[@]}"; do
    run_once "$engine" "$run"
  done
  echo "run $run/$runs done" >&2
done

for engine in "${engines[@]}"; do
  if [ "$engine" = duckdb ]; then
    echo "reference" >"$work/$engine.check"
  elif python3 "$shared/bench/peers/compare.py" "$work/$engine.json" "$work/duckdb.json" \
    >"$work/$engine.diff" 2>&1; then
    echo "same" >"$work/$engine.check"
  else
    echo "DIFFERS: $(tail -1 "$work/$engine.diff")" >"$work/$engine.check"
    sed 's/^/  /' "$work/$engine.diff" | head -20 >&2
  fi
done

python3 - "$work" "${engines[@]}" <<'EOF'
import statistics, sys
work, engines = sys.argv[1], sys.argv[2:]
rows = {}
for engine in engines:
    samples = [line.split() for line in open(f"{work}/{engine}.times") if line.strip()]
    wall = statistics.median(float(s[0]) for s in samples)
    rss_mib = statistics.median(int(s[1]) for s in samples) / 1024
    check = open(f"{work}/{engine}.check").read().strip()
    rows[engine] = (wall, rss_mib, check)
base_wall, base_rss, _ = rows["duckdb"]
inproc = statistics.median(float(line) for line in open(f"{work}/duckdb.clocks") if line.strip())
print(f"DuckDB in-process (after Node's start-up and loading the library): {inproc:.2f} s median")
print()
print("| engine | wall s (median) | vs DuckDB | vs DuckDB in-process | peak RSS MiB (median) | vs DuckDB | JSON vs DuckDB |")
print("|---|---:|---:|---:|---:|---:|---|")
for engine, (wall, rss, check) in rows.items():
    print(f"| {engine} | {wall:.2f} | {wall / base_wall:.2f}x | {wall / inproc:.2f}x | {rss:.0f} | {rss / base_rss:.2f}x | {check} |")
EOF

# A fast wrong answer is no result: fail when any engine's JSON differs from DuckDB's.
if grep -q DIFFERS "$work"/*.check; then
  die "some outputs differ from DuckDB's (details above)"
fi
