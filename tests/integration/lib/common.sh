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

# expect_same_table WHAT TABLE REFERENCE ROWS: TABLE holds REFERENCE's rows (as multisets, both
# ways), ROWS of them.
expect_same_table() {
  local diff
  diff=$("$TALLY" sql --format csv "SELECT count(*) FROM (SELECT * FROM $2 EXCEPT ALL SELECT * FROM $3) a
    UNION ALL SELECT count(*) FROM (SELECT * FROM $3 EXCEPT ALL SELECT * FROM $2) b
    UNION ALL SELECT count(*) FROM $2" | tr '\n' ' ')
  expect_eq "$1: rows differing both ways, then rows" "count 0 0 $4 " "$diff"
}

# For the MPI tests: ranks N ARGS... runs mpirun on this machine; skips the test where mpirun is
# missing or tally was built without MPI.
require_mpi() {
  command -v mpirun >/dev/null || skip "mpirun is not installed"
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  if ! ranks 2 "$TALLY" --version >/dev/null 2>"$WORK/err"; then
    grep -q "no MPI support" "$WORK/err" && skip "tally was built without MPI"
    fail "mpirun -np 2 tally --version: $(cat "$WORK/err")"
    finish
  fi
}
# One machine: shared memory between ranks; more ranks than cores is fine for correctness.
ranks() { timeout 300 mpirun --oversubscribe -np "$@"; }
