#!/usr/bin/env bash
# World Development Indicators on the real data (data/wdi.csv.zst): every query of
# `tally wdi` equals DuckDB's answer to the same question asked of the original CSV (all rows
# compared, values as exact doubles); the table is stored sorted by indicator_code in small row
# groups whose statistics let an indicator filter skip almost all of them; a wide (World Bank
# WDIData.csv) copy made from the long data ingests to the same rows.
source "$(dirname "$0")/lib/common.sh"
have_duckdb || skip "DuckDB (npm @duckdb/node-api) is not installed; run scripts/setup.sh --test"
WDI_DATA="$SOURCE_DIR/data/wdi.csv.zst"
[ -f "$WDI_DATA" ] || skip "no $WDI_DATA"

zstd -dcq "$WDI_DATA" >"$WORK/wdi.csv"
GDP=NY.GDP.MKTP.KD.ZG
"$TALLY" -q ingest "$WDI_DATA" --table wdi

duckdb_all() { node "$SOURCE_DIR/tests/node/duckdb_query.mjs" "$1"; }
# The original CSV as DuckDB reads it, independently of tally's ingest.
SRC="read_csv('$WORK/wdi.csv', header=true, columns={'year':'INTEGER','country_name':'VARCHAR',
  'country_code':'VARCHAR','indicator_name':'VARCHAR','indicator_code':'VARCHAR',
  'indicator_value':'DOUBLE'})"

# same_rows WHAT TALLY_JSON_FILE DUCKDB_SQL: the two row lists are equal (order, keys, values).
same_rows() {
  duckdb_all "$3" >"$WORK/expected.json" || { fail "$1: DuckDB failed"; return; }
  if python3 - "$2" "$WORK/expected.json" <<'PY'; then pass "$1"; else fail "$1"; fi
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
if len(got) != len(want):
    sys.exit(f"{len(got)} rows, DuckDB has {len(want)}")
if not want:
    sys.exit("DuckDB returned no rows: the comparison would prove nothing")
for i, (g, w) in enumerate(zip(got, want)):
    if list(g.keys()) != list(w.keys()) or any(g[k] != w[k] for k in w):
        sys.exit(f"row {i}: tally {g}, DuckDB {w}")
print(f"  {len(got)} rows equal", file=sys.stderr)
PY
}

POINTS="country_name, country_code, year, indicator_value AS value"
for country in CAN Canada canada can; do
  "$TALLY" wdi series --indicator $GDP --country $country --format json >"$WORK/series.json"
  same_rows "series $GDP $country" "$WORK/series.json" \
    "SELECT $POINTS FROM $SRC WHERE indicator_code = '$GDP' AND country_code = 'CAN' ORDER BY year"
done

"$TALLY" wdi all --indicator $GDP --format json >"$WORK/all.json"
same_rows "all $GDP" "$WORK/all.json" \
  "SELECT $POINTS FROM $SRC WHERE indicator_code = '$GDP' ORDER BY country_name, year"

for zero in ignore keep; do
  flag=""; where=""
  if [ $zero = ignore ]; then flag=--ignore-zero; where="AND indicator_value <> 0"; fi
  "$TALLY" wdi peak --indicator $GDP $flag --format json >"$WORK/peak.json"
  same_rows "peak $GDP ($zero zeros)" "$WORK/peak.json" "
    WITH v AS (SELECT * FROM $SRC WHERE indicator_code = '$GDP' $where),
         m AS (SELECT country_code, max(indicator_value) AS peak FROM v GROUP BY country_code)
    SELECT v.country_name, v.country_code, v.year, v.indicator_value AS value
    FROM v JOIN m ON v.country_code = m.country_code AND v.indicator_value = m.peak
    ORDER BY value DESC, country_name, year"
done
# The reference's join bug (max joined back to every indicator) would add rows of other
# indicators; each peak row must be a GDP growth row.
python3 - "$WORK/peak.json" <<'PY' && pass "peak rows: one per country and tied year" || fail "peak rows"
import json, sys
rows = json.load(open(sys.argv[1]))
keys = [(r["country_code"], r["year"]) for r in rows]
assert len(keys) == len(set(keys)), "duplicate (country, year)"
PY

"$TALLY" wdi indicators --search GDP --format json >"$WORK/indicators.json"
same_rows "indicators --search GDP" "$WORK/indicators.json" "
  SELECT indicator_code, indicator_name, count(*) AS rows, min(year) AS first_year,
         max(year) AS last_year
  FROM $SRC WHERE indicator_code ILIKE '%GDP%' OR indicator_name ILIKE '%GDP%'
  GROUP BY indicator_code, indicator_name ORDER BY indicator_code"
"$TALLY" wdi indicators --format json >"$WORK/indicators_all.json"
same_rows "indicators (all)" "$WORK/indicators_all.json" "
  SELECT indicator_code, indicator_name, count(*) AS rows, min(year) AS first_year,
         max(year) AS last_year
  FROM $SRC GROUP BY indicator_code, indicator_name ORDER BY indicator_code"

# CSV output: the header and the same values as the JSON.
"$TALLY" wdi series --indicator $GDP --country CAN --format csv >"$WORK/series.csv"
expect_eq "series csv header" "country_name,country_code,year,value" "$(head -1 "$WORK/series.csv")"
python3 - "$WORK/series.csv" "$WORK/series.json" <<'PY' && pass "series csv = json" || fail "series csv"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
want = json.load(open(sys.argv[2]))
assert len(rows) == len(want) > 0
for r, w in zip(rows, want):
    assert (r["country_name"], r["country_code"], int(r["year"]), float(r["value"])) == \
        (w["country_name"], w["country_code"], w["year"], w["value"]), (r, w)
PY
# --csv reads the file directly, with the same answer.
"$TALLY" wdi series --csv "$WDI_DATA" --indicator $GDP --country CAN --format json >"$WORK/s2.json"
expect_eq "series from --csv" "$(cat "$WORK/series.json")" "$(cat "$WORK/s2.json")"

# Unknown indicator or country: exit 1 and a pointer to the indicator list.
set +e
msg=$("$TALLY" wdi series --indicator NO.SUCH.CODE --country CAN 2>&1); rc=$?
expect_eq "unknown indicator exit code" 1 $rc
[[ "$msg" == *"tally wdi indicators --search"* ]] && pass "unknown indicator hint" ||
  fail "unknown indicator message: $msg"
msg=$("$TALLY" wdi series --indicator $GDP --country Atlantis 2>&1); rc=$?
expect_eq "unknown country exit code" 1 $rc
[[ "$msg" == *"Atlantis"* && "$msg" == *"tally wdi countries"* ]] &&
  pass "unknown country message" || fail "unknown country message: $msg"
set -e

# HTML pages: a bar per year for the series, a ranked bar per peak row; each chart is drawn
# twice (the desktop and the phone layout).
"$TALLY" wdi series --indicator $GDP --country CAN --format csv --html "$WORK/series.html" >/dev/null
expect_eq "series chart bars" "$(python3 -c 'import json,sys; print(2 * len(json.load(open(sys.argv[1]))))' "$WORK/series.json")" \
  "$(grep -c 'class="mark bar' "$WORK/series.html")"
# Peaks: ranked bars for the countries only (aggregates have their own table), at most 30.
"$TALLY" wdi peak --indicator $GDP --ignore-zero --format csv --html "$WORK/peak.html" >/dev/null
"$TALLY" wdi peak --indicator $GDP --ignore-zero --only countries --format json >"$WORK/peak_countries.json"
expect_eq "peak chart bars: the 30 highest country rows" \
  "$(python3 -c 'import json,sys; print(2 * min(30, len(json.load(open(sys.argv[1])))))' "$WORK/peak_countries.json")" \
  "$(grep -c 'class="mark bar' "$WORK/peak.html")"
grep -q 'id="wdi-aggregates"' "$WORK/peak.html" && pass "peak page: aggregates in their own table" ||
  fail "peak page: no aggregates table"
# All: a chart of the world by year and each country's latest value, not every row.
"$TALLY" wdi all --indicator $GDP --format csv --html "$WORK/all.html" >/dev/null
size=$(stat -c %s "$WORK/all.html")
[ "$size" -lt 300000 ] && grep -q 'id="wdi-world"' "$WORK/all.html" &&
  pass "all page: world chart, latest values ($size bytes)" || fail "all page: $size bytes"

"$TALLY" wdi indicators --html "$WORK/indicators.html" >/dev/null
node "$SOURCE_DIR/tests/node/legibility_check.mjs" "$WORK/series.html" "$WORK/peak.html" \
  "$WORK/all.html" "$WORK/indicators.html" >"$WORK/legibility.txt" &&
  pass "WDI pages legible at 1280 and 390 px" || fail "WDI pages: $(grep FAIL "$WORK/legibility.txt")"

# Countries and aggregates: --only splits the rows in two (no row lost or shared), aggregates
# are the World Bank's codes (checked against the names DuckDB finds for them), --top N keeps
# the first N countries and the first N aggregates.
"$TALLY" wdi peak --indicator $GDP --ignore-zero --only aggregates --format json >"$WORK/peak_aggregates.json"
"$TALLY" wdi peak --indicator $GDP --ignore-zero --top 7 --format json >"$WORK/peak_top.json"
"$TALLY" wdi peak --indicator $GDP --ignore-zero --format json >"$WORK/peak_ignore.json"
"$TALLY" wdi countries --format json >"$WORK/countries.json"
duckdb_all "SELECT DISTINCT country_code, country_name FROM $SRC ORDER BY 1, 2" >"$WORK/names.json"
if python3 - "$WORK" <<'PY'; then pass "--only, --top and wdi countries"; else fail "--only, --top or wdi countries"; fi
import json, sys
d = sys.argv[1]
load = lambda n: json.load(open(f"{d}/{n}.json"))
full, countries, aggregates, top = load("peak_ignore"), load("peak_countries"), load("peak_aggregates"), load("peak_top")
agg_codes = {r["country_code"] for r in aggregates}
assert sorted(map(json.dumps, countries + aggregates)) == sorted(map(json.dumps, full)), "split"
assert not agg_codes & {r["country_code"] for r in countries}, "shared"
names = {(r["country_code"], r["country_name"]) for r in load("names")}
listed = load("countries")
assert {(r["country_code"], r["country_name"]) for r in listed} == names, "wdi countries names"
kinds = {r["country_code"]: r["kind"] for r in listed}
assert agg_codes <= {c for c, k in kinds.items() if k == "aggregate"}, "aggregate kinds"
world = [n for c, n in names if c in ("WLD", "EUU", "HIC", "IDA")]
assert all(kinds[c] == "aggregate" for c in ("WLD", "EUU", "HIC", "IDA")), world
assert kinds["CAN"] == "country" and kinds["GNQ"] == "country"
def first(rows, n):
    out, seen = [], set()
    for r in rows:
        if r["country_code"] in seen or len(seen) < n:
            seen.add(r["country_code"]); out.append(r)
    return out
want = first(countries, 7) + first(aggregates, 7)
assert sorted(map(json.dumps, top)) == sorted(map(json.dumps, want)), "top"
print(f"  {len(countries)} country rows, {len(aggregates)} aggregate rows, top 7: {len(top)} rows", file=sys.stderr)
PY
"$TALLY" wdi peak --indicator $GDP --top 3 >"$WORK/peak.txt"
grep -q "^Regional and income aggregates" "$WORK/peak.txt" && grep -q "149.973 *$" "$WORK/peak.txt" &&
  pass "console: aggregates apart, values to 6 significant digits" || fail "console: $(cat "$WORK/peak.txt")"

# Storage: rows sorted by indicator_code, country_name, year, in row groups small enough that
# the min/max statistics of indicator_code exclude all but one or two for an indicator (what
# the scan's pruning uses; the files are inspected with DuckDB).
FILES=$(find "$TALLY_WAREHOUSE/wdi" -name '*.parquet' | sort | sed "s/.*/'&'/" | paste -sd,)
stats=$(duckdb_row "SELECT count(*), sum(CASE WHEN stats_min_value <= '$GDP' AND
  stats_max_value >= '$GDP' THEN 1 ELSE 0 END), max(row_group_num_rows)
  FROM parquet_metadata([$FILES]) WHERE path_in_schema = 'indicator_code'")
python3 - "$stats" <<'PY' && pass "row groups prune: $stats" || fail "row group statistics: $stats"
import json, sys
total, matching, largest = (int(x) for x in json.loads(sys.argv[1]))
assert total >= 20 and 1 <= matching <= 2 and largest <= 32768, (total, matching, largest)
PY
unsorted=$(duckdb_row "SELECT count(*) FROM (SELECT indicator_code, country_name, year,
  lag(indicator_code) OVER w AS pc, lag(country_name) OVER w AS pn, lag(year) OVER w AS py
  FROM read_parquet([$FILES], file_row_number=true, filename=true)
  WINDOW w AS (ORDER BY filename, file_row_number))
  WHERE pc IS NOT NULL AND (pc, pn, py) > (indicator_code, country_name, year)")
expect_eq "stored rows sorted" '["0"]' "$unsorted"

# Wide layout: a WDIData.csv-style file (one column per year, empty cells for missing years,
# a trailing empty column) made from the long data ingests to exactly the same rows.
python3 - "$WORK/wdi.csv" "$WORK/wide.csv" <<'PY'
import csv, sys
cells, years = {}, set()
with open(sys.argv[1], newline="") as f:
    for r in csv.DictReader(f):
        key = (r["country_name"], r["country_code"], r["indicator_name"], r["indicator_code"])
        cells.setdefault(key, {})[int(r["year"])] = r["indicator_value"]
        years.add(int(r["year"]))
years = list(range(min(years), max(years) + 1))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["Country Name", "Country Code", "Indicator Name", "Indicator Code"] +
               [str(y) for y in years] + [""])
    for key, values in cells.items():
        w.writerow(list(key) + [values.get(y, "") for y in years] + [""])
PY
"$TALLY" -q ingest "$WORK/wide.csv" --table wdi_wide
same=$(duckdb_row "SELECT count(*), (SELECT count(*) FROM read_parquet([$FILES])) FROM (
  SELECT * FROM read_parquet('$TALLY_WAREHOUSE/wdi_wide/*/*.parquet')
  EXCEPT ALL SELECT * FROM read_parquet([$FILES]))")
expect_eq "wide ingest: no row differs" '["0","454916"]' "$same"
rows=$(duckdb_row "SELECT count(*) FROM read_parquet('$TALLY_WAREHOUSE/wdi_wide/*/*.parquet')")
expect_eq "wide ingest: row count" '["454916"]' "$rows"
"$TALLY" wdi all --table wdi_wide --indicator $GDP --format json >"$WORK/all_wide.json"
cmp -s "$WORK/all.json" "$WORK/all_wide.json" && pass "all from the wide table = long table" ||
  fail "all from the wide table differs"

finish
