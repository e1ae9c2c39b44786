#!/usr/bin/env bash
# The ranks of a distributed run check that they read the same data before they read it: each
# rank here gets its own copy of the input (a warehouse or a CSV per rank, as two hosts have).
# Identical copies under other directories give the single-process answer; a table ingested
# from other data, a truncated CSV, or a missing file on one rank stops the run with a message
# naming the rank, its host and the file, and a distributed ingest of differing copies writes
# nothing. Skipped where mpirun is missing or tally was built without MPI.
source "$(dirname "$0")/lib/common.sh"

require_mpi

csv=$(real_csv)
head -n 200000 "$csv" >"$WORK/short.csv"
# per_rank ARGS...: tally on 2 ranks, rank R with --warehouse $WORK/wh$R; {R} in an argument
# becomes the rank's number.
per_rank() {
  ranks 2 sh -c 'r=$OMPI_COMM_WORLD_RANK; t=$1; shift; for a in "$@"; do set -- "$@" "$(echo "$a" | sed "s/{R}/$r/g")"; shift; done; exec "$t" --warehouse "'"$WORK"'/wh$r" "$@"' \
    sh "$TALLY" "$@"
}
for r in 0 1; do "$TALLY" --warehouse "$WORK/wh$r" ingest "$REAL_DATA" --table retail --quiet; done
"$TALLY" --warehouse "$WORK/wh0" report --format json --as-of 2011-12-10 >"$WORK/single.json"

if per_rank report --format json --as-of 2011-12-10 >"$WORK/copies.json" 2>"$WORK/err" &&
  cmp -s "$WORK/single.json" "$WORK/copies.json"; then
  pass "identical copies in other directories: the single-process report"
else
  fail "identical copies: $(tail -n 3 "$WORK/err")"
fi

# expect_refused WHAT FILE_PATTERN ARGS...: exit status not 0, the message names rank 1 and the file.
expect_refused() {
  local what=$1 pattern=$2
  shift 2
  local status=0
  per_rank "$@" >/dev/null 2>"$WORK/err" || status=$?
  if [ "$status" -ne 0 ] && grep -q "rank 1 on host .*$pattern" "$WORK/err"; then
    pass "$what: refused ($(grep -m1 -o "the ranks' inputs differ.*\|cannot read its input.*" "$WORK/err" | cut -c1-160))"
  else
    fail "$what: exit $status, [$(tail -n 4 "$WORK/err")]"
  fi
}

"$TALLY" --warehouse "$WORK/wh1" ingest "$WORK/short.csv" --table retail --quiet
expect_refused "a table ingested from other data on rank 1" "part-00000.parquet" report --format json
expect_refused "the same, through SQL" "part-00000.parquet" sql "SELECT count(*) FROM retail"

cp "$csv" "$WORK/in0.csv"
head -c 20000000 "$csv" >"$WORK/in1.csv"
expect_refused "a truncated CSV on rank 1" "in1.csv" report --csv "$WORK/in{R}.csv" --format json
status=0
per_rank ingest "$WORK/in{R}.csv" --table copy >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -ne 0 ] && grep -q "rank 1 on host .*in1.csv" "$WORK/err" &&
  pass "a distributed ingest of differing copies is refused" || fail "ingest: [$(tail -n 3 "$WORK/err")]"
"$TALLY" --warehouse "$WORK/wh0" tables >"$WORK/tables"
grep -qw copy "$WORK/tables" && fail "the refused ingest left a table" || pass "the refused ingest wrote nothing"

finish
