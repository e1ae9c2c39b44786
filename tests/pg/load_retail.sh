#!/usr/bin/env bash
# Loads a retail CSV (header invoice_no,stock_code,description,quantity,invoice_date,unit_price,
# customer_id,country) into table `retail` of the server named by the PG* environment
# (source the env file written by tests/pg/pg_server.sh start). Replaces any previous table.
#
#   tests/pg/load_retail.sh FILE.csv | FILE.csv.zst
#
# COPY's CSV mode reads an empty unquoted field as NULL, which is how the data marks a missing
# customer_id or description; a quoted empty string stays ''.
set -euo pipefail

die() {
  echo "load_retail.sh: $*" >&2
  exit 1
}

[ $# -eq 1 ] || die "usage: load_retail.sh FILE.csv|FILE.csv.zst"
csv=$1
[ -f "$csv" ] || die "$csv not found"
if [ -z "${PGHOST:-}" ] || [ -z "${PGPORT:-}" ]; then
  die "PGHOST/PGPORT not set: source the env file of tests/pg/pg_server.sh start"
fi

readonly CREATE_TABLE="
set client_min_messages = warning;
drop table if exists retail;
create table retail (
  invoice_no   text,
  stock_code   text,
  description  text,
  quantity     integer,
  invoice_date timestamp,
  unit_price   numeric(18,3),
  customer_id  integer,
  country      text
);"

psql_run() {
  psql -X -q -v ON_ERROR_STOP=1 "$@"
}

psql_run -c "$CREATE_TABLE"
case $csv in
  *.zst)
    command -v zstd >/dev/null || die "zstd not found (apt-get install zstd)"
    zstd -dc -- "$csv" | psql_run -c '\copy retail from pstdin csv header'
    ;;
  *)
    # \copy takes the file name literally up to the end of the line; quote it for psql.
    psql_run -c "\\copy retail from '${csv//\'/\'\'}' csv header"
    ;;
esac
psql_run -c 'analyze retail'
