#!/usr/bin/env bash
# Installs every Debian package tally needs to build and run, its Python package and Jupyter
# included (and, with --test, to run its test
# suite: PostgreSQL 15, Node.js and DuckDB from npm as independent oracles). Idempotent and
# non-interactive: packages already present are not touched.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

build_packages=(build-essential g++ cmake ninja-build pkg-config git zstd
  libfmt-dev libcli11-dev nlohmann-json3-dev libfast-float-dev libhowardhinnant-date-dev
  libxxhash-dev libzstd-dev libsnappy-dev liblz4-dev libtbb-dev zlib1g-dev libpq-dev libpg-query-dev libedit-dev
  libgtest-dev googletest libbenchmark-dev libopenmpi-dev openmpi-bin openssh-client
  pybind11-dev python3-dev)
# The Python package (tally) and its notebooks: Debian's python3 with NumPy and pandas, Jupyter
# (its python3 kernel imports tally the same way), nbclient/nbconvert to run notebooks headless.
python_packages=(python3 python3-numpy python3-pandas python3-matplotlib jupyter-notebook
  python3-ipykernel python3-nbclient python3-nbconvert python3-nbformat)
# clang and its runtimes build the libFuzzer targets (scripts/fuzz.sh) with ASan and UBSan.
test_packages=(postgresql python3 python3-pexpect python3-pytest chromium ca-certificates iproute2 clang libclang-rt-14-dev)

want=("${build_packages[@]}" "${python_packages[@]}")
with_tests=false
if [ "${1:-}" = "--test" ]; then
  with_tests=true
  want+=("${test_packages[@]}")
  command -v node >/dev/null 2>&1 || want+=(nodejs)
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if $with_tests && { [ ! -d "$here/tests/node/node_modules/@duckdb/node-api" ] ||
  [ ! -d "$here/tests/node/node_modules/playwright-core" ]; }; then
  echo "setup: installing the test oracles from npm (DuckDB, playwright-core)" >&2
  (cd "$here/tests/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
