#!/usr/bin/env bash
# The C++ library as others use it: `cmake --install` the build, then build the example program
# of docs/cpp_api.md (examples/cpp) against the installed package with find_package(tally) and
# run it on the real data; its answer must equal DuckDB's on the same file.
source "$(dirname "$0")/lib/common.sh"

have_duckdb || skip "DuckDB (npm @duckdb/node-api) is not installed: run scripts/setup.sh --test"
build_dir=$(dirname "$TALLY")
cmake --install "$build_dir" --prefix "$WORK/prefix" >/dev/null
[ -f "$WORK/prefix/lib/cmake/tally/tallyConfig.cmake" ] && pass "installed a CMake package" ||
  fail "no tallyConfig.cmake under $WORK/prefix"
[ -f "$WORK/prefix/include/tally/frame/dataframe.h" ] && pass "installed the DataFrame headers" ||
  fail "no headers under $WORK/prefix/include/tally"
cmake -S "$SOURCE_DIR/examples/cpp" -B "$WORK/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$WORK/prefix" >"$WORK/configure.log" 2>&1 ||
  { cat "$WORK/configure.log"; fail "the example does not configure against the package"; finish; }
cmake --build "$WORK/example" >"$WORK/build.log" 2>&1 ||
  { tail -30 "$WORK/build.log"; fail "the example does not build"; finish; }
pass "the example builds against the installed package"

csv=$(real_csv)
"$WORK/example/top_countries" "$csv" >"$WORK/tally.csv"
node "$SOURCE_DIR/tests/node/duckdb_query.mjs" "
  SELECT country, sum(quantity * unit_price) AS sales, count(DISTINCT invoice_no) AS invoices
  FROM read_csv('$csv', types={'unit_price': 'DECIMAL(18,3)', 'invoice_no': 'VARCHAR',
                               'customer_id': 'VARCHAR'})
  WHERE quantity > 0 AND unit_price > 0
  GROUP BY country ORDER BY sales DESC, country LIMIT 5" >"$WORK/duckdb.json"
python3 - "$WORK/tally.csv" "$WORK/duckdb.json" <<'PY' && pass "top countries equal DuckDB's" || fail "top countries differ"
import csv, decimal, json, sys
tally = [(r[0], decimal.Decimal(r[1]), int(r[2])) for r in csv.reader(open(sys.argv[1]))]
duck = [(r["country"], decimal.Decimal(str(r["sales"])), int(r["invoices"]))
        for r in json.load(open(sys.argv[2]))]
print("tally: ", tally)
print("duckdb:", duck)
sys.exit(0 if tally == duck and len(tally) == 5 else 1)
PY
finish
