#!/usr/bin/env bash
# Builds mlmd-server and the bench tools, starts the server on SQLite (and on
# PostgreSQL and MariaDB when scripts/testdb.sh exists), runs every workload
# with bounded durations, runs the direct-database baseline, records the
# server's memory, and writes bench/REPORT.md. All traffic stays on
# 127.0.0.1. About 5-7 minutes per backend on 2 cores with the defaults.
#
# Environment knobs:
#   DURATION=10        measured seconds per run     WARMUP=2  warm-up seconds
#   SWEEP=1,8,32,64    kfp driver counts            LEVELS=1,8  other workloads
#   POPULATE_NODES=200000  store size for lineage   BACKENDS="sqlite ..."
#   BUILD_DIR=build  OUT=$BUILD_DIR/bench_out  REPORT=bench/REPORT.md  JOBS=2
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/bench_out}
REPORT=${REPORT:-bench/REPORT.md}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
SWEEP=${SWEEP:-1,8,32,64}
LEVELS=${LEVELS:-1,8}
POPULATE_NODES=${POPULATE_NODES:-200000}
JOBS=${JOBS:-2}
BIN=$BUILD_DIR/bench
SERVER_BIN=$BUILD_DIR/server/mlmd-server
STAMP=$(date +%s)

log() { echo "[run_report $(date +%H:%M:%S)] $*"; }

# ---- build
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" -j "$JOBS" mlmd-server mlmd-bench mlmd-populate \
  mlmd-baseline mlmd-bench-report

rm -rf "$OUT"
mkdir -p "$OUT"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- databases
TESTDB_STARTED=0
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$TESTDB_STARTED" = 1 ]; then scripts/testdb.sh stop || true; fi
}
trap cleanup EXIT

if [ -z "${BACKENDS:-}" ]; then
  BACKENDS="sqlite"
  if [ -x scripts/testdb.sh ]; then
    if scripts/testdb.sh start; then
      TESTDB_STARTED=1
      # shellcheck disable=SC1090
      source <(scripts/testdb.sh env)
      BACKENDS="sqlite postgresql mysql"
    else
      log "scripts/testdb.sh start failed; SQLite only"
    fi
  fi
fi

# ---- server control
free_port() {
  local p
  for p in $(shuf -i 20000-45000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

server_db_args() {  # backend name -> server flags for a fresh database
  case "$1" in
    sqlite) echo "--sqlite_path=$OUT/server-$STAMP.sqlite" ;;
    postgresql)
      echo "--postgres_config_host=${MLMD_TEST_POSTGRES_HOST:-127.0.0.1}" \
        "--postgres_config_port=${MLMD_TEST_POSTGRES_PORT:-5432}" \
        "--postgres_config_user=${MLMD_TEST_POSTGRES_USER:-postgres}" \
        "--postgres_config_password=${MLMD_TEST_POSTGRES_PASSWORD:-}" \
        "--postgres_config_dbname=mlmd_bench_s_$STAMP" ;;
    mysql)
      echo "--mysql_config_host=${MLMD_TEST_MYSQL_HOST:-127.0.0.1}" \
        "--mysql_config_port=${MLMD_TEST_MYSQL_PORT:-3306}" \
        "--mysql_config_user=${MLMD_TEST_MYSQL_USER:-root}" \
        "--mysql_config_password=${MLMD_TEST_MYSQL_PASSWORD:-}" \
        "--mysql_config_database=mlmd_bench_s_$STAMP" ;;
  esac
}

baseline_db_args() {
  case "$1" in
    sqlite) echo "--backend=sqlite --sqlite_path=$OUT/baseline-$STAMP.sqlite" ;;
    postgresql) echo "--backend=postgresql --database=mlmd_bench_b_$STAMP" ;;
    mysql) echo "--backend=mysql --database=mlmd_bench_b_$STAMP" ;;
  esac
}

start_server() {  # backend -> sets SERVER_PID, TARGET
  local backend=$1 port
  port=$(free_port)
  # shellcheck disable=SC2046
  "$SERVER_BIN" --listen_host=127.0.0.1 --grpc_port="$port" \
    $(server_db_args "$backend") >"$OUT/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  TARGET="127.0.0.1:$port"
  for _ in $(seq 1 150); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server on $backend exited; see $OUT/server-$backend.log"
      tail -5 "$OUT/server-$backend.log"
      SERVER_PID=""
      return 1
    fi
    if grep -q "listening" "$OUT/server-$backend.log"; then return 0; fi
    sleep 0.2
  done
  log "server on $backend did not start within 30 s"
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

status_kb() {  # pid field -> kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# Samples VmRSS of $1 every 0.5 s into $2 (max) until killed.
sample_rss() {
  local pid=$1 out=$2 max=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(status_kb "$pid" VmRSS)
    if [ -n "$v" ] && [ "$v" -gt "$max" ]; then
      max=$v
      echo "$max" >"$out"
    fi
    sleep 0.5
  done
}

JSONS=()
MEMORY_ROWS=()
NOTES=()

run_json() {  # name, then the command; keeps going when the tool fails
  local name=$1
  shift
  log "$name"
  if ! "$@" --json_out="$OUT/$name.json" >"$OUT/$name.txt" 2>&1; then
    log "  $name exited non-zero (see $OUT/$name.txt)"
    local why
    why=$(grep -m1 -E "setup failed|^populate: [A-Z_]+:|cannot|failed" "$OUT/$name.txt" ||
      tail -1 "$OUT/$name.txt")
    NOTES+=("\`$name\` exited non-zero: $(echo "$why" | cut -c1-240)")
  fi
  if [ -f "$OUT/$name.json" ]; then JSONS+=("$OUT/$name.json"); fi
}

bench_common() {
  echo --target="$TARGET" --backend="$1" --duration_s="$DURATION" \
    --warmup_s="$WARMUP"
}

for backend in $BACKENDS; do
  log "=== backend $backend"
  if ! start_server "$backend"; then
    NOTES+=("the server did not start on $backend; its workloads were skipped")
    continue
  fi
  sleep 2
  idle_rss=$(status_kb "$SERVER_PID" VmRSS)
  idle_hwm=$(status_kb "$SERVER_PID" VmHWM)

  # The floor first: an RPC that touches no database, what gRPC and the
  # server's own per-call work cost at these client counts.
  # shellcheck disable=SC2046
  run_json "$backend-floor" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=floor --sweep="$LEVELS"

  # Same order as the baseline below, so both databases have similar sizes
  # when the compared workloads run.
  # shellcheck disable=SC2046
  run_json "$backend-ingest_b1" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=ingest --batch=1 --sweep="$LEVELS"
  # shellcheck disable=SC2046
  run_json "$backend-ingest_b100" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=ingest --batch=100 --sweep="$LEVELS"
  # shellcheck disable=SC2046
  run_json "$backend-kfp_writes" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=kfp --kfp_reads=false --sweep="$LEVELS"

  rss_file=$OUT/$backend-kfp-peak-rss
  echo 0 >"$rss_file"
  sample_rss "$SERVER_PID" "$rss_file" &
  sampler=$!
  # shellcheck disable=SC2046
  run_json "$backend-kfp" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=kfp --sweep="$SWEEP"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  load_rss=$(cat "$rss_file")
  load_hwm=$(status_kb "$SERVER_PID" VmHWM)
  MEMORY_ROWS+=("| $backend | $((idle_rss / 1024)) | $((idle_hwm / 1024)) | $((load_rss / 1024)) | $((load_hwm / 1024)) |")

  if [ "$backend" = sqlite ]; then
    # Channel modes at 32 drivers: one shared channel vs one per thread
    # (the sweep above uses per_thread).
    # shellcheck disable=SC2046
    run_json "$backend-kfp_shared" "$BIN/mlmd-bench" $(bench_common "$backend") \
      --workload=kfp --concurrency=32 --channel_mode=shared
    # shellcheck disable=SC2046
    run_json "$backend-kfp_per_thread32" "$BIN/mlmd-bench" \
      $(bench_common "$backend") --workload=kfp --concurrency=32 \
      --channel_mode=per_thread
  fi

  run_json "$backend-populate" "$BIN/mlmd-populate" --target="$TARGET" \
    --backend="$backend" --nodes="$POPULATE_NODES" --concurrency=4 \
    --max_duration_s=600
  # shellcheck disable=SC2046
  run_json "$backend-lineage" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=lineage --sweep="$LEVELS"
  # shellcheck disable=SC2046
  run_json "$backend-query" "$BIN/mlmd-bench" $(bench_common "$backend") \
    --workload=query --sweep="$LEVELS"
  stop_server

  # ---- direct-database baseline on a fresh database
  # shellcheck disable=SC2046
  run_json "$backend-baseline-ingest_b1" "$BIN/mlmd-baseline" \
    $(baseline_db_args "$backend") --workload=ingest --batch=1 \
    --sweep="$LEVELS" --duration_s="$DURATION" --warmup_s="$WARMUP"
  # shellcheck disable=SC2046
  run_json "$backend-baseline-ingest_b100" "$BIN/mlmd-baseline" \
    $(baseline_db_args "$backend") --workload=ingest --batch=100 \
    --sweep="$LEVELS" --duration_s="$DURATION" --warmup_s="$WARMUP"
  # shellcheck disable=SC2046
  run_json "$backend-baseline-kfp" "$BIN/mlmd-baseline" \
    $(baseline_db_args "$backend") --workload=kfp --sweep="$LEVELS" \
    --duration_s="$DURATION" --warmup_s="$WARMUP"
done

# ---- report
inputs=$(IFS=,; echo "${JSONS[*]}")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit (uncommitted changes)"; fi
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# mlmd-server benchmark report"
  echo
  echo "Generated by \`bench/run_report.sh\`. Throughput is measured, never"
  echo "asserted; rerun the script to refresh these figures."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| commit | $commit on $branch |"
  echo "| machine | $(nproc) CPUs ($cpu), $ram RAM, $(uname -sr) |"
  echo "| load before the run | $LOAD_AT_START (1/5/15-min load average; other processes share the CPUs) |"
  echo "| backends | $BACKENDS |"
  echo "| settings | ${DURATION} s measured per run after ${WARMUP} s warm-up; kfp drivers $SWEEP; other workloads at $LEVELS threads; lineage store populated with $POPULATE_NODES nodes |"
  echo
  echo "Client and server share the machine. *throughput*: kfp counts complete"
  echo "simulated KFP tasks (each ~15 RPCs with reads, ~4 with \`kfp_writes\`);"
  echo "ingest counts artifacts; lineage/query count queries (all pages)."
  echo "*op p50/p99*: latency of one whole task/call/query. *server / direct DB*:"
  echo "server throughput as a share of \`mlmd-baseline\` writing the same rows with"
  echo "the database's own client library at the same concurrency. Errors are RPC"
  echo "failures by gRPC code; handled ALREADY_EXISTS from concurrent"
  echo "get-or-create is not an error."
  if [ "$TESTDB_STARTED" = 1 ]; then
    echo
    echo "PostgreSQL and MariaDB are the throwaway servers of \`scripts/testdb.sh\`,"
    echo "which run with durability off (fsync / log flush per commit disabled);"
    echo "SQLite runs in WAL mode with synchronous=NORMAL, as the server sets it."
  fi
  echo
  echo "## Results"
  echo
  "$BIN/mlmd-bench-report" --inputs="$inputs" --detail_concurrency=8
  echo
  echo "## Server memory (MiB)"
  echo
  echo "| backend | idle VmRSS | idle VmHWM | max VmRSS during kfp sweep (up to ${SWEEP##*,} drivers) | VmHWM after it |"
  echo "|---|---:|---:|---:|---:|"
  for row in "${MEMORY_ROWS[@]}"; do echo "$row"; done
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "## Notes"
    echo
    for n in "${NOTES[@]}"; do echo "- $n"; done
  fi
  # The hand-written profile analysis (bench/PROFILE.md) follows the tables.
  if [ -f bench/PROFILE.md ]; then
    echo
    cat bench/PROFILE.md
  fi
} >"$REPORT"
log "wrote $REPORT (raw JSON and logs in $OUT)"
