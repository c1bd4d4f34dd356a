#!/usr/bin/env bash
# Counts per KFP task that do not depend on how busy the machine is, for
# comparing two builds or two flag sets where wall-clock figures move by
# ±20 % between identical runs (bench/PROFILE.md, "Noise"). Runs TASKS tasks
# of the kfp workload (DRIVERS drivers) through the server on a fresh
# database and prints, per task:
#   every backend  the server's system calls and context switches (perf
#                  stat) and bytes it wrote (/proc/PID/io: SQLite's WAL);
#   PostgreSQL     transactions committed, buffer pages touched (hit + read)
#                  and rows scanned, from pg_stat_database of that database;
#   MariaDB        statements, COMMITs and rows read by the handlers, from
#                  SHOW GLOBAL STATUS (server-wide: run nothing else on the
#                  test database server meanwhile).
#
#   bench/counts.sh sqlite|postgresql|mysql [server flags...]
#
# Knobs: TASKS (2000), DRIVERS (8), READS (true: the whole task as KFP's
# driver plays it; false: its writes alone), SERVER, BUILD_DIR, OUT.
# Example: the same binary with group commit off and on,
#   bench/counts.sh sqlite --db_group_commit=false
#   bench/counts.sh sqlite --db_group_commit=true
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/counts.sh BACKEND [server flags...]}
shift
TASKS=${TASKS:-2000}
DRIVERS=${DRIVERS:-8}
READS=${READS:-true}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/counts_out}
BIN=$BUILD_DIR/bench
SERVER=${SERVER:-$BUILD_DIR/server/mlmd-server}
mkdir -p "$OUT"
command -v perf >/dev/null || { echo "counts.sh needs perf (linux-perf)" >&2; exit 2; }
ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-bench >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh

db="mlmd_counts_$(date +%s)"
# Database-side counters as "name value" lines.
db_counters() {
  case "$BACKEND" in
    postgresql)
      PGPASSWORD=${!pw_var:-} psql -h "$host" -p "$port" -U "${!user_var}" \
        -d "$db" -Atc "
        SELECT 'commits ' || xact_commit, 'pages ' || (blks_hit + blks_read),
               'rows_scanned ' || tup_returned
        FROM pg_stat_database WHERE datname = current_database()" |
        tr '|' '\n'
      ;;
    mysql)
      MYSQL_PWD=${!pw_var:-} mariadb --no-defaults -h "$host" -P "$port" \
        -u "${!user_var}" -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions',
          'Com_commit', 'Handler_read_key', 'Handler_read_next',
          'Handler_read_rnd_next')" |
        awk '{ n = $1 == "Questions" ? "statements" : $1 == "Com_commit" ?
               "commits" : "rows_read"; s[n] += $2 }
             END { for (k in s) print k, s[k] }'
      ;;
  esac
}

start_server "$db" "$@"
io_bytes() { awk '$1 == "wchar:" { print $2 }' "/proc/$SERVER_PID/io"; }
sleep 1  # let start-up statistics reach the database's counters
db_counters >"$OUT/db_before.txt"
w0=$(io_bytes)
perf stat -x, -e raw_syscalls:sys_enter,context-switches -p "$SERVER_PID" \
  -o "$OUT/perf.txt" &
PERF_PID=$!
EXTRA_PIDS="$PERF_PID"
sleep 0.3
"$BIN/mlmd-bench" --target="127.0.0.1:$GRPC_PORT" --workload=kfp \
  --kfp_reads="$READS" --concurrency="$DRIVERS" --operations="$TASKS" \
  --warmup_s=0 --duration_s=3600 --backend="$BACKEND" >"$OUT/bench.txt" 2>&1
kill -INT "$PERF_PID"
wait "$PERF_PID" || true
EXTRA_PIDS=""
w1=$(io_bytes)
stop_server  # PostgreSQL's backends report their last statistics on exit
sleep 1
db_counters >"$OUT/db_after.txt"

tasks=$(awk '/ ops ok, / { print $4; exit }' "$OUT/bench.txt")
if [ -z "$tasks" ] || [ "$tasks" = 0 ]; then
  cat "$OUT/bench.txt" >&2
  echo "the load generator finished no task" >&2
  exit 1
fi
{
  awk -F, '$3 == "raw_syscalls:sys_enter" { print "server_syscalls", $1 }
           $3 == "context-switches" { print "server_context_switches", $1 }' \
    "$OUT/perf.txt"
  echo "server_bytes_written $((w1 - w0))"
  join <(sort "$OUT/db_before.txt") <(sort "$OUT/db_after.txt") |
    awk '{ print "db_" $1, $3 - $2 }'
} | awk -v t="$tasks" -v b="$BACKEND" -v r="$READS" -v f="$*" '
  BEGIN { printf "%s, %d tasks (kfp_reads=%s) %s\n", b, t, r, f }
  { printf "  %-26s %12.1f per task\n", $1, $2 / t }'
