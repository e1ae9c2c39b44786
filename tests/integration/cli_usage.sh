#!/usr/bin/env bash
# The command line helps a user who mistyped: unknown commands and options get the closest known
# one and the help of the command meant (exit 2); option values ignore case; a missing table
# says how to make it; `head` prints CSV and JSON; `drop` removes a table; `generate` refuses a
# file name whose format it does not write.
source "$(dirname "$0")/lib/common.sh"

# expect_usage NAME EXPECTED_REGEX ARGS... : exit status 2 and stderr matching the regex.
expect_usage() {
  local name=$1 expected=$2
  shift 2
  local status=0
  "$TALLY" "$@" >/dev/null 2>"$WORK/err" || status=$?
  expect_eq "$name: exit status" 2 "$status"
  if grep -Eq -e "$expected" "$WORK/err"; then pass "$name: [$(tr '\n' ' ' <"$WORK/err")]"; else
    fail "$name: expected /$expected/, got [$(cat "$WORK/err")]"
  fi
}

expect_usage "unknown command" 'unknown command "reprot"; did you mean "report"\?' reprot
expect_usage "unknown command after a global option" 'unknown command "tabels"; did you mean "tables"\?' \
  --warehouse "$WORK/warehouse" tabels
expect_usage "unknown option" "unknown option --fromat for 'tally report'; did you mean --format\?" \
  report --fromat json
expect_usage "help of the command meant" "Run 'tally report --help' for usage" report --fromat json
expect_usage "unknown option of a nested command" "unknown option --indicatr for 'tally wdi series'; did you mean --indicator\?" \
  wdi series --indicatr X --country Canada
expect_usage "unknown value" "--format: xml not in" report --format xml

"$TALLY" ingest "$REAL_DATA" --table retail --quiet
"$TALLY" report --format JSON --as-of 2011-12-10 >"$WORK/upper.json"
"$TALLY" report --format json --as-of 2011-12-10 >"$WORK/lower.json"
cmp -s "$WORK/upper.json" "$WORK/lower.json" && pass "--format JSON is --format json" ||
  fail "--format JSON differs from --format json"
"$TALLY" report --format json --rfm-scoring PANDAS --as-of 2011-12-10 >"$WORK/pandas.json" &&
  pass "--rfm-scoring PANDAS accepted" || fail "--rfm-scoring PANDAS refused"

# Started as several Slurm tasks that are not MPI ranks (srun -n 2 without --mpi=pmix): refused,
# naming the command to run.
status=0
SLURM_STEP_NUM_TASKS=2 SLURM_NTASKS=2 SLURM_PROCID=1 "$TALLY" report >/dev/null 2>"$WORK/err" || status=$?
expect_eq "srun -n 2 without MPI: exit status" 2 "$status"
grep -q "one of 2 Slurm tasks, but not an MPI rank.*srun --mpi=pmix -n 2 tally" "$WORK/err" &&
  pass "srun -n 2 without MPI: says to use srun --mpi=pmix" || fail "srun without MPI: [$(cat "$WORK/err")]"

# The console names the monthly columns as JSON and CSV do; --month-format iso writes months as
# 2010-12 in JSON and CSV, every other value unchanged.
"$TALLY" monthly --format json --month-format iso >"$WORK/iso.json"
"$TALLY" monthly --format csv --month-format iso --out "$WORK/iso_csv"
"$TALLY" monthly --quiet >"$WORK/monthly.txt"
if python3 - "$WORK" <<'PY'; then pass "console, CSV and JSON name the columns alike; --month-format iso"; else fail "column names or --month-format"; fi
import csv, json, subprocess, sys
d = sys.argv[1]
plain = json.load(open(f"{d}/lower.json"))["monthly"]
iso = json.load(open(f"{d}/iso.json"))["monthly"]
assert [m["ym"] for m in iso] == [f"{m['ym'] // 100:04d}-{m['ym'] % 100:02d}" for m in plain], "iso months"
assert [{k: v for k, v in m.items() if k != "ym"} for m in iso] == \
       [{k: v for k, v in m.items() if k != "ym"} for m in plain], "other values"
rows = list(csv.DictReader(open(f"{d}/iso_csv/monthly.csv")))
assert [r["ym"] for r in rows] == [m["ym"] for m in iso], "csv months"
header = next(l for l in open(f"{d}/monthly.txt") if l.startswith("ym ")).split()
assert header == list(plain[0].keys()) == list(rows[0].keys()), (header, list(plain[0].keys()))
PY

# --as-of before the last invoice would give negative recencies: refused, saying why.
status=0
"$TALLY" report --as-of 2011-06-01 2>"$WORK/err" >/dev/null || status=$?
expect_eq "--as-of before the last invoice: exit status" 1 "$status"
grep -q "as-of 2011-06-01 is before the last invoice (2011-12-09 12:50:00): recencies would be negative" "$WORK/err" &&
  pass "--as-of before the last invoice is refused" || fail "--as-of: [$(cat "$WORK/err")]"

# Each analytic command offers only its own options.
"$TALLY" invoices --help >"$WORK/help_invoices"
"$TALLY" rfm --help >"$WORK/help_rfm"
"$TALLY" monthly --help >"$WORK/help_monthly"
"$TALLY" report --help >"$WORK/help_report"
has() { grep -q -- "$2" "$WORK/help_$1"; }
has invoices --quantiles && ! has invoices --as-of && ! has invoices --rfm-scoring &&
  pass "invoices --help: --quantiles, no RFM options" || fail "invoices --help: $(cat "$WORK/help_invoices")"
has rfm --as-of && has rfm --rfm-scoring && ! has rfm --quantiles &&
  pass "rfm --help: the RFM options, no --quantiles" || fail "rfm --help: $(cat "$WORK/help_rfm")"
! has monthly --as-of && ! has monthly --quantiles && ! has monthly --rfm-scoring &&
  pass "monthly --help: no RFM or quantile options" || fail "monthly --help: $(cat "$WORK/help_monthly")"
has report --as-of && has report --quantiles && has report --rfm-scoring &&
  pass "report --help: every analytic's options" || fail "report --help: $(cat "$WORK/help_report")"
expect_usage "an RFM option given to invoices" "unknown option --as-of for 'tally invoices'" \
  invoices --as-of 2011-06-01

status=0
"$TALLY" head sales 2>"$WORK/err" >/dev/null || status=$?
expect_eq "missing table: exit status" 1 "$status"
grep -q 'no table "sales" in warehouse .*; create it with: tally ingest FILE --table sales' "$WORK/err" &&
  pass "missing table says how to create it" || fail "missing table: [$(cat "$WORK/err")]"
"$TALLY" head retial 2>"$WORK/err" >/dev/null || true
grep -q 'did you mean "retail"' "$WORK/err" && pass "misspelt table suggests the closest" ||
  fail "misspelt table: [$(cat "$WORK/err")]"

# head: the same first rows as the SQL query, in each format.
"$TALLY" head retail -n 3 --format csv >"$WORK/head.csv"
"$TALLY" sql "select * from retail limit 3" --format csv >"$WORK/sql.csv"
cmp -s "$WORK/head.csv" "$WORK/sql.csv" && pass "head --format csv" || fail "head --format csv differs"
"$TALLY" head retail -n 3 --format json >"$WORK/head.json"
"$TALLY" sql "select * from retail limit 3" --format json >"$WORK/sql.json"
cmp -s "$WORK/head.json" "$WORK/sql.json" && pass "head --format json" || fail "head --format json differs"
"$TALLY" sql "create table one as select 1 as x" >/dev/null
grep -q "(1 of 1 row)" <<<"$("$TALLY" head one)" && pass "one row is 1 row" || fail "head of one row"

# drop: the table goes (entry and files); --if-exists makes a missing one fine.
"$TALLY" drop one >/dev/null
grep -qx "one" <<<"$("$TALLY" tables --quiet | awk '{print $1}')" && fail "drop left the table" ||
  pass "drop removed the table"
[ -z "$(ls "$TALLY_WAREHOUSE/one" 2>/dev/null)" ] && pass "drop removed the files" || fail "files left"
status=0
"$TALLY" drop one 2>/dev/null || status=$?
expect_eq "drop of a missing table: exit status" 1 "$status"
"$TALLY" drop one --if-exists && pass "drop --if-exists of a missing table" || fail "drop --if-exists"

# generate: the file's extension names the format written, or the command refuses.
for name in x.parquet x.csv.gz x.txt; do
  expect_usage "generate --out $name" "writes CSV \(.csv\) or zstd-compressed CSV \(.csv.zst\)" \
    generate --rows 10 --out "$WORK/$name"
  [ -e "$WORK/$name" ] && fail "generate wrote $name" || pass "nothing written as $name"
done
"$TALLY" generate --rows 10 --out "$WORK/ok.csv.zst" --quiet && pass "generate --out .csv.zst" ||
  fail "generate --out .csv.zst"

finish
