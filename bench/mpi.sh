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
#   bench/mpi.sh tpch        TPC-H at SF 1 size instead (see tpch_scale_out below)
#
# Environment: TALLY (default build/tally), DATA (default /tmp/tally-mpi), RUNS (default 3),
# SHARED (default ../shared, for tpch).
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

# TPC-H at SF 1 size (bench/tpch_load.py: 10 copies of SF 0.1 with key offsets) from a
# warehouse, each of the 22 queries run as 1 process x 1 thread, 2 ranks x 1 thread and 4
# ranks x 1 thread (4 ranks share the 2 cores here: shown for memory, not speed). For each:
# the total over the 22 queries of the slowest rank's compute time after start-up
# (--rank-stats; the fastest of RUNS), the bytes each rank sent (summed over the queries), the
# largest peak RSS of any rank (and its query), and whether every query's rows equal the single
# process's.
tpch_scale_out() {
  local tpch=${SHARED:-$repo/../shared}/tpch warehouse=$data/tpch1
  [ -f "$tpch/compare.py" ] || die "no TPC-H directory at $tpch"
  ensure_gnu_time
  rm -rf "$warehouse"
  python3 "$repo/bench/tpch_load.py" "$tpch" 10 | "$tally" --warehouse "$warehouse" --quiet sql >/dev/null
  echo "| ranks x threads | compute, 22 queries (s) | speed-up | bytes sent per rank | peak RSS per rank (MB) | rows equal to 1 x 1 |"
  echo "|---|---:|---:|---|---:|---|"
  local base_compute=""
  for n in 1 2 4; do
    local total=0 peak=0 peak_query="" differ="" ties="" sent_by_rank=()
    for query in "$tpch"/queries/q*.sql; do
      local name best="" rss=0
      name=$(basename "$query" .sql)
      for _ in $(seq 1 "$runs"); do
        rm -f "$data/rss".*
        # Each rank's peak RSS into rss.<rank>.
        mpirun --oversubscribe --bind-to none --mca pml ob1 -np "$n" sh -c \
          'exec /usr/bin/time -f %M -o "$0.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$data/rss" \
          "$tally" --warehouse "$warehouse" --threads 1 --rank-stats sql --format csv -f "$query" \
          >"$data/$name.$n.csv" 2>"$data/$name.$n.err" ||
          die "$name on $n ranks failed: $(tail -3 "$data/$name.$n.err")"
        local seconds
        seconds=$(awk '$1 ~ /^[0-9]+$/ && NF == 4 && $4 > m { m = $4 } END { printf "%.4f", m }' \
          "$data/$name.$n.err")
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
          best=$seconds
        fi
        for f in "$data/rss".*; do
          rss=$(awk -v a="$rss" -v b="$(tail -1 "$f")" 'BEGIN { print (b > a ? b : a) }')
        done
      done
      total=$(awk -v a="$total" -v b="$best" 'BEGIN { printf "%.4f", a + b }')
      if [ "$rss" -gt "$peak" ]; then
        peak=$rss
        peak_query=$name
      fi
      # Bytes sent per rank, summed over the queries (the last run's).
      local rank=0
      while read -r bytes; do
        sent_by_rank[rank]=$((${sent_by_rank[rank]:-0} + bytes))
        rank=$((rank + 1))
      done < <(awk '$1 ~ /^[0-9]+$/ && NF == 4 { print $3 }' "$data/$name.$n.err")
      # Rows that tie on the ORDER BY columns may come in another order (SQL leaves it open).
      if ! cmp -s "$data/$name.1.csv" "$data/$name.$n.csv"; then
        if cmp -s <(sort "$data/$name.1.csv") <(sort "$data/$name.$n.csv"); then
          ties="$ties $name"
        else
          differ="$differ $name"
        fi
      fi
    done
    [ -n "$base_compute" ] || base_compute=$total
    local sent=""
    for bytes in "${sent_by_rank[@]}"; do
      sent="$sent${sent:+, }$(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
    done
    echo "| $n x 1 | $total | $(awk -v a="$base_compute" -v b="$total" 'BEGIN { printf "%.2fx", a / b }') |" \
      "$sent | $((peak / 1024)) ($peak_query) | $(if [ -n "$differ" ]; then echo "no:$differ"; else echo "yes${ties:+ (tie order differs:$ties)}"; fi) |"
  done
}
if [ "${1:-}" = tpch ]; then
  tpch_scale_out
  exit 0
fi
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
