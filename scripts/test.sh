#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs what it needs, builds, runs ctest
# (unit tests and end-to-end tests against the real data, DuckDB and PostgreSQL).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup.sh" --test
bash "$here/scripts/build.sh"
cd "$here/build"
ctest --output-on-failure -j "$(nproc)" "$@"
