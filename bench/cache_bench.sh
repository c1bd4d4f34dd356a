#!/usr/bin/env bash
# Cache-fingerprint lookup on a large store: fills a fresh database through
# the server with mlmd-populate (NODES artifacts + executions, default
# 1,000,000; its task executions carry random fingerprints), then runs
# mlmd-bench-cache for DURATION seconds (one client, the lookup RPC
# alternating with the plain custom-property filter, every answer checked)
# and prints a Markdown table row of p50/p90/p99 for both.
#
#   bench/cache_bench.sh sqlite|postgresql|mysql
#
# Knobs: NODES, DURATION (20), BUILD_DIR, OUT. Files stay under OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/cache_bench.sh sqlite|postgresql|mysql}
NODES=${NODES:-1000000}
DURATION=${DURATION:-20}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/cache_bench_out}
BIN=$BUILD_DIR/bench
SERVER=$BUILD_DIR/server/mlmd-server
STAMP=$(date +%s)
mkdir -p "$OUT"

ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-populate mlmd-bench-cache >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh

DB=mlmd_cache_$STAMP
start_server "$DB"
populate
if [ "$BACKEND" = postgresql ]; then
  # Autovacuum would analyze the fresh tables during the measurement.
  PGPASSWORD=${MLMD_TEST_POSTGRES_PASSWORD:-} psql -q -h "$host" -p "$port" \
    -U "$MLMD_TEST_POSTGRES_USER" -d "$DB" -c "VACUUM ANALYZE" >&2
fi
log "mlmd-bench-cache, $DURATION s"
"$BIN/mlmd-bench-cache" --target="127.0.0.1:$GRPC_PORT" \
  --duration_s="$DURATION" >"$OUT/$BACKEND-cache.txt"
stop_server
awk -v b="$BACKEND" -v n="$NODES" '
  $1 == "lookup" { l = $5 " / " $8 " / " $11 " ms (" $2 " calls, " $NF " wrong)" }
  $1 == "filter" { f = $5 " / " $8 " / " $11 " ms (" $2 " calls, " $NF " wrong)" }
  END { printf "| %s | %s | %s | %s |\n", b, n, l, f }' "$OUT/$BACKEND-cache.txt"
