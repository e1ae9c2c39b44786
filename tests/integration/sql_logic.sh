#!/usr/bin/env bash
# The data-driven SQL suite (tests/sql/logic/*.test, one file per feature): every query's rows
# from `tally sql` must equal the rows in its file, and PostgreSQL 15 (a throwaway server) must
# give the same rows on the same statements, so no expected row is unchecked by an oracle. A
# file's rows are rewritten from PostgreSQL by `tests/sql/sqltest.py --rewrite`.
source "$(dirname "$0")/lib/common.sh"

command -v pg_ctl >/dev/null || [ -d /usr/lib/postgresql ] || skip "PostgreSQL is not installed"

PGDIR=$(mktemp -u /tmp/tally-pg.XXXXXX)
trap 'bash "$SOURCE_DIR/tests/pg/pg_server.sh" stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
bash "$SOURCE_DIR/tests/pg/pg_server.sh" start "$PGDIR" >/dev/null
# shellcheck disable=SC1091
source "$PGDIR/env"

if python3 "$SOURCE_DIR/tests/sql/sqltest.py" "$TALLY" "$SOURCE_DIR"/tests/sql/logic/*.test \
  >"$WORK/sqltest.out" 2>&1; then
  pass "$(tail -1 "$WORK/sqltest.out")"
else
  grep -v '^ok ' "$WORK/sqltest.out" >&2
  fail "the SQL suite differs from its files or from PostgreSQL"
fi

finish
