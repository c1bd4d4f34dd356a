#!/usr/bin/env bash
# Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#
# Throwaway PostgreSQL 15 and MariaDB servers for the test suite.
#
#   scripts/testdb.sh start   start both (no-op when already running)
#   scripts/testdb.sh env     print the env file (source it before ctest)
#   scripts/testdb.sh stop    stop both and delete their data
#   scripts/testdb.sh stop-postgres | stop-mysql
#                             stop one server but keep its data and port
#   scripts/testdb.sh start-postgres | start-mysql
#                             start it again after stop-postgres/stop-mysql
#
# Typical use:
#   scripts/testdb.sh start && source <(scripts/testdb.sh env) && ctest ...
#
# Everything lives in one directory: $MLMD_TESTDB_DIR, default
# $PWD/build/testdb. Both servers listen on 127.0.0.1 on free ports and are
# started directly (no systemd, no system services). Works as root (CI): the
# PostgreSQL server runs as the `postgres` system user because initdb refuses
# root; MariaDB runs as root with --user=root.
#
# Environment knobs: PG_BIN (default /usr/lib/postgresql/15/bin),
# MLMD_TESTDB_SKIP_PG=1 / MLMD_TESTDB_SKIP_MYSQL=1 to start only one server,
# MLMD_TESTDB_TIMEOUT (seconds to wait for a server, default 60).
set -euo pipefail

DIR="${MLMD_TESTDB_DIR:-$PWD/build/testdb}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
TIMEOUT="${MLMD_TESTDB_TIMEOUT:-60}"
TEST_USER="mlmd_test"
TEST_PASSWORD="mlmd_test_pw"
ENV_FILE="$DIR/env.sh"

die() { echo "testdb: error: $*" >&2; exit 1; }
log() { echo "testdb: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the PostgreSQL owner: `postgres` when we are root.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() {
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
  return 1
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! port_in_use "$port"; then echo "$port"; return 0; fi
  done
  die "no free TCP port found"
}

# Waits until "$@" succeeds or TIMEOUT seconds pass.
wait_for() {
  local what="$1"; shift
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.2
  done
  log "$what is up"
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Unix socket paths are limited to about 107 bytes; under a deep build
# directory the sockets go to a short private directory in /tmp instead
# (its path is recorded in $2 and removed by stop).
socket_dir() {
  local preferred="$1" record="$2" dir
  if [ "${#preferred}" -le 80 ]; then
    dir="$preferred"
    mkdir -p "$dir"
  else
    dir=$(mktemp -d /tmp/mlmd-testdb-sock.XXXXXX)
  fi
  echo "$dir" > "$record"
  echo "$dir"
}

remove_socket_dir() {
  local record="$1" dir
  dir=$(cat "$record" 2>/dev/null || true)
  case "$dir" in
    /tmp/mlmd-testdb-sock.*) rm -rf "$dir" ;;
  esac
}

# ---------------------------------------------------------------- PostgreSQL

pg_dir() { cat "$DIR/pg_path" 2>/dev/null || true; }

pg_running() {
  local d; d=$(pg_dir)
  [ -n "$d" ] && [ -f "$d/data/postmaster.pid" ] &&
    pid_alive "$(head -1 "$d/data/postmaster.pid")"
}

# Starts the server of data directory $1/data on port $2, sockets in $3.
# Durability is irrelevant for a throwaway server; speed is not.
launch_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t "$TIMEOUT" \
    -o "-p $2 -k $3 -c listen_addresses=127.0.0.1 -c max_connections=300 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
}

start_pg() {
  [ -x "$PG_BIN/initdb" ] ||
    die "$PG_BIN/initdb not found; install postgresql-15 or set PG_BIN"
  local d="$DIR/pg"
  mkdir -p "$d"
  if is_root; then
    chown postgres: "$d"
    # The postgres user must be able to reach the directory; when a parent
    # is closed to it, fall back to a private directory under /tmp.
    if ! runuser -u postgres -- test -w "$d"; then
      rmdir "$d"
      d=$(mktemp -d /tmp/mlmd-testdb-pg.XXXXXX)
      chown postgres: "$d"
    fi
  fi
  echo "$d" > "$DIR/pg_path"
  local pwfile="$d/pw"
  echo "postgres_pw" > "$pwfile"
  if is_root; then chown postgres: "$pwfile"; fi
  as_pg "$PG_BIN/initdb" -D "$d/data" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    >"$d/initdb.log" 2>&1 ||
    { cat "$d/initdb.log" >&2; die "initdb failed (log: $d/initdb.log)"; }
  local sock; sock=$(socket_dir "$d/sock" "$d/sock_path")
  if is_root; then chown postgres: "$sock"; fi
  # A port taken between choosing and binding it is retried with another one.
  local port="" attempt started=0
  for attempt in 1 2 3; do
    port=$(free_port)
    if launch_pg "$d" "$port" "$sock"; then
      started=1
      break
    fi
    grep -q "could not bind\|already in use" "$d/server.log" 2>/dev/null ||
      break
    log "port $port was taken; retrying (attempt $attempt)"
  done
  if [ "$started" != 1 ]; then
    tail -20 "$d/server.log" >&2 || true
    die "PostgreSQL did not start (log: $d/server.log)"
  fi
  wait_for "PostgreSQL on 127.0.0.1:$port" \
    "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" ||
    die "PostgreSQL did not answer within ${TIMEOUT}s (log: $d/server.log)"
  as_pg "$PG_BIN/psql" -h "$sock" -p "$port" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -q -c "CREATE ROLE $TEST_USER LOGIN CREATEDB PASSWORD '$TEST_PASSWORD'" \
    -c "GRANT pg_signal_backend TO $TEST_USER" >/dev/null ||
    die "could not create the PostgreSQL test user"
  echo "$port" > "$DIR/pg_port"
}

stop_pg() {
  local d; d=$(pg_dir)
  [ -n "$d" ] || return 0
  if [ -f "$d/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$d/data" -m immediate -w -t "$TIMEOUT" stop \
      >/dev/null 2>&1 || true
  fi
  remove_socket_dir "$d/sock_path"
  rm -rf "$d"
  rm -f "$DIR/pg_path" "$DIR/pg_port"
}

# Stops the running server but keeps its data, port and users (for tests of
# a database outage); resume_pg starts it again.
pause_pg() {
  local d; d=$(pg_dir)
  pg_running || die "PostgreSQL is not running"
  as_pg "$PG_BIN/pg_ctl" -D "$d/data" -m fast -w -t "$TIMEOUT" stop \
    >/dev/null || die "PostgreSQL did not stop"
  log "PostgreSQL stopped (data kept)"
}

resume_pg() {
  local d port; d=$(pg_dir)
  [ -n "$d" ] && [ -f "$DIR/pg_port" ] || die "no PostgreSQL set up in $DIR"
  if pg_running; then log "PostgreSQL already running"; return 0; fi
  port=$(cat "$DIR/pg_port")
  launch_pg "$d" "$port" "$(cat "$d/sock_path")" ||
    die "PostgreSQL did not start again (log: $d/server.log)"
  wait_for "PostgreSQL on 127.0.0.1:$port" \
    "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" ||
    die "PostgreSQL did not answer within ${TIMEOUT}s"
}

# ------------------------------------------------------------------- MariaDB

mysql_running() {
  [ -f "$DIR/mysql/mariadbd.pid" ] && pid_alive "$(cat "$DIR/mysql/mariadbd.pid")"
}

mysql_client() {
  mariadb --no-defaults --socket="$(cat "$DIR/mysql/sock_path")/mysqld.sock" \
    -uroot "$@"
}

# Waits until the server answers, giving up early when it has exited.
wait_for_mysql() {
  local pid="$1"
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until mysql_client -e "SELECT 1" >/dev/null 2>&1; do
    pid_alive "$pid" || return 1
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# Starts mariadbd in the background for data directory $1/data on port $2;
# its pid is left in $!.
launch_mysql() {
  local server; server=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  local user_opt=()
  if is_root; then user_opt=(--user=root); fi
  "$server" --no-defaults --datadir="$1/data" --socket="$(cat "$1/sock_path")/mysqld.sock" \
    --port="$2" --bind-address=127.0.0.1 --skip-networking=0 \
    "${user_opt[@]}" --pid-file="$1/mariadbd.pid" \
    --log-error="$1/server.log" --skip-name-resolve --max-connections=500 \
    --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=128M \
    --innodb-autoinc-lock-mode=1 --character-set-server=utf8mb4 \
    --innodb-flush-method=nosync --innodb-doublewrite=0 \
    --innodb-file-per-table=0 \
    >"$1/stdout.log" 2>&1 &
}

start_mysql() {
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] ||
    die "mariadbd not found; install mariadb-server"
  local d="$DIR/mysql"
  mkdir -p "$d"
  local user_opt=()
  if is_root; then user_opt=(--user=root); fi
  mariadb-install-db --no-defaults --datadir="$d/data" "${user_opt[@]}" \
    --auth-root-authentication-method=normal --skip-test-db \
    >"$d/install.log" 2>&1 ||
    { tail -20 "$d/install.log" >&2; die "mariadb-install-db failed (log: $d/install.log)"; }
  local sock; sock=$(socket_dir "$d" "$d/sock_path")
  # --skip-name-resolve: TCP clients are matched by IP, so the anonymous
  # ''@'localhost' account can never shadow the test user. A port taken
  # between choosing and binding it is retried with another one.
  local port="" attempt started=0 launcher
  for attempt in 1 2 3; do
    port=$(free_port)
    launch_mysql "$d" "$port"
    launcher=$!
    if wait_for_mysql "$launcher"; then
      log "MariaDB on 127.0.0.1:$port is up"
      started=1
      break
    fi
    kill "$launcher" 2>/dev/null || true
    grep -q "Bind on TCP/IP port\|already in use" "$d/server.log" 2>/dev/null ||
      break
    log "port $port was taken; retrying (attempt $attempt)"
  done
  if [ "$started" != 1 ]; then
    tail -20 "$d/server.log" >&2 || true
    die "MariaDB did not start or answer within ${TIMEOUT}s (log: $d/server.log)"
  fi
  mysql_client -e "
    DROP USER IF EXISTS ''@'localhost';
    DROP USER IF EXISTS ''@'$(hostname 2>/dev/null || uname -n)';
    CREATE USER '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
    CREATE USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
    CREATE USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
    GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'%' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'localhost' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'127.0.0.1' WITH GRANT OPTION;
    FLUSH PRIVILEGES;" ||
    die "could not create the MariaDB test user"
  # Prove the test user can log in over TCP with its password.
  mariadb --no-defaults -h 127.0.0.1 -P "$port" -u "$TEST_USER" \
    -p"$TEST_PASSWORD" -e "SELECT 1" >/dev/null ||
    die "the MariaDB test user cannot log in over TCP"
  echo "$port" > "$DIR/mysql_port"
}

stop_mysql() {
  local d="$DIR/mysql"
  if mysql_running; then
    local pid; pid=$(cat "$d/mariadbd.pid")
    kill "$pid" 2>/dev/null || true
    local deadline=$(( $(date +%s) + TIMEOUT ))
    while pid_alive "$pid"; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        kill -9 "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  fi
  remove_socket_dir "$d/sock_path"
  rm -rf "$d"
  rm -f "$DIR/mysql_port"
}

# Like stop_mysql, but keeps the data, port and users; resume_mysql starts
# the server again.
pause_mysql() {
  mysql_running || die "MariaDB is not running"
  local pid; pid=$(cat "$DIR/mysql/mariadbd.pid")
  kill "$pid"
  local deadline=$(( $(date +%s) + TIMEOUT ))
  while pid_alive "$pid"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "MariaDB did not stop"
    sleep 0.1
  done
  log "MariaDB stopped (data kept)"
}

resume_mysql() {
  [ -f "$DIR/mysql_port" ] || die "no MariaDB set up in $DIR"
  if mysql_running; then log "MariaDB already running"; return 0; fi
  launch_mysql "$DIR/mysql" "$(cat "$DIR/mysql_port")"
  wait_for_mysql "$!" ||
    die "MariaDB did not start again (log: $DIR/mysql/server.log)"
  log "MariaDB is up again"
}

# ------------------------------------------------------------------ commands

write_env() {
  {
    echo "# Generated by scripts/testdb.sh; source it before running tests."
    # For tests that stop and start a server (test/db_restart_test.cc).
    echo "export MLMD_TESTDB_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
    echo "export MLMD_TESTDB_DIR=$DIR"
    if [ -f "$DIR/pg_port" ]; then
      echo "export MLMD_TEST_POSTGRES_HOST=127.0.0.1"
      echo "export MLMD_TEST_POSTGRES_PORT=$(cat "$DIR/pg_port")"
      echo "export MLMD_TEST_POSTGRES_USER=$TEST_USER"
      echo "export MLMD_TEST_POSTGRES_PASSWORD=$TEST_PASSWORD"
    fi
    if [ -f "$DIR/mysql_port" ]; then
      echo "export MLMD_TEST_MYSQL_HOST=127.0.0.1"
      echo "export MLMD_TEST_MYSQL_PORT=$(cat "$DIR/mysql_port")"
      echo "export MLMD_TEST_MYSQL_USER=$TEST_USER"
      echo "export MLMD_TEST_MYSQL_PASSWORD=$TEST_PASSWORD"
    fi
  } > "$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

cmd_start() {
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  ENV_FILE="$DIR/env.sh"
  local want_pg=1 want_mysql=1
  [ "${MLMD_TESTDB_SKIP_PG:-0}" = 1 ] && want_pg=0
  [ "${MLMD_TESTDB_SKIP_MYSQL:-0}" = 1 ] && want_mysql=0
  if [ "$want_pg" = 1 ]; then
    if pg_running && [ -f "$DIR/pg_port" ]; then
      log "PostgreSQL already running on port $(cat "$DIR/pg_port")"
    else
      stop_pg  # clears leftovers of a half-finished start
      start_pg
    fi
  fi
  if [ "$want_mysql" = 1 ]; then
    if mysql_running && [ -f "$DIR/mysql_port" ]; then
      log "MariaDB already running on port $(cat "$DIR/mysql_port")"
    else
      stop_mysql
      start_mysql
    fi
  fi
  write_env
  log "ready; env file: $ENV_FILE"
}

cmd_stop() {
  if [ ! -d "$DIR" ]; then log "nothing to stop in $DIR"; return 0; fi
  stop_pg
  stop_mysql
  rm -rf "$DIR"
  log "stopped and removed $DIR"
}

cmd_env() {
  [ -f "$ENV_FILE" ] || die "no env file at $ENV_FILE; run '$0 start' first"
  cat "$ENV_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  stop-postgres) pause_pg ;;
  start-postgres) resume_pg ;;
  stop-mysql) pause_mysql ;;
  start-mysql) resume_mysql ;;
  *)
    echo "usage: $0 start|stop|env|stop-postgres|start-postgres|stop-mysql|start-mysql" >&2
    exit 2 ;;
esac
