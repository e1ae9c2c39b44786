#!/usr/bin/env bash
# A rank that dies (kill -9) ends the whole MPI run: mpirun exits non-zero within 10 s of the
# kill, with nothing left running on any host, whether the dead rank was on mpirun's host or on
# the other one (whose daemon must report the death over the network). So does an error on the
# ranks of one host alone. The hosts are network
# namespaces on this machine (lib/netns_hosts.sh), the ranks talk over TCP only.
# Skipped without root, network namespaces, mpirun, or a tally built with MPI.
source "$(dirname "$0")/lib/common.sh"
source "$SOURCE_DIR/tests/integration/lib/netns_hosts.sh"

command -v mpirun >/dev/null || skip "mpirun is not installed"
netns_usable || skip "$NETNS_WHY"
netns_hosts_up 2 "$WORK/hosts" || skip "$NETNS_WHY"
export NETNS_MPIRUN_TIMEOUT=60
netns_hostfile 2 2 >"$WORK/hostfile"
limit=10 # seconds from a fault to mpirun's exit

# kill_a_rank WHAT HOST DELAY PROGRAM ARGS...: starts PROGRAM as 4 ranks (2 per host), waits
# until PROGRAM runs on HOST and listens on the test network (its MPI start-up is done: a kill
# inside Open MPI's own launch window is the launcher's matter, and its daemons can miss it),
# DELAY seconds more, kills one rank there with SIGKILL, and checks that mpirun then ends within
# $limit s with a failure status and that no process is left.
kill_a_rank() {
  local what=$1 host=$2 delay=$3
  shift 3
  local program
  program=$(basename "$1")
  netns_mpirun "$WORK/hostfile" -np 4 "$@" >"$WORK/out" 2>"$WORK/err" &
  local run=$! victim=""
  for _ in $(seq 1 400); do # up to 20 s for the ranks to start
    victim=$(netns_listening_pids_of "$host" "$program")
    victim=${victim%%$'\n'*}
    [ -z "$victim" ] && kill -0 "$run" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$victim" ]; then
    local status=0
    wait "$run" || status=$?
    fail "$what: $program never listened on host $host (mpirun status $status): $(tail -n 5 "$WORK/err")"
    return
  fi
  sleep "$delay"
  if ! kill -9 "$victim" 2>/dev/null; then
    wait "$run" || true
    echo "note: $what: the run ended before the kill; nothing checked"
    return
  fi
  local killed_at=$EPOCHREALTIME status=0
  wait "$run" || status=$?
  ended_in_time "$what" "$status" "$killed_at" "after the kill"
}

# ended_in_time WHAT STATUS SINCE EVENT: mpirun's exit STATUS is a failure, came at most $limit s
# after SINCE ($EPOCHREALTIME then), and nothing is left running on the hosts.
ended_in_time() {
  local what=$1 status=$2 since=$3 event=$4 took
  took=$(awk -v a="$since" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  if [ "$status" == 0 ]; then
    fail "$what: mpirun exited 0"
  elif [ "$status" == 124 ]; then
    fail "$what: mpirun hung (ended by timeout)"
  elif awk -v t="$took" -v l="$limit" 'BEGIN { exit !(t > l) }'; then
    fail "$what: mpirun took $took s to exit $event (limit $limit s)"
  else
    pass "$what: mpirun exited with status $status $took s $event"
  fi
  # Daemons and the other ranks go too (allow a moment for the last exits).
  local busy=""
  for _ in $(seq 1 50); do
    busy=$(netns_busy_hosts)
    [ -n "$busy" ] || break
    sleep 0.1
  done
  expect_eq "$what: nothing left running on the hosts" "" "$busy"
  # What a failed case left behind must not fail the cases after it as well.
  [ -z "$busy" ] || netns_end_all
}

# The harness and Open MPI alone (where mpicc exists): ranks in an endless allreduce loop.
if command -v mpicc >/dev/null; then
  cat >"$WORK/spin.c" <<'EOF'
#include <mpi.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  long one = 1, sum = 0;
  for (;;) MPI_Allreduce(&one, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
}
EOF
  mpicc -o "$WORK/spin" "$WORK/spin.c"
  kill_a_rank "allreduce loop, rank on the remote host killed" 2 0.5 "$WORK/spin"
  kill_a_rank "allreduce loop, rank on mpirun's host killed" 1 0.5 "$WORK/spin"
else
  echo "note: no mpicc: rank deaths are checked through tally only"
fi

if ! netns_tally_has_mpi "$TALLY" "$WORK/hostfile" 4; then
  [ "$failures" == 0 ] || finish # the harness checks above failed: that is not a skip
  skip "$NETNS_WHY"
fi

# A report that runs long enough to be killed in the middle.
"$TALLY" generate --rows 2000000 --out "$WORK/generated.csv" --quiet
report=("$TALLY" report --csv "$WORK/generated.csv" --format json)
kill_a_rank "report, remote rank killed at start" 2 0 "${report[@]}"
kill_a_rank "report, remote rank killed after 1 s" 2 1 "${report[@]}"
kill_a_rank "report, rank on mpirun's host killed after 1 s" 1 1 "${report[@]}"

# An error on the ranks of one host alone (the input is missing there; one app context per host)
# while the other host's ranks go on to wait for them in an exchange: tally must end the run.
start=$EPOCHREALTIME
status=0
netns_mpirun "$WORK/hostfile" -np 2 "${report[@]}" : \
  -np 2 "$TALLY" report --csv "$WORK/missing.csv" --format json >/dev/null 2>"$WORK/err" ||
  status=$?
ended_in_time "input missing on host 2" "$status" "$start" "from the start"
grep -q "^tally: error: rank 2 on ${NETNS_NAME[2]}: cannot open $WORK/missing.csv" "$WORK/err" &&
  pass "input missing on host 2: the error names the rank and host" ||
  fail "input missing on host 2: no such error in [$(head -c 600 "$WORK/err")]"

finish
