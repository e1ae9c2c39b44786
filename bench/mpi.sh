#!/usr/bin/env bash
# Scale-out on MPI: the full report on 10x synthetic data (tally generate --scale 10) from the
# warehouse and from the CSV, timed whole process (median of RUNS), as
#   1 process x 1 thread          the baseline of one core
#   2 ranks x 1 thread (mpirun)   scale-out: each rank one core, as on two single-core hosts
#   1 process x all threads       the same two cores used by threads instead of ranks
# and the bytes each rank sent to the other (--rank-stats). Whole-process times include
# mpirun's launch and MPI's start-up (about 0.5 s here); the "compute" columns are the slowest
# rank's time after start-up (--rank-stats), where scale-out shows on data this small. Open
# MPI runs with --mca pml ob1: on a machine without InfiniBand the UCX layer only adds start-up
# time. Checks that every run's JSON equals the single-process one. Prints a markdown table.
#
#   bench/mpi.sh [SCALE]     default 10
#
# Environment: TALLY (default build/tally), DATA (default /tmp/tally-mpi), RUNS (default 3).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tally=${TALLY:-$repo/build/tally}
data=${DATA:-/tmp/tally-mpi}
runs=${RUNS:-3}
scale=${1:-10}
compare=$repo/tests/integration/lib/compare_json.py
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

source "$repo/bench/lib.sh"
[ -x "$tally" ] || die "$tally not built"
command -v mpirun >/dev/null || die "mpirun is missing (Debian package openmpi-bin)"
mkdir -p "$data"
csv=$data/retail_x$scale.csv
[ -f "$csv" ] || "$tally" generate --scale "$scale" --out "$csv" --quiet
rows=$(($(wc -l <"$csv") - 1))
rm -rf "$data/warehouse"
"$tally" --warehouse "$data/warehouse" --quiet ingest "$csv" --table retail

# median_seconds NAME COMMAND...: runs COMMAND $runs times (stdout to NAME.json, stderr to
# NAME.err), prints the median wall time.
median_seconds() {
  local name=$1
  shift
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start=$EPOCHREALTIME
    "$@" >"$data/$name.json" 2>"$data/$name.err" || die "$name failed: $(tail -3 "$data/$name.err")"
    times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

# compute_seconds NAME: the slowest rank's seconds in the --rank-stats lines of NAME.err.
compute_seconds() {
  awk '$1 ~ /^[0-9]+$/ && NF == 4 && $4 > m { m = $4 } END { printf "%.3f", m }' "$data/$1.err"
}

report=(--rank-stats report --format json --as-of 2011-12-31)
mpi=(mpirun --oversubscribe --bind-to none --mca pml ob1 -np 2)
echo "| input | 1 process x 1 thread | 2 ranks x 1 thread | speed-up | compute: 1 x 1 | compute: 2 x 1 | speed-up | 1 process x 2 threads | bytes sent per rank |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for input in warehouse csv; do
  if [ "$input" = warehouse ]; then
    source_args=(--table retail)
  else
    source_args=(--csv "$csv")
  fi
  base=(--warehouse "$data/warehouse" --quiet)
  one=$(median_seconds "$input-1x1" "$tally" "${base[@]}" --threads 1 "${report[@]}" "${source_args[@]}")
  two=$(median_seconds "$input-2x1" "${mpi[@]}" "$tally" "${base[@]}" --threads 1 "${report[@]}" \
    "${source_args[@]}")
  threads=$(median_seconds "$input-1x2" "$tally" "${base[@]}" "${report[@]}" "${source_args[@]}")
  for run in 2x1 1x2; do
    python3 "$compare" "$data/$input-1x1.json" "$data/$input-$run.json" 1e-12 >/dev/null ||
      die "$input $run: the report differs from the single-process one"
  done
  sent=$(awk '$1 ~ /^[0-9]+$/ && NF == 4 { printf "%s%.1f MB", sep, $3 / 1e6; sep = ", " }' \
    "$data/$input-2x1.err")
  speedup=$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }')
  c1=$(compute_seconds "$input-1x1")
  c2=$(compute_seconds "$input-2x1")
  cspeedup=$(awk -v a="$c1" -v b="$c2" 'BEGIN { printf "%.2f", a / b }')
  echo "| $input (${rows} rows) | ${one} s | ${two} s | ${speedup}x | ${c1} s | ${c2} s |" \
    "${cspeedup}x | ${threads} s | ${sent} |"
done
