#!/usr/bin/env bash
# The report run by 1, 2, 3 and 4 MPI ranks on one machine equals the single-process report on
# the real data (integers exactly, floats to a relative 1e-12): from the plain CSV (byte ranges
# cut at record boundaries), the compressed CSV (chunks dealt to ranks), a warehouse table, and
# a table with fewer row groups than ranks. A distributed ingest gives the table a single
# process gives. A bad record in one rank's share fails the whole run quickly, naming the rank,
# the host and FILE:LINE:COLUMN, and leaves no table behind.
# Skipped where mpirun is missing or tally was built without MPI.
source "$(dirname "$0")/lib/common.sh"
compare="$SOURCE_DIR/tests/integration/lib/compare_json.py"
fixtures="$SOURCE_DIR/tests/fixtures/retail"

require_mpi

csv=$(real_csv)
"$TALLY" report --csv "$csv" --format json >"$WORK/single.json"

# same_report WHAT N ARGS...: the report of N ranks equals the single-process one.
same_report() {
  local what=$1 n=$2
  shift 2
  if ! ranks "$n" "$TALLY" report "$@" --format json >"$WORK/ranks.json" 2>"$WORK/err"; then
    fail "$what on $n ranks: $(tail -n 3 "$WORK/err")"
  elif diff_out=$(python3 "$compare" "$WORK/single.json" "$WORK/ranks.json" 1e-12); then
    pass "$what on $n ranks equals one process"
  else
    fail "$what on $n ranks differs: $diff_out"
  fi
}

for n in 1 2 3 4; do same_report "report from the plain CSV" $n --csv "$csv"; done
for n in 2 3; do same_report "report from the compressed CSV" $n --csv "$REAL_DATA"; done

# Past a tiny memory budget each rank spills its rows by key hash and the ranks exchange one
# partition at a time: same answers, no spill file left.
mkdir -p "$WORK/spill"
same_report "report spilling under --memory-limit 512KB" 3 --csv "$csv" \
  --memory-limit 512KB --temp-dir "$WORK/spill"
expect_eq "no spill files left by the ranks" "" "$(ls -A "$WORK/spill")"
touch "$WORK/not_a_dir"
ranks 2 "$TALLY" --memory-limit 512KB --temp-dir "$WORK/not_a_dir" report --csv "$csv" \
  >/dev/null 2>"$WORK/err" && fail "spilling into a file instead of a directory succeeded" ||
  pass "the ranks really spill (an unusable temp dir is an error)"

"$TALLY" -q ingest "$REAL_DATA" --table retail
for n in 2 3 4; do same_report "report from the warehouse" $n --table retail; done

# 541,909 rows in one file of 5 row groups: with 6 ranks one rank reads nothing; a table of a
# single row group leaves 3 of 4 ranks without data.
same_report "report from the warehouse, more ranks than row groups" 6 --table retail
"$TALLY" report --csv "$fixtures/rfm_duplicate_splits.csv" --format json >"$WORK/single.json"
"$TALLY" -q ingest "$fixtures/rfm_duplicate_splits.csv" --table small
same_report "report from a one-row-group table" 4 --table small
"$TALLY" report --csv "$csv" --format json >"$WORK/single.json"

# Distributed ingest: every rank writes its share, rank 0 commits one version.
ranks 3 "$TALLY" -q ingest "$csv" --table by_ranks 2>"$WORK/err" || fail "ingest on 3 ranks: $(cat "$WORK/err")"
files=$("$TALLY" describe by_ranks | grep -c 'part-00[0-2]-' || true)
expect_eq "ingest on 3 ranks wrote one file per rank" 3 "$files"
rows=$("$TALLY" describe by_ranks | sed -n 's/^rows  *//p' | tr -d ', ')
expect_eq "ingest on 3 ranks: rows" 541909 "$rows"
same_report "report from a table ingested by 3 ranks" 1 --table by_ranks
ls -A "$TALLY_WAREHOUSE/.staging" >"$WORK/staging"
expect_eq "no staging files left after the distributed ingest" "" "$(cat "$WORK/staging")"

# A bad quantity on line 500,000, in the last rank's share: the run fails within seconds with
# the rank, its host and the place, and no table is committed.
awk 'NR == 500000 { print "581000,85123A,BAD LINE,12x,12/9/2011 10:00,2.55,17850,United Kingdom"; next }
     { print }' "$csv" >"$WORK/bad.csv"
start=$SECONDS
status=0
ranks 4 "$TALLY" -q ingest "$WORK/bad.csv" --table broken >"$WORK/out" 2>"$WORK/err" || status=$?
took=$((SECONDS - start))
[ "$status" != 0 ] && pass "ingest with a bad record on 4 ranks fails (status $status)" ||
  fail "ingest with a bad record on 4 ranks exited 0"
[ "$took" -le 20 ] && pass "the failed run ended in $took s" || fail "the failed run took $took s"
grep -q "tally: error: rank 3 on $(hostname): .*bad.csv:500000:" "$WORK/err" &&
  pass "the error names rank, host and FILE:LINE" ||
  fail "error message: $(grep -m2 'tally' "$WORK/err")"
if "$TALLY" describe broken >/dev/null 2>&1; then
  fail "a table was committed by the failed ingest"
else
  pass "no table committed by the failed ingest"
fi
status=0
ranks 4 "$TALLY" report --csv "$WORK/bad.csv" --format json >/dev/null 2>"$WORK/err" || status=$?
[ "$status" != 0 ] && grep -q "rank 3 on .*bad.csv:500000:" "$WORK/err" &&
  pass "a report over the bad file fails naming rank 3 and the line" ||
  fail "report over the bad file: status $status, $(grep -m2 'tally' "$WORK/err")"

finish
