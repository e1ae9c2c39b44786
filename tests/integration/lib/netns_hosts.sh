# Simulated hosts for multi-machine tests: Linux network namespaces on this machine, joined by a
# bridge, each with its own address on a private test subnet and its own host name, so processes
# on different "hosts" can only reach each other over TCP/IP. Nothing is configured in the
# caller's namespace: the bridge lives in a switch namespace of its own. Needs root and iproute2.
#
#   source "$SOURCE_DIR/tests/integration/lib/netns_hosts.sh"
#   netns_usable || skip "$NETNS_WHY"
#   netns_hosts_up 2 "$WORK/hosts" || skip "$NETNS_WHY"  # hosts 1 and 2, removed at exit
#   netns_on 1 CMD...                    # runs CMD on host 1
#   netns_hostfile 2 1 >"$WORK/hostfile" # an Open MPI hostfile: 2 slots on host 1, 1 on host 2
#   netns_mpirun "$WORK/hostfile" -np 3 PROGRAM...  # mpirun on host 1, ranks over TCP only
#
# After netns_hosts_up, host i (1-based) has NETNS_NS[i] (namespace), NETNS_IP[i] and
# NETNS_NAME[i] (host name). Names contain the shell's pid, so parallel runs do not clash; the
# same test subnet can be used by every run because each run's namespaces are isolated.
# Sourcing this file has no side effects (netns_agent.sh sources it too).

NETNS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETNS_SUBNET_PREFIX=${NETNS_SUBNET_PREFIX:-10.77.0}  # host i gets $NETNS_SUBNET_PREFIX.(10+i)
NETNS_SUBNET="$NETNS_SUBNET_PREFIX.0/24"
NETNS_PREFIX="tallynet$$"  # namespace and host names start with this
NETNS_WHY=""
NETNS_CREATED=()  # namespaces this shell made, in order; removed by netns_hosts_down
declare -a NETNS_NS NETNS_IP NETNS_NAME

# netns_usable: whether namespaces can be made here; if not, NETNS_WHY says why.
netns_usable() {
  if [ "$(id -u)" != 0 ]; then
    NETNS_WHY="network namespaces need root (running as uid $(id -u))"
    return 1
  fi
  local tool
  for tool in ip unshare hostname; do
    if ! command -v "$tool" >/dev/null; then
      NETNS_WHY="'$tool' is not installed"
      return 1
    fi
  done
  local probe="${NETNS_PREFIX}probe" out
  if ! out=$(ip netns add "$probe" 2>&1); then
    NETNS_WHY="cannot create a network namespace: $out"
    return 1
  fi
  if ! out=$(ip netns exec "$probe" unshare --uts hostname "$probe" 2>&1); then
    ip netns del "$probe" 2>/dev/null || true
    NETNS_WHY="cannot enter a network namespace with its own host name: $out"
    return 1
  fi
  ip netns del "$probe"
}

# netns_hosts_up COUNT DIR: makes hosts 1..COUNT on one bridge and registers netns_hosts_down to
# run at exit (before any exit trap already set). DIR receives the hosts table the launch agent
# reads (exported as NETNS_HOSTS_FILE) and a temp dir per host. Returns 1 with NETNS_WHY set if
# the network cannot be built (everything made so far is removed at exit all the same).
netns_hosts_up() {
  local count=$1 dir=$2
  _netns_remove_stale
  _netns_chain_exit_trap
  mkdir -p "$dir"
  export NETNS_HOSTS_FILE="$dir/hosts"
  : >"$NETNS_HOSTS_FILE"
  local switch="$NETNS_PREFIX-sw"
  _netns_add "$switch" || return 1
  _netns_do "bridge" ip -n "$switch" link add br0 type bridge forward_delay 0 stp_state 0 &&
    _netns_do "bridge up" ip -n "$switch" link set br0 up || return 1
  local i ns ip name
  for ((i = 1; i <= count; i++)); do
    name="$NETNS_PREFIX-h$i"
    ns=$name
    ip="$NETNS_SUBNET_PREFIX.$((10 + i))"
    _netns_add "$ns" || return 1
    # One veth pair per host: "eth0" inside the host, "h<i>" on the switch's bridge.
    _netns_do "veth for host $i" ip -n "$switch" link add "h$i" type veth peer name eth0 netns "$ns" &&
      _netns_do "bridge port $i" ip -n "$switch" link set "h$i" master br0 up &&
      _netns_do "loopback on host $i" ip -n "$ns" link set lo up &&
      _netns_do "address on host $i" ip -n "$ns" addr add "$ip/24" dev eth0 &&
      _netns_do "eth0 on host $i" ip -n "$ns" link set eth0 up || return 1
    NETNS_NS[i]=$ns
    NETNS_IP[i]=$ip
    NETNS_NAME[i]=$name
    mkdir -p "$dir/$name/tmp"
    echo "$ip $name $ns $dir/$name/tmp" >>"$NETNS_HOSTS_FILE"
  done
  # A bridge port forwards only after the link comes up; wait until every host reaches host 1.
  for ((i = 2; i <= count; i++)); do
    if ! _netns_wait_reachable "$i" "${NETNS_IP[1]}"; then
      NETNS_WHY="host $i cannot reach ${NETNS_IP[1]} over the test bridge"
      return 1
    fi
  done
}

# netns_end_all: ends everything still running on the hosts (SIGTERM, then SIGKILL after 2 s),
# leaving the hosts up.
netns_end_all() {
  local ns pid pids=()
  for ns in "${NETNS_CREATED[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null || true); do pids+=("$pid"); done
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 20); do
    _netns_any_alive "${pids[@]}" || break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# netns_hosts_down: ends what still runs on the hosts (say mpirun and daemons of an interrupted
# run: SIGTERM first so that mpirun can stop its job, SIGKILL after 2 s) and removes the
# namespaces, which takes their interfaces and the bridge with them. Safe to call twice.
netns_hosts_down() {
  local ns
  netns_end_all
  for ns in "${NETNS_CREATED[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  NETNS_CREATED=()
}

# netns_on HOST CMD...: runs CMD on HOST (an index, address or host name from the hosts table)
# in the host's network namespace, under the host's name and with TMPDIR the host's temp dir
# (so Open MPI's session files of different hosts do not mix).
netns_on() {
  local host=$1
  shift
  local row
  row=$(_netns_lookup "$host") || {
    echo "netns: unknown host '$host' (table: ${NETNS_HOSTS_FILE:-unset})" >&2
    return 255
  }
  local name ns tmp
  read -r _ name ns tmp <<<"$row"
  ip netns exec "$ns" unshare --uts -- \
    env TMPDIR="$tmp" /bin/sh -c 'hostname "$0" && exec "$@"' "$name" "$@"
}

# netns_hostfile SLOTS...: an Open MPI hostfile, host i with the i-th slot count; hosts are given
# by address so that mpirun needs no name resolution (the agent maps the address back).
netns_hostfile() {
  local i=1 slots
  for slots in "$@"; do
    echo "${NETNS_IP[i]} slots=$slots"
    i=$((i + 1))
  done
}

# The mpirun options that make a run span the simulated hosts, over TCP only:
#  plm_rsh_agent          remote daemons (orted) start through netns_agent.sh instead of ssh;
#  plm_rsh_no_tree_spawn  only mpirun starts daemons (no daemon calls the agent in turn);
#  oob_tcp_if_include     the daemons' control channel uses the test network only (mpirun would
#                         otherwise also advertise 127.0.0.1, which is another host's loopback);
#  pml ob1, btl tcp,self  messages go through the TCP transport (and to oneself), never shared
#                         memory (vader) or UCX, which would bypass the btl choice;
#  btl_tcp_if_include     ...and over the test network only;
#  coll ^sm,han, osc ^sm,ucx  no shared-memory collectives or one-sided windows either;
#  --bind-to none         all hosts share this machine's cores: pinning would stack ranks.
netns_mpi_options() {
  NETNS_MPI_OPTIONS=(
    --mca plm_rsh_agent "$NETNS_LIB_DIR/netns_agent.sh"
    --mca plm_rsh_no_tree_spawn 1
    --mca oob_tcp_if_include "$NETNS_SUBNET"
    --mca pml ob1
    --mca btl tcp,self
    --mca btl_tcp_if_include "$NETNS_SUBNET"
    --mca coll ^sm,han
    --mca osc ^sm,ucx
    --bind-to none
  )
  if [ "$(id -u)" = 0 ]; then NETNS_MPI_OPTIONS+=(--allow-run-as-root); fi
}

# netns_mpirun HOSTFILE MPIRUN_ARGS...: mpirun on host 1 across the hosts of HOSTFILE, ended
# after NETNS_MPIRUN_TIMEOUT seconds (default 300; exit status 124) so that a hang fails a test
# instead of stalling it. Standard input is not forwarded to rank 0.
netns_mpirun() {
  local hostfile=$1
  shift
  netns_mpi_options
  netns_on 1 timeout --kill-after=10 "${NETNS_MPIRUN_TIMEOUT:-300}" \
    mpirun --hostfile "$hostfile" "${NETNS_MPI_OPTIONS[@]}" "$@" </dev/null
}

# netns_tally_has_mpi TALLY HOSTFILE NP: whether this tally build can run as MPI ranks; if not,
# NETNS_WHY says why. Runs `TALLY --version` as NP ranks on the hosts of HOSTFILE, leaving its
# output in NETNS_TALLY_VERSION and exit status in NETNS_TALLY_VERSION_STATUS. A build without
# MPI says "no MPI support" there; a build from before the MPI mode has no libtally_mpi.so (the
# library, linked with MPI, that tally loads for MPI runs) beside it or in ../lib/tally.
netns_tally_has_mpi() {
  local tally=$1 hostfile=$2 np=$3
  NETNS_TALLY_VERSION_STATUS=0
  NETNS_TALLY_VERSION=$(netns_mpirun "$hostfile" -np "$np" "$tally" --version 2>&1) ||
    NETNS_TALLY_VERSION_STATUS=$?
  if grep -q "no MPI support" <<<"$NETNS_TALLY_VERSION"; then
    NETNS_WHY="this tally is built without MPI: $(grep -m1 "no MPI support" <<<"$NETNS_TALLY_VERSION")"
    return 1
  fi
  # Read ldd's whole output first: under pipefail, `ldd | grep -q` fails when grep exits at its
  # first match and ldd gets SIGPIPE.
  local dir libraries=""
  dir=$(dirname "$(readlink -f "$tally")")
  for library in ${TALLY_MPI_LIBRARY:+"$TALLY_MPI_LIBRARY"} "$dir/libtally_mpi.so" \
    "$dir"/../lib*/tally/libtally_mpi.so "$dir"/../lib/*/tally/libtally_mpi.so; do
    [ -f "$library" ] && libraries+=$(ldd "$library" 2>/dev/null || true)
  done
  if ! grep -q 'libmpi' <<<"$libraries"; then
    NETNS_WHY="this tally has no MPI library (libtally_mpi.so linked with MPI) beside it"
    return 1
  fi
}

# netns_pids_of HOST NAME: the pids of the processes called NAME (as in /proc/PID/comm) on HOST.
netns_pids_of() {
  local row ns pid
  row=$(_netns_lookup "$1") || return 1
  read -r _ _ ns _ <<<"$row"
  for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]; then echo "$pid"; fi
  done
}

# netns_listening_pids_of HOST NAME: the pids of the processes called NAME on HOST that listen on
# a TCP port (an MPI rank does once its start-up has opened its TCP transport).
netns_listening_pids_of() {
  local row ns pid
  row=$(_netns_lookup "$1") || return 1
  read -r _ _ ns _ <<<"$row"
  local listening
  listening=$(ip netns exec "$ns" ss -Htlnp 2>/dev/null || true)
  for pid in $(netns_pids_of "$1" "$2"); do
    if grep -q "pid=$pid," <<<"$listening"; then echo "$pid"; fi
  done
}

# netns_busy_hosts: the hosts on which anything still runs (none once a run has ended cleanly).
netns_busy_hosts() {
  local i
  for i in "${!NETNS_NS[@]}"; do
    if [ -n "$(ip netns pids "${NETNS_NS[i]}" 2>/dev/null)" ]; then echo "${NETNS_NAME[i]}"; fi
  done
}

# --- internals ---

_netns_add() {
  local out
  if ! out=$(ip netns add "$1" 2>&1); then
    NETNS_WHY="cannot create network namespace $1: $out"
    return 1
  fi
  NETNS_CREATED+=("$1")
}

_netns_any_alive() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

# _netns_do WHAT CMD...: runs CMD; on failure sets NETNS_WHY to WHAT and CMD's message.
_netns_do() {
  local what=$1 out
  shift
  if ! out=$("$@" 2>&1); then
    NETNS_WHY="cannot set up the test network ($what): $out"
    return 1
  fi
}

_netns_lookup() {
  [ -n "${NETNS_HOSTS_FILE:-}" ] && [ -f "$NETNS_HOSTS_FILE" ] || return 1
  awk -v h="$1" '$1 == h || $2 == h || NR == h { print; found = 1; exit } END { exit !found }' \
    "$NETNS_HOSTS_FILE"
}

# _netns_wait_reachable HOST ADDRESS: up to ~5 s for HOST to reach ADDRESS over TCP (a refused
# connection proves the path as well as an accepted one; no answer or no route does not).
_netns_wait_reachable() {
  local host=$1 address=$2 out
  for _ in $(seq 1 300); do
    if out=$(netns_on "$host" timeout 1 bash -c "exec 3<>/dev/tcp/$address/9" 2>&1) ||
      [[ "$out" == *"refused"* ]]; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Runs the teardown at exit ahead of the trap already set (lib/common.sh removes $WORK).
_netns_chain_exit_trap() {
  [ -z "${_NETNS_TRAP_SET:-}" ] || return 0
  _NETNS_TRAP_SET=1
  local previous=""
  if [ -n "$(trap -p EXIT)" ]; then
    eval "set -- $(trap -p EXIT)"
    previous=$3
  fi
  # shellcheck disable=SC2064  # the previous handler is fixed now, on purpose
  trap "netns_hosts_down; $previous" EXIT
}

# Namespaces of runs that were killed before their exit trap ran (SIGKILL, a ctest timeout):
# a name with the pid of a process that no longer exists is removed (only the name; anything
# still running inside is left alone).
_netns_remove_stale() {
  local ns pid
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^tallynet[0-9]*-' || true); do
    pid=${ns#tallynet}
    pid=${pid%%-*}
    if [ "$pid" != "$$" ] && ! kill -0 "$pid" 2>/dev/null; then
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
}
