#!/usr/bin/env bash
# The main job from a fresh machine: install what tally needs, build it, ingest the bundled real
# retail data into ./warehouse, print the full report and write it as HTML (out/report.html).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh" --target tally >/dev/null
cd "$here"
tally=build/tally
"$tally" ingest data/online_retail.csv.zst --table retail
"$tally" describe retail --quiet
echo
mkdir -p out
"$tally" report --table retail --html out/report.html
echo "HTML report: out/report.html"
