#!/usr/bin/env bash
# Standard input and pipes are read like files: `ingest -`, `report --csv -`, `--csv /dev/stdin`
# and `wdi --csv -` give what the same file gives, compressed or not (the layout detection and
# the header check look at the head of the stream, which is kept for the reader); errors name
# <stdin> with line and column; a CSV from standard input needs --table.
source "$(dirname "$0")/lib/common.sh"

csv=$(real_csv)
"$TALLY" ingest "$REAL_DATA" --table from_file --quiet

# The same rows, whether the table came from the file or from standard input (plain or zstd).
same_table() { expect_same_table "$1" "$2" from_file 541909; }
"$TALLY" ingest - --table plain --quiet <"$csv"
same_table "ingest - (plain CSV)" plain
zstd -dcq "$REAL_DATA" | "$TALLY" ingest - --table piped --quiet
same_table "zstdcat | ingest -" piped
"$TALLY" ingest - --table compressed --quiet <"$REAL_DATA"
same_table "ingest - (zstd on standard input)" compressed
cat "$REAL_DATA" | "$TALLY" ingest /dev/stdin --table dev_stdin --quiet
same_table "ingest /dev/stdin from a pipe" dev_stdin

# The report from standard input equals the report from the file.
"$TALLY" report --csv "$REAL_DATA" --format json --as-of 2011-12-10 >"$WORK/file.json"
zstd -dcq "$REAL_DATA" | "$TALLY" report --csv - --format json --as-of 2011-12-10 >"$WORK/stdin.json"
cmp -s "$WORK/file.json" "$WORK/stdin.json" && pass "report --csv - equals report --csv FILE" ||
  fail "report --csv - differs from report --csv FILE"
cat "$REAL_DATA" | "$TALLY" report --csv /dev/stdin --format json --as-of 2011-12-10 >"$WORK/dev.json"
cmp -s "$WORK/file.json" "$WORK/dev.json" && pass "report --csv /dev/stdin equals report --csv FILE" ||
  fail "report --csv /dev/stdin differs from report --csv FILE"

# WDI: the layout is detected from the head of the stream.
wdi=$SOURCE_DIR/data/wdi.csv.zst
"$TALLY" wdi all --csv "$wdi" --indicator NY.GDP.MKTP.KD.ZG --format json >"$WORK/wdi_file.json"
zstd -dcq "$wdi" | "$TALLY" wdi all --csv - --indicator NY.GDP.MKTP.KD.ZG --format json >"$WORK/wdi_stdin.json"
cmp -s "$WORK/wdi_file.json" "$WORK/wdi_stdin.json" && [ -s "$WORK/wdi_file.json" ] &&
  pass "wdi --csv - equals wdi --csv FILE" || fail "wdi --csv - differs from wdi --csv FILE"

# Errors: a table name is needed; an empty stream and a bad value are named <stdin>.
status=0
"$TALLY" ingest - <"$csv" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "ingest - without --table: exit status" 2 "$status"
grep -q -- "--table NAME" "$WORK/err" && pass "ingest - without --table says --table NAME" ||
  fail "ingest - without --table: [$(cat "$WORK/err")]"
status=0
"$TALLY" ingest - --table empty </dev/null >/dev/null 2>"$WORK/err" || status=$?
expect_eq "empty standard input: exit status" 1 "$status"
grep -q "<stdin>:1:1: empty file" "$WORK/err" && pass "empty standard input named" ||
  fail "empty standard input: [$(cat "$WORK/err")]"
status=0
printf 'a,b\n1,2\n3,4\n5,6,7\n' | "$TALLY" ingest - --table bad >/dev/null 2>"$WORK/err" || status=$?
expect_eq "bad row on standard input: exit status" 1 "$status"
grep -q "<stdin>:4:" "$WORK/err" && pass "bad row on standard input named with its line" ||
  fail "bad row on standard input: [$(cat "$WORK/err")]"
"$TALLY" tables >"$WORK/tables"
grep -qw bad "$WORK/tables" && fail "a failed ingest from standard input left a table" ||
  pass "a failed ingest from standard input leaves no table"

finish
