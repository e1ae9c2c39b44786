#!/usr/bin/env bash
# Measures the batch size: builds tally (in a scratch copy of this checkout) with each of
# -DTALLY_BATCH_ROWS=2048, 8192, 16384, 65536 and times the retail report from the CSV and from
# a warehouse with each build, whole process; each round runs every build once, so drift in the
# machine's load hits every size alike.
#
#   bench/batch_size.sh [CSV]      default: shared/data/online_retail.csv.zst, decompressed
#
# Environment: RUNS (default 5) rounds; SIZES (default "2048 8192 16384 65536"). Prints a
# markdown table of median wall time per size and its ratio to the default (65536).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
runs=${RUNS:-5}
sizes=(${SIZES:-2048 8192 16384 65536})
source "$repo/bench/lib.sh"

work=$(mktemp -d /tmp/batch-size.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
csv=$(bench_csv "$work" "${1:-}")

git -C "$repo" worktree add -f --detach "$work/src" HEAD >/dev/null
trap 'git -C "$repo" worktree remove --force "$work/src" >/dev/null 2>&1; rm -rf -- "$work"' EXIT
for size in "${sizes[@]}"; do
  echo "building with $size rows per batch" >&2
  cmake -S "$work/src" -B "$work/build-$size" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="-DTALLY_BATCH_ROWS=$size" >/dev/null
  ninja -C "$work/build-$size" tally >/dev/null
  "$work/build-$size/tally" --warehouse "$work/warehouse-$size" --quiet ingest "$csv" --table retail
done

for run in $(seq 1 "$runs"); do
  for size in "${sizes[@]}"; do
    t="$work/build-$size/tally"
    /usr/bin/time -f '%e' -o "$work/csv.time" "$t" report --csv "$csv" --format json \
      --as-of 2011-12-31 >/dev/null
    cat "$work/csv.time" >>"$work/csv-$size.times"
    /usr/bin/time -f '%e' -o "$work/wh.time" "$t" --warehouse "$work/warehouse-$size" report \
      --table retail --format json --as-of 2011-12-31 >/dev/null
    cat "$work/wh.time" >>"$work/wh-$size.times"
  done
  echo "round $run/$runs done" >&2
done

python3 - "$work" "${sizes[@]}" <<'PY'
import statistics, sys
work, sizes = sys.argv[1], sys.argv[2:]
med = lambda f: statistics.median(float(l) for l in open(f) if l.strip())
base_csv, base_wh = med(f"{work}/csv-65536.times"), med(f"{work}/wh-65536.times")
print("| rows per batch | report from CSV, s | vs 65536 | report from warehouse, s | vs 65536 |")
print("|---:|---:|---:|---:|---:|")
for s in sizes:
    c, w = med(f"{work}/csv-{s}.times"), med(f"{work}/wh-{s}.times")
    print(f"| {s} | {c:.3f} | {c / base_csv:.2f}x | {w:.3f} | {w / base_wh:.2f}x |")
PY
