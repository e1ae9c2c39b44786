#!/usr/bin/env bash
# How tally and DuckDB scale with the data: generates 1x, 10x and 100x synthetic Online Retail
# data (tally generate --scale K), then times, whole process, tally's ingest (CSV to warehouse)
# and the full report (from CSV and from the warehouse, with --memory-limit) and the DuckDB
# peer's report on the same CSV. Prints a markdown table of wall times, ratios to DuckDB and
# peak RSS, checks that tally's report equals DuckDB's (shared/bench/peers/compare.py), and
# draws time against rows (log scales) into docs/scaling.svg.
#
#   bench/scale.sh [SCALES...]        default: 1 10 100
#
# Environment: TALLY (default build/tally), SHARED (default ../shared), DATA (where the
# generated files go, default /tmp/tally-scale; 100x needs ~5 GB), MEMORY_LIMIT (default 1GB),
# PEERS (default duckdb; "duckdb polars" adds Polars where it fits in memory).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
tally=${TALLY:-$repo/build/tally}
data=${DATA:-/tmp/tally-scale}
limit=${MEMORY_LIMIT:-1GB}
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 100)

source "$repo/bench/lib.sh"
[ -x "$tally" ] || die "$tally not built"
[ -x /usr/bin/time ] || die "GNU time is missing (Debian package 'time')"
mkdir -p "$data"
results=$data/results.tsv
: >"$results"
peers_home=$(bash "$shared/bench/peers/setup.sh" 2>/dev/null)

# measure NAME SCALE ROWS COMMAND...: appends "name scale rows seconds kib" to the results.
measure() {
  local name=$1 scale=$2 rows=$3
  shift 3
  /usr/bin/time -f '%e %M' -o "$data/time" "$@" >"$data/$name.$scale.out" 2>"$data/err" ||
    die "$name at ${scale}x failed: $(tail -3 "$data/err")"
  read -r seconds kib <"$data/time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$scale" "$rows" "$seconds" "$kib" >>"$results"
  echo "$name ${scale}x: ${seconds}s, $((kib / 1024)) MiB" >&2
}

for scale in "${scales[@]}"; do
  csv=$data/retail_x$scale.csv
  [ -f "$csv" ] || "$tally" generate --scale "$scale" --out "$csv" --quiet
  rows=$(($(wc -l <"$csv") - 1))
  rm -rf "$data/warehouse"
  measure tally-ingest "$scale" "$rows" "$tally" --warehouse "$data/warehouse" --quiet \
    --memory-limit "$limit" ingest "$csv" --table retail
  measure tally-csv "$scale" "$rows" "$tally" --memory-limit "$limit" --temp-dir "$data" \
    report --csv "$csv" --format json --as-of 2011-12-31
  measure tally-warehouse "$scale" "$rows" "$tally" --warehouse "$data/warehouse" \
    --memory-limit "$limit" --temp-dir "$data" report --table retail --format json --as-of 2011-12-31
  measure duckdb "$scale" "$rows" node "$peers_home/duckdb_report.mjs" "$csv"
  for peer in ${PEERS:-}; do
    [ "$peer" = duckdb ] && continue
    # In-memory dataframes need several times the CSV's size: only where that fits.
    if [ "$(stat -c %s "$csv")" -lt $((4 << 30)) ]; then
      measure "$peer" "$scale" "$rows" node "$peers_home/${peer}_report.mjs" "$csv"
    fi
  done
  for engine in tally-csv tally-warehouse; do
    python3 "$shared/bench/peers/compare.py" "$data/$engine.$scale.out" "$data/duckdb.$scale.out" \
      >"$data/diff" 2>&1 || die "$engine at ${scale}x differs from DuckDB: $(tail -3 "$data/diff")"
  done
  rm -rf "$data/warehouse"
done

python3 - "$results" <<'PY'
import collections, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
by = collections.defaultdict(dict)
for name, scale, n, sec, kib in rows:
    by[(int(scale), int(n))][name] = (float(sec), int(kib) / 1024)
names = [n for n in ["tally-ingest", "tally-csv", "tally-warehouse", "duckdb", "polars", "pandas"]
         if any(n in v for v in by.values())]
print("| scale | rows | " + " | ".join(f"{n} s (MiB)" for n in names) +
      " | tally-csv / duckdb | tally-warehouse / duckdb |")
print("|---|---:|" + "---:|" * len(names) + "---:|---:|")
for (scale, n), v in sorted(by.items()):
    cells = [f"{v[e][0]:.2f} ({v[e][1]:.0f})" if e in v else "-" for e in names]
    ratio = lambda e: f"{v[e][0] / v['duckdb'][0]:.2f}x" if e in v and "duckdb" in v else "-"
    print(f"| {scale}x | {n:,} | " + " | ".join(cells) +
          f" | {ratio('tally-csv')} | {ratio('tally-warehouse')} |")
PY
python3 "$repo/bench/scaling_svg.py" "$results" "$repo/docs/scaling.svg"
echo "wrote $repo/docs/scaling.svg" >&2
