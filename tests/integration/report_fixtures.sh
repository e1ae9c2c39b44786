#!/usr/bin/env bash
# The report on hand-made edge-case fixtures (mode ties, even N median, duplicate RFM splits, one
# month, a customer seen only in cancellations, lines without customers, an empty input) equals
# the hand-checked answers in tests/fixtures/retail/*.expected.json, from CSV and from the
# warehouse.
source "$(dirname "$0")/lib/common.sh"
fixtures="$SOURCE_DIR/tests/fixtures/retail"

for expected in "$fixtures"/*.expected.json; do
  name=$(basename "$expected" .expected.json)
  csv="$fixtures/$name.csv"
  "$TALLY" report --csv "$csv" --format json --as-of 2011-12-31 \
    --rfm-customers "$WORK/$name.customers.csv" >"$WORK/$name.json"
  if problems=$(python3 "$SOURCE_DIR/tests/integration/lib/check_report.py" "$expected" \
    "$WORK/$name.json" "$WORK/$name.customers.csv"); then
    pass "$name (CSV)"
  else
    fail "$name (CSV): $problems"
  fi
  "$TALLY" ingest "$csv" --table "$name" --quiet
  "$TALLY" report --table "$name" --format json --as-of 2011-12-31 \
    --rfm-customers "$WORK/$name.wh.customers.csv" >"$WORK/$name.wh.json"
  if problems=$(python3 "$SOURCE_DIR/tests/integration/lib/check_report.py" "$expected" \
    "$WORK/$name.wh.json" "$WORK/$name.wh.customers.csv"); then
    pass "$name (warehouse)"
  else
    fail "$name (warehouse): $problems"
  fi
done

# The empty input is a clear message on the console, not a crash.
out=$("$TALLY" report --csv "$fixtures/empty.csv")
grep -q 'The input has no rows' <<<"$out" && pass "empty input message" || fail "empty: $out"
finish
