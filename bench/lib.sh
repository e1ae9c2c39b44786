# Helpers shared by the benchmark scripts (sourced). Expects $tally set by the script.

# die MESSAGE: prints "SCRIPT: MESSAGE" on stderr and exits 1.
die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# GNU time measures peak RSS; installs it (Debian package 'time') when missing.
ensure_gnu_time() {
  if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (Debian package 'time')" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time) >/dev/null
  fi
}

# True when the tally binary lists the given subcommand in its help.
tally_has() {
  [ -x "$tally" ] || return 1
  local help
  help=$("$tally" --help 2>/dev/null || true)
  grep -qE "^[[:space:]]+$1([[:space:]]|$)" <<<"$help"
}

# bench_csv WORK [CSV]: the absolute path of CSV, or of the bundled real data decompressed
# into WORK when none is given.
bench_csv() {
  local work=$1 csv=${2:-}
  if [ -z "$csv" ]; then
    csv=$work/online_retail.csv
    zstd -dcq -- "$shared/data/online_retail.csv.zst" >"$csv"
  fi
  [ -f "$csv" ] || die "$csv not found"
  echo "$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")"
}
