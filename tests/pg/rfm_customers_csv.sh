#!/usr/bin/env bash
# Prints the per-customer RFM table of the loaded `retail` table as CSV:
#   customer_id,recency,frequency,monetary,r,f,m,segment   (ordered by customer_id)
# monetary is the exact numeric sum with 3 decimals (e.g. 4310.000); compare it as a number.
#
#   source DIR/env && tests/pg/rfm_customers_csv.sh [AS_OF [SCORING]] > rfm_customers.csv
# AS_OF defaults to 2011-12-31, the reference's fixed as-of date; SCORING is spark (default)
# or pandas.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
as_of=${1:-2011-12-31}
scoring=${2:-spark}
if [ -z "${PGHOST:-}" ] || [ -z "${PGPORT:-}" ]; then
  echo "rfm_customers_csv.sh: PGHOST/PGPORT not set: source the env file of pg_server.sh" >&2
  exit 1
fi
psql -X -q --csv -v ON_ERROR_STOP=1 -v as_of="$as_of" -v scoring="$scoring" \
  -f "$here/../sql/rfm_customers.sql"
