#!/usr/bin/env bash
# The HTML report opens in headless Chromium with no errors and no network, its charts have the
# expected marks and its tables hold the same numbers as --format json; screenshots are kept as
# test artifacts in BUILD_DIR/test-artifacts/.
source "$(dirname "$0")/lib/common.sh"
[ -x /usr/bin/chromium ] || skip "Debian chromium is not installed: run scripts/setup.sh --test"
[ -d "$SOURCE_DIR/tests/node/node_modules/playwright-core" ] ||
  skip "playwright-core (npm) is not installed: run scripts/setup.sh --test"
artifacts="$(cd "$(dirname "$TALLY")" && pwd)/test-artifacts"
mkdir -p "$artifacts"

# check_html NAME REPORT_ARGS...
check_html() {
  local name=$1
  shift
  "$TALLY" report "$@" --format json --as-of 2011-12-31 --html "$WORK/$name.html" >"$WORK/$name.json"
  if grep -Eq '<script[^>]+src=|<link[^>]+href=|@import|url\((https?:)?//' "$WORK/$name.html"; then
    fail "$name: the page refers to external resources"
  else
    pass "$name: self-contained"
  fi
  if node "$SOURCE_DIR/tests/node/html_check.mjs" "$WORK/$name.html" "$WORK/$name.json" \
    "$artifacts/report-$name" >"$WORK/$name.log" 2>&1; then
    pass "$name: Chromium checks ($(grep -c '^ok' "$WORK/$name.log") passed)"
  else
    fail "$name: $(grep -v '^ok' "$WORK/$name.log")"
  fi
}

"$TALLY" ingest "$REAL_DATA" --table retail --quiet
check_html real_data --table retail
check_html single_month --csv "$SOURCE_DIR/tests/fixtures/retail/single_month.csv"
cp "$WORK/real_data.html" "$artifacts/report-real_data.html"
echo "screenshots: $artifacts"
finish
