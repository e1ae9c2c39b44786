#!/usr/bin/env bash
# Every kind of bad input stops the ingest with "tally: error: FILE:LINE:COLUMN: ...", exit
# status 1 and no table left behind; --on-error skip keeps the good lines and writes the bad
# ones to a rejects file.
source "$(dirname "$0")/lib/common.sh"

header='invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country'
good1='536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom'
# A quoted description with a comma and a line break: the record spans lines 2 and 3.
good2='536365,71053,"WHITE METAL
LANTERN, LARGE",6,2010-12-01 08:26:00,3.39,17850,United Kingdom'

# check_bad NAME EXPECTED_LOCATION_AND_MESSAGE_REGEX [extra ingest args...] < file contents
check_bad() {
  local name=$1 expected=$2
  shift 2
  local file="$WORK/$name.csv"
  cat >"$file"
  local status=0
  "$TALLY" ingest "$file" --table "t_$name" --quiet "$@" 2>"$WORK/err" >/dev/null || status=$?
  local err
  err=$(cat "$WORK/err")
  expect_eq "$name: exit status" 1 "$status"
  if grep -Eq "^tally: error: $file:$expected" <<<"$err"; then
    pass "$name: message [$err]"
  else
    fail "$name: expected 'tally: error: $file:$expected', got [$err]"
  fi
  grep -q "t_$name" <<<"$("$TALLY" tables)" && fail "$name: a table was left behind" || true
  local leftovers
  leftovers=$(find "$TALLY_WAREHOUSE" -name '*.parquet' 2>/dev/null | wc -l)
  expect_eq "$name: no data files left" 0 "$leftovers"
}

printf '%s\n%s\n%s\n' "$header" "$good2" \
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,United Kingdom' |
  check_bad field_count '4:[0-9]+: expected 8 fields, found 7'

printf '%s\n%s\n%s\n%s\n' "$header" "$good1" "$good2" \
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,3x2,2010-12-01 08:34:00,1.69,13047,United Kingdom' |
  check_bad bad_integer '5:44: .*quantity.*\(value "3x2"\)'

printf '%s\n%s\n' "$header" \
  '536367,22745,POPPY'"'"'S PLAYHOUSE BEDROOM,6,2010-12-01 08:34:00,2.1.0,13047,United Kingdom' |
  check_bad bad_decimal '2:62: .*unit_price.*\(value "2\.1\.0"\)'

printf '%s\n%s\n%s\n' "$header" "$good1" \
  '536368,22960,JAM MAKING SET WITH JARS,6,2010-13-01 08:34:00,4.25,13047,United Kingdom' |
  check_bad bad_timestamp '3:41: .*invoice_date.*\(value "2010-13-01 08:34:00"\)'

printf '%s\n%s\n%s\n' "$header" "$good1" \
  '536369,21756,"BATH BUILDING BLOCK WORD,3,2010-12-01 08:35:00,5.95,13047,United Kingdom' |
  check_bad unterminated_quote '3:14: unterminated quoted field'

printf '%s\n%s\n536370,22728,ALARM CLOCK \xff PINK,24,2010-12-01 08:45:00,3.75,12583,France\n' \
  "$header" "$good1" |
  check_bad invalid_utf8 '3:14: invalid UTF-8.*description'

printf '' | check_bad empty_file '.*empty file'

cat >"$WORK/retail_schema.json" <<'JSON'
{"columns": [{"name": "invoice_no", "type": "string"}, {"name": "stock_code", "type": "string"},
 {"name": "description", "type": "string"}, {"name": "quantity", "type": "int32"},
 {"name": "invoice_date", "type": "timestamp"}, {"name": "unit_price", "type": "decimal(18,3)"},
 {"name": "customer_id", "type": "int32"}, {"name": "country", "type": "string"}]}
JSON
printf '%s\n%s\n' 'invoice_no,stock_code,description,quantity,invoice_date,price,customer_id,country' \
  "$good1" | check_bad header_mismatch '1:57: header mismatch: expected "unit_price", found "price"' \
  --schema "$WORK/retail_schema.json"

# Skip mode: three bad lines among four good records.
{
  echo "$header"
  echo "$good1"
  echo '536371,22086,PAPER CHAIN KIT,80,2010-12-01 09:00:00,2.55,13748'
  echo "$good2"
  echo '536372,22632,HAND WARMER RED,six,2010-12-01 09:01:00,1.85,17850,United Kingdom'
  echo "$good1"
  echo '536373,82494L,WOODEN FRAME,6,2010-12-01 09:02:00,2.55,17850x,United Kingdom'
  echo "$good1"
} >"$WORK/mixed.csv"
status=0
"$TALLY" ingest "$WORK/mixed.csv" --table mixed --on-error skip --rejects "$WORK/rejects.tsv" \
  >/dev/null 2>"$WORK/err" || status=$?
expect_eq "skip: exit status" 0 "$status"
grep -q 'skipped 3 bad rows' "$WORK/err" && pass "skip: count reported" || fail "skip: [$(cat "$WORK/err")]"
grep -Eq '^mixed +4 ' <<<"$("$TALLY" tables)" && pass "skip: 4 good rows kept" || fail "skip: rows"
expect_eq "skip: rejected line numbers" "3 6 8" "$(cut -f1 "$WORK/rejects.tsv" | tr '\n' ' ' | sed 's/ $//')"
grep -q 'PAPER CHAIN KIT' "$WORK/rejects.tsv" && pass "skip: rejects keep the raw line" || fail "skip: raw line"

# Usage errors exit with 2; help exits with 0.
status=0; "$TALLY" ingest >/dev/null 2>&1 || status=$?
expect_eq "missing argument is a usage error" 2 "$status"
status=0; "$TALLY" frobnicate >/dev/null 2>&1 || status=$?
expect_eq "unknown command is a usage error" 2 "$status"
status=0; "$TALLY" ingest "$WORK/mixed.csv" --mode sideways >/dev/null 2>&1 || status=$?
expect_eq "bad option value is a usage error" 2 "$status"
for cmd in ingest tables describe head; do
  "$TALLY" "$cmd" --help >/dev/null && pass "$cmd --help" || fail "$cmd --help"
done
status=0; "$TALLY" describe nosuchtable >/dev/null 2>"$WORK/err" || status=$?
expect_eq "missing table fails" 1 "$status"
grep -q 'no table "nosuchtable"' "$WORK/err" && pass "missing table named" || fail "missing table message"
status=0; "$TALLY" ingest "$WORK/does_not_exist.csv" >/dev/null 2>"$WORK/err" || status=$?
expect_eq "missing file fails" 1 "$status"
finish
