#!/usr/bin/env bash
# `tally shell` through a pseudo-terminal (tests/shell/shell_session.py): multi-line statements,
# dot commands, tab completion, output modes, errors, Ctrl-C cancelling a running query, and
# history kept between sessions.
source "$(dirname "$0")/lib/common.sh"

python3 -c 'import pexpect' 2>/dev/null || skip "python3-pexpect is not installed"

"$TALLY" ingest "$(real_csv)" --table retail --quiet
if python3 "$SOURCE_DIR/tests/shell/shell_session.py" "$TALLY" "$WORK" >"$WORK/shell.out" 2>&1; then
  pass "tally shell: $(grep -c '^ok' "$WORK/shell.out") checks"
else
  cat "$WORK/shell.out" >&2
  fail "tally shell"
fi

finish
