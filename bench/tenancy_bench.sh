#!/usr/bin/env bash
# Cost of identity and tenants: the kfp workload as two mlmd-bench processes
# at once (DRIVERS drivers each) against one server, in three set-ups that
# alternate for ROUNDS rounds, each on fresh databases:
#   A  no tokens, both processes on the default tenant
#   B  bearer tokens (--token_file), tenants team-a and team-b
#   C  bearer tokens, both processes on the default tenant (the check alone)
# Prints one line per run with the summed tasks/s and any RPC errors.
#
#   bench/tenancy_bench.sh sqlite|postgresql|mysql
#
# Knobs: ROUNDS (3), DRIVERS (4), DURATION (10), BUILD_DIR, OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/tenancy_bench.sh sqlite|postgresql|mysql}
ROUNDS=${ROUNDS:-3}
DRIVERS=${DRIVERS:-4}
DURATION=${DURATION:-10}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/tenancy_bench_out}
BIN=$BUILD_DIR/bench
SERVER=$BUILD_DIR/server/mlmd-server
mkdir -p "$OUT"

ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-bench >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh
printf '%s\n' 'tok-a bench-a team-a=writer' 'tok-b bench-b team-b=writer' \
  'tok-d bench-d default=writer' >"$OUT/tokens.txt"

rate() { awk '/ ops ok, / { for (i = 1; i <= NF; i++) if ($i == "tasks/s,") print $(i-1) }' "$1"; }
bench() {  # bench <output> [identity flags]
  local out=$1
  shift
  "$BIN/mlmd-bench" --target="127.0.0.1:$GRPC_PORT" --workload=kfp \
    --concurrency="$DRIVERS" --duration_s="$DURATION" --warmup_s=2 \
    --backend="$BACKEND" "$@" >"$out" 2>&1
}

for r in $(seq 1 "$ROUNDS"); do
  for mode in A B C; do
    name="mlmd_ten_${mode}_${r}_$(date +%s)"
    case $mode in
      A) start_server "$name"; id1=(); id2=() ;;
      B) start_server "$name" --token_file="$OUT/tokens.txt"
         id1=(--token=tok-a --tenant=team-a); id2=(--token=tok-b --tenant=team-b) ;;
      C) start_server "$name" --token_file="$OUT/tokens.txt"
         id1=(--token=tok-d --tenant=default); id2=("${id1[@]}") ;;
    esac
    bench "$OUT/$mode-1.txt" "${id1[@]}" &
    EXTRA_PIDS=$!
    bench "$OUT/$mode-2.txt" "${id2[@]}"
    wait "$EXTRA_PIDS"
    EXTRA_PIDS=""
    r1=$(rate "$OUT/$mode-1.txt") r2=$(rate "$OUT/$mode-2.txt")
    echo "$BACKEND round $r $mode: $r1 + $r2 = $(awk -v a="$r1" -v b="$r2" 'BEGIN { print a + b }') tasks/s; RPC errors: $(grep -h 'RPC errors' "$OUT/$mode-1.txt" "$OUT/$mode-2.txt" | tr '\n' ' ')"
    stop_server
  done
done
