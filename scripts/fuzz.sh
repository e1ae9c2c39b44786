#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer) into
# build-fuzz/ and runs each of them: first every saved input of tests/fuzz/crashes/NAME/ (each a
# bug found and fixed, which must stay fixed), then fuzzing for SECONDS seconds starting from the
# seeds of tests/fuzz/corpus/NAME/ and what earlier runs here found (build-fuzz/corpus/NAME/).
#
#   bash scripts/fuzz.sh               # 60 seconds per target
#   bash scripts/fuzz.sh 3600 parquet  # an hour on the Parquet reader
#
# A finding is written to build-fuzz/findings/ and the script exits 1, naming the input and the
# command that reproduces it. Targets: csv, parquet, pg_dump, catalog, sql.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv parquet pg_dump catalog sql)

command -v clang++ >/dev/null || { echo "fuzz: clang++ is not installed (scripts/setup.sh --test)" >&2; exit 77; }
build="$here/build-fuzz"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTALLY_PYTHON=OFF \
    -DTALLY_FUZZERS=ON -DTALLY_BUILD_TESTS=OFF >/dev/null
fi
names=()
for t in "${targets[@]}"; do names+=("${t}_fuzzer"); done
cmake --build "$build" -j "$(nproc)" --target "${names[@]}" >/dev/null

mkdir -p "$build/findings"
status=0
for t in "${targets[@]}"; do
  fuzzer="$build/${t}_fuzzer"
  crashes="$here/tests/fuzz/crashes/$t"
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  # Saved crash inputs: each must now run clean.
  if [ -d "$crashes" ] && [ -n "$(ls -A "$crashes")" ]; then
    if ! "$fuzzer" -runs=1 "$crashes"/* >"$build/findings/$t-replay.log" 2>&1; then
      echo "fuzz: $t: a saved crash input fails again (see $build/findings/$t-replay.log)" >&2
      status=1
      continue
    fi
    echo "fuzz: $t: $(ls "$crashes" | wc -l) saved crash input(s) run clean"
  fi
  log="$build/findings/$t.log"
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/findings/$t-" "$corpus" \
    "$here/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $t: $runs executions in $seconds s, no findings"
  else
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz: $t: FINDING ${artifact:-(see $log)}" >&2
    grep -E "ERROR|SUMMARY|runtime error|terminate" "$log" | head -5 >&2 || true
    echo "fuzz: reproduce with: $fuzzer ${artifact:-INPUT}" >&2
    status=1
  fi
done
exit $status
