#!/usr/bin/env bash
# mpirun's launch agent for the simulated hosts of netns_hosts.sh (--mca plm_rsh_agent): called
# like ssh, as
#   netns_agent.sh HOST COMMAND...
# it runs COMMAND with /bin/sh on HOST (an address or host name in $NETNS_HOSTS_FILE), that is in
# HOST's network namespace under HOST's name. Like ssh, the words of COMMAND are joined with
# spaces and the result is shell code (mpirun quotes the daemon's arguments for a shell).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns_hosts.sh"

if [ $# -lt 2 ]; then
  echo "usage: $0 HOST COMMAND..." >&2
  exit 255
fi
host=$1
shift
netns_on "$host" /bin/sh -c "$*"
