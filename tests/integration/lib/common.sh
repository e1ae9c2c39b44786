# Shared helpers for the end-to-end tests. Each test is run by ctest as
#   bash tests/integration/NAME.sh PATH/TO/tally SOURCE_DIR
# and exits 0 (pass), 1 (fail) or 77 (skipped, with the reason printed).
set -euo pipefail

TALLY=${1:?usage: $0 TALLY_BINARY SOURCE_DIR}
SOURCE_DIR=${2:?usage: $0 TALLY_BINARY SOURCE_DIR}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tally_it.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export TALLY_WAREHOUSE="$WORK/warehouse"
REAL_DATA="$SOURCE_DIR/data/online_retail.csv.zst"
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

pass() { echo "ok: $*"; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}

skip() {
  echo "SKIP: $*"
  exit 77
}

# The DuckDB oracle (npm @duckdb/node-api, installed by scripts/setup.sh --test).
have_duckdb() { [ -d "$SOURCE_DIR/tests/node/node_modules/@duckdb/node-api" ] && command -v node >/dev/null; }

# duckdb_row SQL -> the first result row as JSON (numbers that need 64 bits as strings)
duckdb_row() { node "$SOURCE_DIR/tests/node/parquet_check.mjs" "$1"; }

# Real data decompressed once per test (several tests need the plain CSV).
real_csv() {
  if [ ! -f "$WORK/online_retail.csv" ]; then zstd -dcq "$REAL_DATA" >"$WORK/online_retail.csv"; fi
  echo "$WORK/online_retail.csv"
}
