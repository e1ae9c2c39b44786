#!/usr/bin/env bash
# Hostile input end to end: a hand-edited shared catalog, crafted files and terminal escapes in
# data. Each case must end in a clear error (or safe output) and leave everything else intact.
source "$(dirname "$0")/lib/common.sh"

small_csv() {
  printf 'id,name\n1,a\n2,b\n' >"$WORK/small.csv"
  echo "$WORK/small.csv"
}

# --- A catalog entry is input: its paths never reach outside the table's own directory -------
csv=$(small_csv)
mkdir -p "$WORK/victim"
echo precious >"$WORK/victim/keep"
for bad_path in "../victim/x.parquet" "$WORK/victim/x.parquet" "p.parquet"; do
  "$TALLY" ingest "$csv" --table t --quiet
  entry="$TALLY_WAREHOUSE/_catalog/t.json"
  python3 - "$entry" "$bad_path" <<'PY'
import json, sys
entry = json.load(open(sys.argv[1]))
entry["files"][0]["path"] = sys.argv[2]
json.dump(entry, open(sys.argv[1], "w"))
PY
  status=0
  "$TALLY" ingest "$csv" --table t --quiet 2>"$WORK/err" || status=$?
  expect_eq "replace over path $bad_path: exit status" 1 "$status"
  grep -q "not inside the table's directory" "$WORK/err" && pass "path $bad_path refused" ||
    fail "path $bad_path: [$(cat "$WORK/err")]"
  [ -f "$WORK/victim/keep" ] && pass "nothing outside removed" || fail "$bad_path removed outside"
  [ -d "$TALLY_WAREHOUSE/_catalog" ] && pass "warehouse kept" || fail "$bad_path removed warehouse"
  rm -rf "$TALLY_WAREHOUSE"
done

# --- One damaged entry does not hide the others from `tables` ----------------------------------
"$TALLY" ingest "$csv" --table good1 --quiet
"$TALLY" ingest "$csv" --table good2 --quiet
"$TALLY" ingest "$csv" --table bad --quiet
sed -i 's/"rows": 2/"rows": -7/' "$TALLY_WAREHOUSE/_catalog/bad.json"
status=0
"$TALLY" tables >"$WORK/out" 2>"$WORK/err" || status=$?
expect_eq "tables with a damaged entry: exit status" 1 "$status"
grep -q "good1" "$WORK/out" && grep -q "good2" "$WORK/out" && pass "the good tables are listed" ||
  fail "tables output: [$(cat "$WORK/out")]"
grep -q "bad.json: negative rows -7" "$WORK/err" && pass "the damaged entry is named" ||
  fail "tables stderr: [$(cat "$WORK/err")]"
rm -rf "$TALLY_WAREHOUSE"

finish
