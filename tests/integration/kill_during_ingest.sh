#!/usr/bin/env bash
# A SIGKILL at any moment of an ingest leaves the previous committed table readable and
# unchanged, with no partial file referenced; the next ingest cleans up what the killed one
# left and commits normally.
source "$(dirname "$0")/lib/common.sh"

"$TALLY" ingest "$REAL_DATA" --table retail --quiet
before=$("$TALLY" describe retail --quiet)

# A bigger input (5 copies of the real data) so that the ingest runs long enough to be killed.
csv=$(real_csv)
big="$WORK/big.csv"
{ cat "$csv"; for _ in 1 2 3 4; do tail -n +2 "$csv"; done; } >"$big"

check_intact() {
  local when=$1
  local now
  now=$("$TALLY" describe retail --quiet 2>&1) || true
  # The kill may land after the commit (while the process exits): then the new table is the
  # committed one, whole. Anything else than the old table or the whole new one is a failure.
  if [ "$now" == "$before" ]; then
    pass "$when: previous table intact"
  elif grep -Eq '^rows +2,709,545$' <<<"$now"; then
    pass "$when: the ingest had committed before the kill: the new table, whole"
    committed_before_kill=true
  else
    fail "$when: table changed: $now"
  fi
  # Every file the catalog names exists and is a complete Parquet file (magic at both ends).
  local entry="$TALLY_WAREHOUSE/_catalog/retail.json"
  local path
  for path in $(grep -o '"path": *"[^"]*"' "$entry" | sed 's/.*"\([^"]*\)"$/\1/'); do
    local file="$TALLY_WAREHOUSE/$path"
    if [ "$(head -c 4 "$file")" == "PAR1" ] && [ "$(tail -c 4 "$file")" == "PAR1" ]; then
      pass "$when: $path complete"
    else
      fail "$when: $path incomplete or missing"
    fi
  done
  "$TALLY" head retail -n 2 --quiet >/dev/null && pass "$when: table readable" || fail "$when: head failed"
}

for delay in 0.05 0.2 0.5 0.9 1.4 2.0; do
  "$TALLY" ingest "$big" --table retail --quiet &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    committed_before_kill=false
    check_intact "killed after ${delay}s"
    if $committed_before_kill; then
      "$TALLY" ingest "$REAL_DATA" --table retail --quiet
      before=$("$TALLY" describe retail --quiet)
    fi
  else
    wait "$pid" || true
    echo "ingest finished before ${delay}s; restoring the small table"
    "$TALLY" ingest "$REAL_DATA" --table retail --quiet
    before=$("$TALLY" describe retail --quiet)
  fi
done

# A normal ingest afterwards commits and removes every leftover.
"$TALLY" ingest "$big" --table retail --quiet
grep -Eq '^retail +2,709,545 ' <<<"$("$TALLY" tables)" && pass "final ingest committed" || fail "final ingest"
leftovers=$(find "$TALLY_WAREHOUSE/.staging" -mindepth 1 | wc -l)
expect_eq "no staging leftovers" 0 "$leftovers"
expect_eq "only the committed data directory remains" 1 "$(ls -d "$TALLY_WAREHOUSE"/retail/*/ | wc -l)"
finish
