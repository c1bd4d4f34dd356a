#!/usr/bin/env bash
# Where the CPU of a KFP task goes, through the server and direct. Runs the
# kfp workload without reads (DRIVERS drivers, DURATION s) against the
# server on a fresh database, then mlmd-baseline writing the same rows
# straight into another fresh database, and prints for each the tasks/s and
# the CPU milliseconds per task of: the load generator (mlmd-bench or
# mlmd-baseline), the server, and the rest of the machine (the database,
# the kernel's share of networking, anything else running). Client and
# server share the machine here, so the client's CPU is CPU the server and
# database do not get; a KFP driver runs in its own pod.
#
#   bench/cpu_split.sh sqlite|postgresql|mysql
#
# Knobs: DRIVERS (8), DURATION (10), BUILD_DIR, OUT, SERVER (the binary).
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/cpu_split.sh BACKEND}
DRIVERS=${DRIVERS:-8}
DURATION=${DURATION:-10}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/cpu_split_out}
BIN=$BUILD_DIR/bench
SERVER=${SERVER:-$BUILD_DIR/server/mlmd-server}
mkdir -p "$OUT"
ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-bench mlmd-baseline >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh

TICKS=$(getconf CLK_TCK)
busy_ticks() {  # all CPUs' busy time since boot, in ticks
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
proc_ticks() {  # user + system ticks of a live process (all its threads)
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
# run_measured NAME SERVER_PID_OR_EMPTY COMMAND...: runs the command under
# /usr/bin/time and prints "tasks client_ms server_ms rest_ms" per task.
run_measured() {
  local name=$1 spid=$2
  shift 2
  local b0 b1 s0=0 s1=0
  b0=$(busy_ticks)
  [ -n "$spid" ] && s0=$(proc_ticks "$spid")
  /usr/bin/time -f "%U %S" -o "$OUT/$name.time" "$@" >"$OUT/$name.txt" 2>&1
  b1=$(busy_ticks)
  [ -n "$spid" ] && s1=$(proc_ticks "$spid")
  # "  10.0 s measured: 2301 ops ok, ..." (one op is one KFP task)
  local tasks secs
  read -r secs tasks < <(awk '/ ops ok, / { print $1, $4; exit }' "$OUT/$name.txt")
  awk -v tasks="$tasks" -v t="$TICKS" -v b=$((b1 - b0)) -v s=$((s1 - s0)) \
    -v name="$name" -v secs="$secs" '
    NR == 1 {
      client = ($1 + $2) * 1000
      server = s * 1000 / t
      rest = b * 1000 / t - client - server
      if (rest < 0) rest = 0
      printf "%-28s %7.1f tasks/s   CPU ms per task: client %.2f, server %.2f, rest %.2f, total %.2f\n",
        name, tasks / secs, client / tasks, server / tasks, rest / tasks,
        (client + server + rest) / tasks
    }' "$OUT/$name.time"
}

stamp=$(date +%s)
start_server "mlmd_cpu_s_$stamp"
run_measured "$BACKEND server (mlmd-bench)" "$SERVER_PID" \
  "$BIN/mlmd-bench" --target="127.0.0.1:$GRPC_PORT" --workload=kfp \
  --kfp_reads=false --concurrency="$DRIVERS" --duration_s="$DURATION" \
  --warmup_s=0 --backend="$BACKEND"
stop_server

case "$BACKEND" in
  sqlite) base_db=(--sqlite_path="$OUT/mlmd_cpu_b_$stamp.sqlite") ;;
  *) base_db=(--database="mlmd_cpu_b_$stamp") ;;
esac
run_measured "$BACKEND direct (mlmd-baseline)" "" \
  "$BIN/mlmd-baseline" --backend="$BACKEND" "${base_db[@]}" --workload=kfp \
  --concurrency="$DRIVERS" --duration_s="$DURATION" --warmup_s=0
