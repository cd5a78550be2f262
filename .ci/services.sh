#!/usr/bin/env bash
# PostgreSQL and Redis for the store tests, on loopback ports, with their data in a temporary folder.
#
#   eval "$(bash .ci/services.sh start)"   starts both (installing Debian's packages first if missing, as root)
#                                          and prints the export lines for TEST_POSTGRES_URL and TEST_REDIS_URL
#   bash .ci/services.sh stop              stops both and removes their data
#
# Progress goes to stderr, so only the export lines reach eval. The servers are throwaway: Redis keeps nothing on
# disk, PostgreSQL's cluster lives in the state folder and goes with it. Ports and folder can be changed with
# LINER_NOTES_PG_PORT, LINER_NOTES_REDIS_PORT and LINER_NOTES_SERVICES_DIR (two checkouts on one machine each pick
# their own).
set -euo pipefail

pg_port=${LINER_NOTES_PG_PORT:-54329}
redis_port=${LINER_NOTES_REDIS_PORT:-63799}
state=${LINER_NOTES_SERVICES_DIR:-${TMPDIR:-/tmp}/liner-notes-services-$pg_port}
# A password on the test server, so the tests also prove the store never prints it.
pg_user=liner
pg_password=liner-ci-secret

say() { echo "services: $*" >&2; }

# Debian keeps PostgreSQL's programs under /usr/lib/postgresql/<major>/bin, outside PATH.
pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && echo "$dir"
}

install_missing() {
  local packages=()
  [ -n "$(pg_bin)" ] || packages+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
  [ ${#packages[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${packages[*]}: install Debian's packages (apt-get install ${packages[*]}) as root, then run this again"
    exit 1
  fi
  say "installing ${packages[*]}"
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}" >&2
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's unprivileged "postgres" user.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin data
  bin=$(pg_bin)
  data="$state/postgres"
  mkdir -p "$data"
  printf '%s\n' "$pg_password" >"$state/pg-password"
  # The folder too, for the server's log beside the cluster.
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$state"; fi
  as_pg_user "$bin/initdb" -D "$data" -U "$pg_user" --pwfile="$state/pg-password" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # Loopback only; the socket sits in the state folder so it needs no write access to /var/run/postgresql.
  as_pg_user "$bin/pg_ctl" -D "$data" -l "$state/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $data -c fsync=off" start >/dev/null
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
}

start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$state" --pidfile "$state/redis.pid" --logfile "$state/redis.log" >&2
  local tries=0
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 50 ]; then say "Redis did not answer on 127.0.0.1:$redis_port; see $state/redis.log"; exit 1; fi
    sleep 0.1
  done
  say "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$redis_port"
}

stop() {
  if [ -f "$state/redis.pid" ]; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$state/redis.pid")" 2>/dev/null || true
  fi
  if [ -f "$state/postgres/postmaster.pid" ]; then
    as_pg_user "$(pg_bin)/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$state"
}

case "${1:-}" in
  start)
    install_missing
    # Whatever an earlier, interrupted run left in this folder goes first.
    stop
    mkdir -p "$state"
    chmod 755 "$state"
    start_postgres
    start_redis
    echo "export TEST_POSTGRES_URL=postgres://$pg_user:$pg_password@127.0.0.1:$pg_port/postgres"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$redis_port"
    ;;
  stop)
    stop
    say "stopped"
    ;;
  *)
    echo "usage: eval \"\$(bash .ci/services.sh start)\" | bash .ci/services.sh stop" >&2
    exit 2
    ;;
esac
