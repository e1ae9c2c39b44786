#!/usr/bin/env bash
# The full report on the real data equals independent oracles: a PostgreSQL 15 server running
# the SQL of every analytic (tests/sql) and, where the peer implementations are present, the
# DuckDB peer; from CSV, from the warehouse and from Parquet files; per-customer RFM row by row
# for both scorings; and the single-analytic commands and CSV output agree with the report.
source "$(dirname "$0")/lib/common.sh"
compare="$SOURCE_DIR/tests/integration/lib/compare_json.py"
csv=$(real_csv)

[ -x /usr/lib/postgresql/15/bin/initdb ] ||
  skip "PostgreSQL 15 is not installed: run scripts/setup.sh --test"
pg=$(mktemp -u /tmp/tally-pg.XXXXXX)  # outside WORK: the server runs as the postgres user
"$SOURCE_DIR/tests/pg/pg_server.sh" start "$pg" >/dev/null
trap '"$SOURCE_DIR/tests/pg/pg_server.sh" stop "$pg" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
# shellcheck disable=SC1091
source "$pg/env"
"$SOURCE_DIR/tests/pg/load_retail.sh" "$REAL_DATA" >/dev/null
python3 "$SOURCE_DIR/tests/pg/report_json.py" >"$WORK/pg.json"
"$SOURCE_DIR/tests/pg/rfm_customers_csv.sh" 2011-12-31 spark >"$WORK/pg_customers.csv"
"$SOURCE_DIR/tests/pg/rfm_customers_csv.sh" 2011-12-31 pandas >"$WORK/pg_customers_pandas.csv"

# same_json WHAT EXPECTED ACTUAL
same_json() {
  local out
  if out=$(python3 "$compare" "$2" "$3"); then pass "$1"; else fail "$1: $out"; fi
}

# From the CSV directly.
"$TALLY" report --csv "$REAL_DATA" --format json --as-of 2011-12-31 \
  --rfm-customers "$WORK/customers.csv" >"$WORK/csv.json"
same_json "report --csv equals PostgreSQL" "$WORK/pg.json" "$WORK/csv.json"
if diff -q "$WORK/pg_customers.csv" "$WORK/customers.csv" >/dev/null; then
  pass "per-customer RFM (4,372 rows) equals PostgreSQL row by row"
else
  fail "per-customer RFM differs: $(diff "$WORK/pg_customers.csv" "$WORK/customers.csv" | head -5)"
fi

# From the warehouse table and from its Parquet files.
"$TALLY" ingest "$REAL_DATA" --table retail --quiet
"$TALLY" report --table retail --format json --as-of 2011-12-31 >"$WORK/table.json"
same_json "report --table equals PostgreSQL" "$WORK/pg.json" "$WORK/table.json"
"$TALLY" report --parquet "$TALLY_WAREHOUSE/retail" --format json --as-of 2011-12-31 >"$WORK/parquet.json"
same_json "report --parquet equals PostgreSQL" "$WORK/pg.json" "$WORK/parquet.json"

# pandas scoring, per customer.
"$TALLY" rfm --table retail --rfm-scoring pandas --as-of 2011-12-31 \
  --rfm-customers "$WORK/customers_pandas.csv" --quiet >/dev/null
if diff -q "$WORK/pg_customers_pandas.csv" "$WORK/customers_pandas.csv" >/dev/null; then
  pass "pandas RFM scoring equals PostgreSQL row by row"
else
  fail "pandas scoring differs: $(diff "$WORK/pg_customers_pandas.csv" "$WORK/customers_pandas.csv" | head -5)"
fi

# The single-analytic commands print their part of the report.
"$TALLY" invoices --table retail --format json >"$WORK/invoices.json"
"$TALLY" monthly --table retail --format json >"$WORK/monthly.json"
"$TALLY" rfm --table retail --format json --as-of 2011-12-31 >"$WORK/rfm.json"
python3 - "$WORK" <<'PY' && pass "invoices/monthly/rfm commands agree with the report" || fail "single commands"
import json, sys
w = sys.argv[1]
full = json.load(open(f"{w}/table.json"))
parts = {}
for name in ("invoices", "monthly", "rfm"):
    parts.update(json.load(open(f"{w}/{name}.json")))
assert parts == full, sorted(k for k in full if parts.get(k) != full[k])
PY

# CSV output: one file per analytic, the same numbers.
"$TALLY" report --table retail --format csv --out "$WORK/csvout" --as-of 2011-12-31
python3 - "$WORK" <<'PY' && pass "CSV output equals the JSON" || fail "CSV output"
import csv, json, sys
w = sys.argv[1]
full = json.load(open(f"{w}/table.json"))
monthly = list(csv.DictReader(open(f"{w}/csvout/monthly.csv")))
assert len(monthly) == len(full["monthly"]) == 13
for row, ref in zip(monthly, full["monthly"]):
    assert int(row["ym"]) == ref["ym"] and int(row["gross"]) == ref["gross"]
    assert abs(float(row["sales"]) - ref["sales"]) <= 1e-9 * abs(ref["sales"])
segments = list(csv.DictReader(open(f"{w}/csvout/rfm_segments.csv")))
assert [s["segment"] for s in segments] == [s["segment"] for s in full["rfm_segments"]]
amounts = list(csv.DictReader(open(f"{w}/csvout/invoice_amount.csv")))
assert int(amounts[0]["n"]) == full["invoice_amount"]["n"]
assert float(amounts[1]["p85"]) == full["invoice_amount_below_p85"]["p85"]
PY

# The DuckDB peer (bench/peers in the shared folder beside the repository), when present.
peer="$SOURCE_DIR/../shared/bench/peers/duckdb_report.mjs"
if [ -f "$peer" ] && have_duckdb; then
  cp "$peer" "$SOURCE_DIR/tests/node/.duckdb_report_peer.mjs"
  node "$SOURCE_DIR/tests/node/.duckdb_report_peer.mjs" "$csv" >"$WORK/duckdb.json"
  rm -f "$SOURCE_DIR/tests/node/.duckdb_report_peer.mjs"
  same_json "report --csv equals the DuckDB peer" "$WORK/duckdb.json" "$WORK/csv.json"
  same_json "report --table equals the DuckDB peer" "$WORK/duckdb.json" "$WORK/table.json"
else
  echo "note: DuckDB peer not found beside the repository; compared with PostgreSQL only"
fi
finish
