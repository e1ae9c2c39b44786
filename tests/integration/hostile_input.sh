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

# --- Memory a file can demand: wide rows, long records, a stream without line breaks -----------
# peak_mb CMD...: runs CMD (stderr to $WORK/err) and prints "STATUS PEAK_RSS_MB".
peak_mb() {
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys
with open(os.environ["WORK"] + "/err", "w") as err:
    status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err).returncode
print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
}
export WORK
python3 -c "
n = 20000
print(','.join(f'c{i}' for i in range(n)))
print(','.join(str(i % 10) for i in range(n)))" >"$WORK/wide.csv"
read -r status mb < <(peak_mb "$TALLY" ingest "$WORK/wide.csv" --table wide --quiet)
expect_eq "20,000 columns: exit status" 0 "$status"
[ "$mb" -lt 500 ] && pass "20,000 columns x 1 row in $mb MB" || fail "20,000 columns took $mb MB"
python3 -c "
n = 10000
print('--\n-- PostgreSQL database dump\n--\n')
print('CREATE TABLE public.w (' + ', '.join(f'c{i} integer' for i in range(n)) + ');')
print('COPY public.w (' + ', '.join(f'c{i}' for i in range(n)) + ') FROM stdin;')
print('\t'.join(str(i) for i in range(n)))
print('\\\\.\n\n--\n-- PostgreSQL database dump complete\n--')" >"$WORK/wide.sql"
read -r status mb < <(peak_mb "$TALLY" ingest "$WORK/wide.sql" --table wide_dump --quiet)
expect_eq "pg_dump of 10,000 columns: exit status ($(head -c 300 "$WORK/err"))" 0 "$status"
[ "$mb" -lt 500 ] && pass "10,000 columns from a dump in $mb MB" || fail "10,000 columns took $mb MB"

python3 -c "
import sys
sys.stdout.write('id,text\n1,' + 'x' * (20 << 20) + '\n2,short\n')" >"$WORK/long.csv"
read -r status mb < <(peak_mb "$TALLY" ingest "$WORK/long.csv" --table long --quiet)
expect_eq "a 20 MB field: exit status" 1 "$status"
grep -q "^tally: error: $WORK/long.csv:2:1: a record longer than 16777216 bytes" "$WORK/err" &&
  pass "a 20 MB field is refused at its line" || fail "long field: $(head -c 300 "$WORK/err")"
read -r status mb < <(peak_mb "$TALLY" ingest "$WORK/long.csv" --table long --quiet --max-record-size 32MB)
expect_eq "a 20 MB field with --max-record-size 32MB: exit status" 0 "$status"
catalog_bytes=$(stat -c %s "$TALLY_WAREHOUSE/_catalog/long.json")
[ "$catalog_bytes" -lt 4096 ] && pass "its catalog entry is $catalog_bytes bytes (statistics cut)" ||
  fail "catalog entry of $catalog_bytes bytes"
"$TALLY" tables >/dev/null && pass "tables reads it" || fail "tables after a long field"
read -r status mb < <(peak_mb timeout 60 "$TALLY" ingest /dev/zero --table zero --quiet)
expect_eq "ingest /dev/zero: exit status" 1 "$status"
grep -q "^tally: error: /dev/zero:1:1: a record longer than" "$WORK/err" &&
  pass "/dev/zero is refused after 16 MB ($mb MB)" || fail "/dev/zero: $(head -c 300 "$WORK/err")"

# --- Invalid UTF-8 and terminal escapes -------------------------------------------------------
printf 'id,na\xffme\n1,a\n' >"$WORK/bad_header.csv"
status=0
"$TALLY" ingest "$WORK/bad_header.csv" --table bad_header --quiet 2>"$WORK/err" || status=$?
expect_eq "invalid UTF-8 in a header: exit status" 1 "$status"
grep -q "bad_header.csv:1:4: invalid UTF-8 in the name of column 2 (ff 6d 65 at byte 3)" "$WORK/err" &&
  pass "invalid UTF-8 in a header is named" || fail "bad header: $(cat "$WORK/err")"
[ -d "$TALLY_WAREHOUSE/bad_header" ] && fail "an empty table directory was left" || pass "no table directory"
odd_name="$WORK/$(printf 'sh\xe9p')".csv
printf 'id,name\n1,a\n' >"$odd_name"
"$TALLY" ingest "$odd_name" --table odd_name --quiet 2>"$WORK/err" && pass "a file name that is not UTF-8 ingests" ||
  fail "odd file name: $(cat "$WORK/err")"
grep -q 'sh\\\\xe9p.csv' "$TALLY_WAREHOUSE/_catalog/odd_name.json" && pass "its name is escaped in the catalog" ||
  fail "catalog source: $(grep -o '"sources".*' "$TALLY_WAREHOUSE/_catalog/odd_name.json")"
printf -- '--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (a text);\nCOPY t (a) FROM stdin;\nok\nbad \xc0\x80\n\\.\n-- PostgreSQL database dump complete\n' >"$WORK/bad_copy.sql"
status=0
"$TALLY" ingest "$WORK/bad_copy.sql" --table bad_copy --quiet 2>"$WORK/err" || status=$?
expect_eq "invalid UTF-8 in COPY data: exit status" 1 "$status"
grep -q "bad_copy.sql:7:1: column a: invalid UTF-8 (c0 80 at byte 5)" "$WORK/err" &&
  pass "invalid UTF-8 in COPY data is named" || fail "bad COPY: $(cat "$WORK/err")"
printf -- "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('x\xff');\n" >"$WORK/bad_insert.sql"
status=0
"$TALLY" ingest "$WORK/bad_insert.sql" --table bad_insert --quiet 2>"$WORK/err" || status=$?
expect_eq "invalid UTF-8 in an INSERT literal: exit status" 1 "$status"
grep -q "bad_insert.sql:2:25: invalid UTF-8 in a statement (ff 27 29 at byte 25)" "$WORK/err" &&
  pass "invalid UTF-8 in an INSERT is named" || fail "bad INSERT: $(cat "$WORK/err")"

printf 'id,na\033[2Jme\n1,"red\033[31m\nline"\n' >"$WORK/escapes.csv"
"$TALLY" ingest "$WORK/escapes.csv" --table escapes --quiet
"$TALLY" head escapes >"$WORK/out"
if grep -q $'\033' "$WORK/out"; then fail "head printed a raw escape"; else
  pass "head shows escapes from data as text"; fi
grep -q 'red\\x1b\[31m\\nline' "$WORK/out" && pass "the value is shown escaped" ||
  fail "head output: $(cat -v "$WORK/out")"

# --- A write waits for another write to the same table and says so; others do not wait --------
"$TALLY" ingest "$csv" --table locked --quiet
mkdir -p "$TALLY_WAREHOUSE/.locks"
exec 9>"$TALLY_WAREHOUSE/.locks/locked"
flock 9
"$TALLY" ingest "$csv" --table unlocked --quiet && pass "another table is written meanwhile" ||
  fail "a write to another table was blocked"
"$TALLY" ingest "$csv" --table locked --quiet 2>"$WORK/wait_err" &
waiting=$!
for _ in $(seq 1 200); do
  grep -q "waiting for another write" "$WORK/wait_err" && break
  sleep 0.05
done
grep -q 'tally: waiting for another write to table "locked" to finish' "$WORK/wait_err" &&
  pass "the waiting write says what it waits for" || fail "wait message: $(cat "$WORK/wait_err")"
flock -u 9
exec 9>&-
wait "$waiting" && pass "it goes on once the lock is free" || fail "the waiting write failed"
# A dump holds its first table's lock until it commits, so it never waits for another table's
# lock (two such dumps could wait on each other forever): it fails at once instead.
printf -- 'CREATE TABLE a (x int);\nCREATE TABLE b (x int);\nCOPY a (x) FROM stdin;\n1\n\\.\nCOPY b (x) FROM stdin;\n2\n\\.\n' >"$WORK/two_tables.sql"
exec 9>"$TALLY_WAREHOUSE/.locks/b"
flock 9
status=0
timeout 20 "$TALLY" ingest "$WORK/two_tables.sql" --quiet 2>"$WORK/err" || status=$?
expect_eq "a dump whose second table is locked: exit status" 1 "$status"
grep -q 'table "b" is being written by another process' "$WORK/err" && pass "it says which table is busy" ||
  fail "busy table: $(cat "$WORK/err")"
flock -u 9
exec 9>&-
"$TALLY" ingest "$WORK/two_tables.sql" --quiet && pass "the dump goes through once b is free" ||
  fail "the dump failed with no lock held"

finish
