#!/usr/bin/env bash
# Progress on long jobs when stderr is a terminal, and Ctrl-C saying what was kept, through a
# pseudo-terminal (tests/cli/progress_session.py).
source "$(dirname "$0")/lib/common.sh"

python3 -c 'import pexpect' 2>/dev/null || skip "python3-pexpect is not installed"
if python3 "$SOURCE_DIR/tests/cli/progress_session.py" "$TALLY" "$WORK" >"$WORK/progress.out" 2>&1; then
  pass "progress: $(grep -c '^ok' "$WORK/progress.out") checks"
else
  cat "$WORK/progress.out" >&2
  fail "progress"
fi

finish
