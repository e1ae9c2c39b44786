#!/usr/bin/env bash
# The report on data larger than its memory budget: with a tiny --memory-limit every big
# aggregation and sort spills to disk, and the report must equal the in-memory one; the spill
# files must be gone afterwards; an unusable --temp-dir must give a clear error.
source "$(dirname "$0")/lib/common.sh"
compare="$SOURCE_DIR/tests/integration/lib/compare_json.py"

# same_json WHAT EXPECTED ACTUAL
same_json() {
  local out
  if out=$(python3 "$compare" "$2" "$3"); then pass "$1"; else fail "$1: $out"; fi
}

# spilled_equals_default WHAT INPUT: --memory-limit 16MB equals the default budget.
spilled_equals_default() {
  local name=$1 input=$2 spill="$WORK/spill_$1"
  mkdir -p "$spill"
  "$TALLY" report --csv "$input" --format json --as-of 2011-12-31 >"$WORK/$name.json"
  "$TALLY" --memory-limit 16MB --temp-dir "$spill" report --csv "$input" --format json \
    --as-of 2011-12-31 >"$WORK/${name}_spilled.json"
  same_json "$name: report with --memory-limit 16MB equals the in-memory report" \
    "$WORK/$name.json" "$WORK/${name}_spilled.json"
  expect_eq "$name: temp dir empty after the spilling run" "" "$(ls -A "$spill")"
}

spilled_equals_default real "$REAL_DATA"

"$TALLY" generate --rows 2000000 --out "$WORK/generated.csv" --quiet
spilled_equals_default generated "$WORK/generated.csv"

# A read-only temp dir: without write permission, or (root ignores permissions) a read-only
# file system mounted in a private mount namespace.
readonly_dir="$WORK/readonly"
mkdir -p "$readonly_dir"
run_readonly=""
if [ "$(id -u)" != 0 ]; then
  chmod 555 "$readonly_dir"
  run_readonly="bash -c"
elif command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
  run_readonly="unshare -m bash -c"
  mount_ro="mount -t tmpfs -o ro tmpfs '$readonly_dir' && "
fi
if [ -n "$run_readonly" ]; then
  set +e
  err=$($run_readonly "${mount_ro:-}'$TALLY' --memory-limit 1MB --temp-dir '$readonly_dir' \
    report --csv '$REAL_DATA' --format json" 2>&1 >/dev/null)
  status=$?
  set -e
  expect_eq "read-only temp dir: exit status" 1 "$status"
  case "$err" in
    "tally: error: cannot write spill file in $readonly_dir: "*) pass "read-only temp dir: clear error ($err)" ;;
    *) fail "read-only temp dir: unexpected message [$err]" ;;
  esac
else
  echo "note: no way to make a read-only directory here: read-only case not checked"
fi

# A file where the temp dir should be.
touch "$WORK/not_a_dir"
set +e
err=$("$TALLY" --memory-limit 1MB --temp-dir "$WORK/not_a_dir" report --csv "$REAL_DATA" \
  --format json 2>&1 >/dev/null)
status=$?
set -e
expect_eq "temp dir that is a file: exit status" 1 "$status"
expect_eq "temp dir that is a file: message" \
  "tally: error: cannot write spill file in $WORK/not_a_dir: Not a directory" "$err"

# A full file system, where a small tmpfs can be mounted (root in a private mount namespace).
if command -v unshare >/dev/null && [ "$(id -u)" = 0 ] &&
  unshare -m true 2>/dev/null; then
  mkdir -p "$WORK/full"
  set +e
  err=$(unshare -m bash -c "mount -t tmpfs -o size=64k tmpfs '$WORK/full' &&
    '$TALLY' --memory-limit 1MB --temp-dir '$WORK/full' report --csv '$WORK/generated.csv' \
      --format json" 2>&1 >/dev/null)
  status=$?
  set -e
  if [ "$status" = 1 ]; then
    expect_eq "full temp dir: message" \
      "tally: error: cannot write spill file in $WORK/full: No space left on device" "$err"
  else
    echo "note: could not mount a small tmpfs (status $status): full-disk case not checked"
  fi
fi

# start_spilling_run DIR: a report spilling into DIR in the background (its pid in $pid), once
# its spill directory exists (or after 5 s).
start_spilling_run() {
  mkdir -p "$1"
  "$TALLY" --memory-limit 1MB --temp-dir "$1" report --csv "$WORK/generated.csv" \
    --format json >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    [ -n "$(ls -A "$1")" ] && break
    sleep 0.05
  done
}

# Ctrl-C during a spilling run removes the spill directory and exits 130.
start_spilling_run "$WORK/interrupted"
kill -INT "$pid" 2>/dev/null || true
set +e
wait "$pid"
status=$?
set -e
if [ "$status" = 0 ]; then
  echo "note: the run ended before it could be interrupted"
else
  expect_eq "interrupted run: exit status" 130 "$status"
fi
expect_eq "interrupted run: temp dir empty" "" "$(ls -A "$WORK/interrupted")"

# kill -9 during a spilling run: the spill files take no space afterwards (they are unlinked
# when opened), and the next run on this host removes the directory the killed one left.
start_spilling_run "$WORK/killed"
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
left=$(ls -A "$WORK/killed")
if [ -n "$left" ]; then
  expect_eq "killed run: no spill file left in $left" "" "$(find "$WORK/killed" -type f)"
  "$TALLY" --memory-limit 1MB --temp-dir "$WORK/killed" report --csv "$WORK/generated.csv" \
    --format json >/dev/null
  expect_eq "the next run removed the killed run's directory" "" "$(ls -A "$WORK/killed")"
else
  echo "note: the run ended before it could be killed"
fi

finish
