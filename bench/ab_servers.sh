#!/usr/bin/env bash
# Two server binaries side by side: the kfp workload (DRIVERS drivers,
# DURATION s) against OLD and NEW in turn, each on a fresh database, for
# ROUNDS rounds; one line per run with tasks/s and the task p99. For
# measuring a change against the commit before it on the same machine.
#
#   bench/ab_servers.sh sqlite|postgresql|mysql OLD_BINARY NEW_BINARY
#
# Knobs: ROUNDS (2), DRIVERS (8), DURATION (10), BUILD_DIR, OUT;
# OLD_FLAGS and NEW_FLAGS (extra server flags, so one binary can be run
# against itself with a flag off and on), BENCH_FLAGS (extra mlmd-bench
# flags, e.g. --kfp_reads=false for the writes alone).
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/ab_servers.sh BACKEND OLD_BINARY NEW_BINARY}
OLD=${2:?old server binary}
NEW=${3:?new server binary}
ROUNDS=${ROUNDS:-2}
DRIVERS=${DRIVERS:-8}
DURATION=${DURATION:-10}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/ab_out}
BIN=$BUILD_DIR/bench
mkdir -p "$OUT"

ninja -C "$BUILD_DIR" -j 2 mlmd-bench >/dev/null

SERVER=$NEW
# shellcheck source=bench/db_env.sh
source bench/db_env.sh

for r in $(seq 1 "$ROUNDS"); do
  for which in old new; do
    SERVER=$OLD flags=${OLD_FLAGS:-}
    [ "$which" = new ] && SERVER=$NEW flags=${NEW_FLAGS:-}
    # shellcheck disable=SC2086  # the flag lists split into words
    start_server "mlmd_ab_${which}_${r}_$(date +%s)" $flags
    # shellcheck disable=SC2086
    "$BIN/mlmd-bench" --target="127.0.0.1:$GRPC_PORT" --workload=kfp \
      --concurrency="$DRIVERS" --duration_s="$DURATION" --warmup_s=2 \
      --backend="$BACKEND" ${BENCH_FLAGS:-} >"$OUT/$BACKEND-$which-$r.txt" 2>&1
    awk -v b="$BACKEND" -v r="$r" -v w="$which" '
      / ops ok, / { for (i = 1; i <= NF; i++) if ($i == "tasks/s,") rate = $(i-1) }
      $1 == "(operation)" { p99 = $6 }
      END { printf "%s round %s %s: %s tasks/s, p99 %s ms\n", b, r, w, rate, p99 }' \
      "$OUT/$BACKEND-$which-$r.txt"
    stop_server
  done
done
