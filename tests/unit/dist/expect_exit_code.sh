#!/usr/bin/env bash
# Usage: expect_exit_code.sh CODE COMMAND [ARG...]
# Runs COMMAND and succeeds only if it exits with CODE (ctest's WILL_FAIL would accept any
# failure, including a crash).
expected=$1
shift
"$@"
status=$?
if [ "$status" -ne "$expected" ]; then
  echo "expect_exit_code: '$*' exited with $status, expected $expected" >&2
  exit 1
fi
