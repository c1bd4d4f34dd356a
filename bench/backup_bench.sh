#!/usr/bin/env bash
# Backup and restore speed: fills a fresh database through the server with
# mlmd-populate (NODES artifacts + executions, default 1,000,000), stops the
# server, then times `mlmd-server backup`, `mlmd-server restore` into a new
# database of the same backend, and the database's own dump tool (pg_dump,
# mariadb-dump; sqlite3 .backup for SQLite) on the same store. One backend
# per run; prints a Markdown table row:
#
#   bench/backup_bench.sh sqlite|postgresql|mysql
#
# PostgreSQL and MariaDB come from scripts/testdb.sh (started here unless
# MLMD_TEST_POSTGRES_PORT / MLMD_TEST_MYSQL_PORT are already set). Knobs:
# NODES, BUILD_DIR, OUT. Generated files stay under OUT (build/, never
# committed).
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/backup_bench.sh sqlite|postgresql|mysql}
NODES=${NODES:-1000000}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/backup_bench_out}
BIN=$BUILD_DIR/bench
SERVER=$BUILD_DIR/server/mlmd-server
STAMP=$(date +%s)
mkdir -p "$OUT"

mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / 1048576 / (s > 0 ? s : 1) }'; }

ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-populate >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh
SOURCE=mlmd_bk_src_$STAMP
TARGET=mlmd_bk_dst_$STAMP

start_server "$SOURCE"
populate
stop_server

FILE=$OUT/$BACKEND-$STAMP.backup.sqlite
log "mlmd-server backup"
t0=$(now)
"$SERVER" backup "$(db_args "$SOURCE")" --out="$FILE" >"$OUT/$BACKEND-backup.txt"
t1=$(now)
backup_s=$(secs "$t0" "$t1")
size=$(stat -c %s "$FILE")
rows=$(awk '/^total rows:/ { print $3 }' "$OUT/$BACKEND-backup.txt")

log "mlmd-server restore"
t0=$(now)
"$SERVER" restore "$(db_args "$TARGET")" --in="$FILE" >"$OUT/$BACKEND-restore.txt"
t1=$(now)
restore_s=$(secs "$t0" "$t1")

DUMP=$OUT/$BACKEND-$STAMP.dump
log "native dump"
t0=$(now)
case "$BACKEND" in
  sqlite) sqlite3 "$OUT/$SOURCE.sqlite" ".backup '$DUMP'" ;;
  postgresql)
    PGPASSWORD=${!pw_var:-} pg_dump -h "$host" -p "$port" -U "${!user_var}" \
      -Fc -f "$DUMP" "$SOURCE" ;;
  mysql)
    mariadb-dump -h "$host" -P "$port" -u "${!user_var}" -p"${!pw_var:-}" \
      --single-transaction "$SOURCE" >"$DUMP" ;;
esac
t1=$(now)
dump_s=$(secs "$t0" "$t1")
dump_size=$(stat -c %s "$DUMP")

echo "| $BACKEND | $NODES | $rows | $(( size / 1048576 )) MiB | ${backup_s} s ($(mbps "$size" "$backup_s") MB/s) | ${restore_s} s ($(mbps "$size" "$restore_s") MB/s) | ${dump_s} s, $(( dump_size / 1048576 )) MiB |"
rm -f "$FILE" "$DUMP"
