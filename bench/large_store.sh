#!/usr/bin/env bash
# Read latency on a large store: fills a fresh database through the server
# with mlmd-populate (NODES artifacts + executions, default 1,000,000), then
# runs the lineage and query workloads of mlmd-bench against it, and prints a
# Markdown table of populate time and p50/p99 per RPC. One backend per run:
#
#   bench/large_store.sh sqlite|postgresql|mysql
#
# PostgreSQL and MariaDB come from scripts/testdb.sh (started here unless
# MLMD_TEST_POSTGRES_PORT / MLMD_TEST_MYSQL_PORT are already set, and then
# stopped again). Knobs: NODES, DURATION (s per measured run), LEVELS
# (client threads, e.g. 1,8), BUILD_DIR, OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/large_store.sh sqlite|postgresql|mysql}
NODES=${NODES:-1000000}
DURATION=${DURATION:-20}
LEVELS=${LEVELS:-1,8}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/large_store_out}
BIN=$BUILD_DIR/bench
STAMP=$(date +%s)
mkdir -p "$OUT"

ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-bench mlmd-populate \
  mlmd-bench-report >/dev/null

SERVER=$BUILD_DIR/server/mlmd-server
# shellcheck source=bench/db_env.sh
source bench/db_env.sh

start_server "mlmd_large_$STAMP"
TARGET=127.0.0.1:$GRPC_PORT

start=$(date +%s)
populate --json_out="$OUT/$BACKEND-populate.json"
populate_s=$(( $(date +%s) - start ))
log "populated in ${populate_s} s"
if [ "$BACKEND" = postgresql ]; then
  # Autovacuum analyzes the freshly loaded tables within the next minute;
  # doing it now keeps that burst out of the measured runs.
  PGPASSWORD=${MLMD_TEST_POSTGRES_PASSWORD:-} psql -q -h "$MLMD_TEST_POSTGRES_HOST" \
    -p "$MLMD_TEST_POSTGRES_PORT" -U "$MLMD_TEST_POSTGRES_USER" \
    -d "mlmd_large_$STAMP" -c "VACUUM ANALYZE" >&2
fi

for workload in lineage query; do
  log "$workload"
  "$BIN/mlmd-bench" --target="$TARGET" --backend="$BACKEND" \
    --workload="$workload" --sweep="$LEVELS" --duration_s="$DURATION" \
    --warmup_s=3 --json_out="$OUT/$BACKEND-$workload.json" \
    >"$OUT/$BACKEND-$workload.txt"
done
rss_kb=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$SERVER_PID/status")

echo "populate of $NODES nodes on $BACKEND: ${populate_s} s; server peak RSS $((rss_kb / 1024)) MiB"
"$BIN/mlmd-bench-report" --inputs="$OUT/$BACKEND-lineage.json,$OUT/$BACKEND-query.json" \
  2>/dev/null || cat "$OUT/$BACKEND-lineage.txt" "$OUT/$BACKEND-query.txt"
