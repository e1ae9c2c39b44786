#!/usr/bin/env bash
# The fuzz targets (CSV, Parquet, pg_dump, catalog, SQL) build with ASan and UBSan, every saved crash
# input runs clean, and a short run of each finds nothing. Longer runs: scripts/fuzz.sh SECONDS.
source "$(dirname "$0")/lib/common.sh"

command -v clang++ >/dev/null || skip "clang is not installed: run scripts/setup.sh --test"
status=0
bash "$SOURCE_DIR/scripts/fuzz.sh" "${TALLY_FUZZ_SECONDS:-30}" >"$WORK/out" 2>&1 || status=$?
cat "$WORK/out"
[ "$status" = 77 ] && skip "the fuzz targets cannot be built here"
expect_eq "fuzz targets: exit status" 0 "$status"
for target in csv parquet pg_dump catalog sql; do
  grep -q "^fuzz: $target: [0-9]* executions in [0-9]* s, no findings" "$WORK/out" &&
    pass "$target fuzzed clean" || fail "$target did not run clean"
done
finish
