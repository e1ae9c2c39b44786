#!/usr/bin/env bash
# A private, throwaway PostgreSQL 15 server for tests.
#
#   tests/pg/pg_server.sh start DIR   initdb in DIR (must not exist or be empty), start on a free
#                                     localhost port, write the connection settings to DIR/env
#   tests/pg/pg_server.sh env DIR     print DIR/env (callers usually just `source DIR/env`)
#   tests/pg/pg_server.sh stop DIR    stop the server and remove DIR
#
# The server never touches the system cluster: its data, socket and log all live in DIR and it
# listens on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root the server processes
# run as the `postgres` system user (created by the Debian `postgresql` package).
set -euo pipefail

readonly PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
readonly PG_SUPERUSER=postgres
readonly PG_DBNAME=tally_test
readonly START_TIMEOUT_S=60

die() {
  echo "pg_server.sh: $*" >&2
  exit 1
}

usage() {
  die "usage: pg_server.sh start|stop|env DIR"
}

# Runs a command as the server's owner: the `postgres` user when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

check_binaries() {
  local tool
  for tool in initdb pg_ctl; do
    [ -x "$PG_BIN/$tool" ] ||
      die "$PG_BIN/$tool not found: install PostgreSQL 15 (apt-get install postgresql)"
  done
  command -v psql >/dev/null || die "psql not found: install postgresql-client"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 ||
      die "running as root needs the 'postgres' system user (apt-get install postgresql)"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on right now. The kernel hands out a free
# ephemeral port; the start loop below retries in the rare case someone takes it meanwhile.
free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

write_env() {
  local dir=$1 port=$2
  cat >"$dir/env" <<EOF
export PGHOST=$dir
export PGPORT=$port
export PGUSER=$PG_SUPERUSER
export PGDATABASE=$PG_DBNAME
EOF
}

cmd_start() {
  local dir=$1
  check_binaries
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir exists and is not empty; give a fresh directory"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # A unix socket path is limited to about 107 bytes (it includes ".s.PGSQL.<port>").
  [ "${#dir}" -le 80 ] || die "$dir is too long for a unix socket directory; use a shorter path"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "user postgres cannot reach $dir (a parent directory is not searchable); use e.g. /tmp"
  fi
  chmod 700 "$dir"

  # initdb and pg_ctl complain when the current directory is unreadable for their user.
  cd "$dir"
  as_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username="$PG_SUPERUSER" --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    die "initdb failed, see $dir/initdb.log"

  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    port_is_free "$port" || continue
    # Durability is pointless for a throwaway server and fsync makes the bulk load slow.
    if as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" \
      --wait --timeout="$START_TIMEOUT_S" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      write_env "$dir" "$port"
      PGHOST=$dir PGPORT=$port PGUSER=$PG_SUPERUSER \
        psql -X -q -d postgres -c "create database $PG_DBNAME" >/dev/null ||
        die "could not create database $PG_DBNAME"
      cat "$dir/env"
      return 0
    fi
    echo "pg_server.sh: start on port $port failed (attempt $attempt), retrying" >&2
  done
  die "server did not start, see $dir/server.log"
}

# Refuses to operate on a directory that this script did not create, so that a wrong argument
# to `stop` can never delete something else.
check_ours() {
  local dir=$1
  if [ ! -f "$dir/env" ] || [ ! -f "$dir/data/PG_VERSION" ]; then
    die "$dir does not look like a server made by pg_server.sh start"
  fi
}

cmd_stop() {
  local dir=$1
  check_ours "$dir"
  dir=$(cd "$dir" && pwd)
  cd "$dir"
  if as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" status >/dev/null 2>&1; then
    as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=60 stop \
      >/dev/null || die "pg_ctl stop failed, see $dir/server.log"
  fi
  cd /
  rm -rf -- "$dir"
}

cmd_env() {
  local dir=$1
  check_ours "$dir"
  cat "$dir/env"
}

main() {
  [ $# -eq 2 ] || usage
  case $1 in
    start) cmd_start "$2" ;;
    stop) cmd_stop "$2" ;;
    env) cmd_env "$2" ;;
    *) usage ;;
  esac
}

main "$@"
