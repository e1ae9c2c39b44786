#!/usr/bin/env bash
# The report run by MPI ranks spread over two hosts equals the single-process report. The hosts
# are network namespaces on this machine (lib/netns_hosts.sh): each has its own address on a
# private subnet and its own host name, mpirun starts the second host's daemon through a launch
# agent instead of ssh, and the ranks may use TCP only (no shared memory), so every byte one
# rank exchanges with another crosses a real TCP connection.
# Skipped without root, network namespaces, mpirun, or a tally built with MPI.
source "$(dirname "$0")/lib/common.sh"
source "$SOURCE_DIR/tests/integration/lib/netns_hosts.sh"
compare="$SOURCE_DIR/tests/integration/lib/compare_json.py"
fixtures="$SOURCE_DIR/tests/fixtures/retail"

command -v mpirun >/dev/null || skip "mpirun is not installed"
netns_usable || skip "$NETNS_WHY"
netns_hosts_up 2 "$WORK/hosts" || skip "$NETNS_WHY"
export NETNS_MPIRUN_TIMEOUT=120

netns_hostfile 2 2 >"$WORK/hosts_2_2"
netns_hostfile 2 1 >"$WORK/hosts_2_1"

# --- The harness itself: where the ranks run, and that they talk over the test network. ---

# Four ranks with the default by-slot mapping: ranks 0 and 1 on host 1, ranks 2 and 3 on host 2,
# each in its host's network namespace (not the one this script runs in).
netns_mpirun "$WORK/hosts_2_2" -np 4 sh -c \
  'echo "$OMPI_COMM_WORLD_RANK $(hostname) $(readlink /proc/self/ns/net)"' >"$WORK/placement"
sort -n "$WORK/placement" >"$WORK/placement.sorted"
net1=$(netns_on 1 readlink /proc/self/ns/net)
net2=$(netns_on 2 readlink /proc/self/ns/net)
expect_eq "rank placement (rank, host, network namespace)" \
  "$(printf '%s\n' "0 ${NETNS_NAME[1]} $net1" "1 ${NETNS_NAME[1]} $net1" \
    "2 ${NETNS_NAME[2]} $net2" "3 ${NETNS_NAME[2]} $net2")" "$(cat "$WORK/placement.sorted")"
[ "$net1" != "$net2" ] && [ "$net1" != "$(readlink /proc/self/ns/net)" ] &&
  pass "hosts have network namespaces of their own" || fail "hosts share a network namespace"

# An MPI program (where mpicc exists): each rank contributes its namespace's inode to an
# allreduce over TCP; every rank must get the sum over all ranks, which needs messages across
# the hosts. A failure here is the harness's (or the machine's), not tally's.
if command -v mpicc >/dev/null; then
  cat >"$WORK/allreduce.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  struct stat st;
  stat("/proc/self/ns/net", &st);
  long mine = (long)st.st_ino, sum = 0;
  MPI_Allreduce(&mine, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  printf("%d %ld\n", rank, sum);
  MPI_Finalize();
  return 0;
}
EOF
  mpicc -o "$WORK/allreduce" "$WORK/allreduce.c"
  inode() { echo "$1" | tr -dc 0-9; }
  want=$((2 * $(inode "$net1") + 2 * $(inode "$net2")))
  if netns_mpirun "$WORK/hosts_2_2" -np 4 "$WORK/allreduce" >"$WORK/allreduce.out" \
    2>"$WORK/allreduce.err"; then
    expect_eq "allreduce over TCP across the hosts" \
      "$(printf '%s\n' "0 $want" "1 $want" "2 $want" "3 $want")" "$(sort -n "$WORK/allreduce.out")"
  else
    fail "allreduce program across the hosts: $(cat "$WORK/allreduce.err")"
  fi
else
  echo "note: no mpicc: the MPI transport is checked through tally only"
fi

# --- tally. ---

if ! netns_tally_has_mpi "$TALLY" "$WORK/hosts_2_2" 4; then
  [ "$failures" == 0 ] || finish # the harness checks above failed: that is not a skip
  skip "$NETNS_WHY"
fi
expect_eq "tally --version as 4 ranks: exit status" 0 "$NETNS_TALLY_VERSION_STATUS"
grep -q '^tally [0-9]' <<<"$NETNS_TALLY_VERSION" && pass "tally --version as 4 ranks" ||
  fail "tally --version as 4 ranks: [$NETNS_TALLY_VERSION]"

# slot_hosts HOSTFILE: the host name of every slot, in order (ranks fill the slots in order).
slot_hosts() {
  local ip slots name
  while read -r ip slots; do
    name=$(awk -v ip="$ip" '$1 == ip { print $2 }' "$NETNS_HOSTS_FILE")
    for _ in $(seq 1 "${slots#slots=}"); do echo "$name"; done
  done <"$1"
}

# same_report WHAT HOSTFILE NP CSV: the report of NP ranks (one per slot of HOSTFILE) equals
# the single-process report (JSON: integers exactly, floats to a relative 1e-12; the RFM customer
# export byte for byte), and --rank-stats shows each rank on its host having sent bytes to the
# others.
same_report() {
  local what=$1 hostfile=$2 np=$3 csv=$4 name
  name=$(echo "$what" | tr -c 'a-zA-Z0-9\n' _)
  "$TALLY" report --csv "$csv" --format json --as-of 2011-12-31 \
    --rfm-customers "$WORK/$name.single.customers.csv" >"$WORK/$name.single.json"
  local start=$SECONDS
  if ! netns_mpirun "$hostfile" -np "$np" "$TALLY" --rank-stats report --csv "$csv" \
    --format json --as-of 2011-12-31 --rfm-customers "$WORK/$name.mpi.customers.csv" \
    >"$WORK/$name.mpi.json" 2>"$WORK/$name.mpi.err"; then
    fail "$what: mpirun failed: $(tail -n 20 "$WORK/$name.mpi.err")"
    return
  fi
  # The stats table on stderr: "RANK  HOST BYTES_SENT SECONDS" per rank.
  local stats
  stats=$(awk '/^[0-9]+  [^ ]+ [0-9]+ [0-9.]+$/ { print $1, $2, ($3 > 0 ? "sent" : "silent") }' \
    "$WORK/$name.mpi.err")
  expect_eq "$what: ranks, their hosts, and bytes sent to other ranks (--rank-stats)" \
    "$(slot_hosts "$hostfile" | awk '{ print NR - 1, $1, "sent" }')" "$stats"
  local out
  if ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/$name.mpi.json" \
    2>/dev/null; then
    fail "$what: the output is not one JSON document (more than one rank printing?): $(head -c 300 \
      "$WORK/$name.mpi.json")"
  elif out=$(python3 "$compare" "$WORK/$name.single.json" "$WORK/$name.mpi.json" 1e-12 2>&1); then
    pass "$what: report equals the single-process one ($((SECONDS - start)) s)"
  else
    fail "$what: report differs from the single-process one: $out"
  fi
  if cmp -s "$WORK/$name.single.customers.csv" "$WORK/$name.mpi.customers.csv"; then
    pass "$what: RFM customer export equals the single-process one"
  else
    fail "$what: RFM customer export differs: $(diff "$WORK/$name.single.customers.csv" \
      "$WORK/$name.mpi.customers.csv" 2>&1 | head -n 5)"
  fi
}

real=$(real_csv)
head -n 50001 "$real" >"$WORK/real_50k.csv"
same_report "real data, first 50000 lines, 2+2 ranks" "$WORK/hosts_2_2" 4 "$WORK/real_50k.csv"
same_report "real data, 2+1 ranks" "$WORK/hosts_2_1" 3 "$real"

# The hand-made edge cases (tests/fixtures/retail) are a few lines each, the empty one none: some
# ranks get no rows.
for csv in "$fixtures"/*.csv; do
  same_report "fixture $(basename "$csv" .csv), 2+2 ranks" "$WORK/hosts_2_2" 4 "$csv"
done

finish
