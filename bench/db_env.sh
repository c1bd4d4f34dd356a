# Sourced by the bench scripts that drive one backend through the real binary
# (backup_bench.sh, retention_bench.sh). Expects BACKEND (sqlite, postgresql
# or mysql) and OUT; starts scripts/testdb.sh unless its servers are already
# there (MLMD_TEST_POSTGRES_PORT / MLMD_TEST_MYSQL_PORT), and defines:
#   db_args NAME   the --db flag of database NAME (a file under OUT on SQLite)
#   native_db_env  user, pw, host, port and *_var names for the native tools
#   start_server NAME [flags], stop_server (SERVER: the binary)
#   populate [flags]   mlmd-populate of NODES nodes into the running server
#                      ($BIN/mlmd-populate), output in OUT/BACKEND-populate.txt
#   an EXIT trap that stops the server, the pids in EXTRA_PIDS and the
#   databases if this script started them
#   now, secs A B, log MSG
# STARTED_DB=1 when this script started the databases (stop them on exit).

log() { echo "[$(basename "$0" .sh) $(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
urlencode() {
  local LC_ALL=C s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

db_args() {  # db_args <database name> -> the --db flag for it
  case "$BACKEND" in
    sqlite) echo "--db=$OUT/$1.sqlite" ;;
    *) echo "--db=$BACKEND://$user:$pw@$host:$port/$1" ;;
  esac
}

STARTED_DB=0
case "$BACKEND" in
  sqlite) ;;
  postgresql | mysql)
    env=MLMD_TEST_POSTGRES
    [ "$BACKEND" = mysql ] && env=MLMD_TEST_MYSQL
    port_var=${env}_PORT host_var=${env}_HOST user_var=${env}_USER
    pw_var=${env}_PASSWORD
    if [ -z "${!port_var:-}" ]; then
      scripts/testdb.sh start >&2
      STARTED_DB=1
      # shellcheck disable=SC1090
      source <(scripts/testdb.sh env)
    fi
    user=$(urlencode "${!user_var}") pw=$(urlencode "${!pw_var:-}")
    host=${!host_var} port=${!port_var}
    ;;
  *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
esac

# start_server NAME [flags...]: the server ($SERVER) on database NAME on a
# free port; sets SERVER_PID and GRPC_PORT, waits until it listens.
SERVER_PID=""
start_server() {
  local name=$1 attempt
  shift
  for attempt in 1 2 3 4 5; do
    GRPC_PORT=$(shuf -i 20000-45000 -n 1)
    "$SERVER" --listen_host=127.0.0.1 --grpc_port="$GRPC_PORT" \
      "$(db_args "$name")" "$@" >"$OUT/server-$BACKEND.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
      grep -q listening "$OUT/server-$BACKEND.log" && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    # A random port someone else holds: try another one.
    grep -q "cannot listen" "$OUT/server-$BACKEND.log" || break
  done
  cat "$OUT/server-$BACKEND.log" >&2
  echo "the server did not start" >&2
  exit 1
}
stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

populate() {
  log "populating $NODES nodes on $BACKEND"
  "$BIN/mlmd-populate" --target="127.0.0.1:$GRPC_PORT" --backend="$BACKEND" \
    --nodes="$NODES" --concurrency=4 --max_duration_s=3600 "$@" \
    >"$OUT/$BACKEND-populate.txt"
}

EXTRA_PIDS=""
db_env_cleanup() {
  local p
  for p in $EXTRA_PIDS $SERVER_PID; do kill -TERM "$p" 2>/dev/null || true; done
  if [ "$STARTED_DB" = 1 ]; then scripts/testdb.sh stop >/dev/null || true; fi
}
trap db_env_cleanup EXIT
