#!/usr/bin/env bash
# Retention under load: fills a fresh database through the server with
# mlmd-populate (NODES artifacts + executions in KFP-shaped runs over
# PIPELINES pipelines, default 1,000,000 nodes), measures DRIVERS KFP drivers
# (mlmd-bench kfp) alone for WINDOW seconds, then runs the retention job
# (`mlmd-server retention --keep_last=K`, K = half the runs of a pipeline, so
# about half the populated nodes go) while the same drivers keep writing
# through the server, in back-to-back WINDOW-second measurements until the
# purge ends. Prints the purge's rows/s and nodes/s and the drivers' task
# rate and p99 alone and during the purge, as Markdown table rows.
#
#   bench/retention_bench.sh sqlite|postgresql|mysql
#
# Knobs: NODES, PIPELINES (10), DRIVERS (8), WINDOW (10), BATCH (500: the
# job's --batch_size), BUILD_DIR, OUT. Files stay under OUT (build/).
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:?usage: bench/retention_bench.sh sqlite|postgresql|mysql}
NODES=${NODES:-1000000}
PIPELINES=${PIPELINES:-10}
DRIVERS=${DRIVERS:-8}
WINDOW=${WINDOW:-10}
BATCH=${BATCH:-500}
BUILD_DIR=${BUILD_DIR:-build}
OUT=${OUT:-$BUILD_DIR/retention_bench_out}
BIN=$BUILD_DIR/bench
SERVER=$BUILD_DIR/server/mlmd-server
STAMP=$(date +%s)
mkdir -p "$OUT"

ninja -C "$BUILD_DIR" -j 2 mlmd-server mlmd-populate mlmd-bench >/dev/null

# shellcheck source=bench/db_env.sh
source bench/db_env.sh

DB=mlmd_rt_$STAMP
start_server "$DB"
populate --pipelines="$PIPELINES"

# One measured window of the drivers; prints "<tasks/s> <p99 ms> <errors>".
drivers_window() {  # drivers_window <output file>
  "$BIN/mlmd-bench" --target="127.0.0.1:$GRPC_PORT" --workload=kfp \
    --concurrency="$DRIVERS" --duration_s="$WINDOW" --warmup_s=0 \
    --backend="$BACKEND" >"$1" 2>&1 || true
  awk '
    / ops ok, / { for (i = 1; i <= NF; i++) if ($i == "failed;") fail = $(i-1)
                  for (i = 1; i <= NF; i++) if ($i == "tasks/s,") rate = $(i-1) }
    $1 == "(operation)" { p99 = $6 }
    END { printf "%s %s %s\n", rate, p99, fail }' "$1"
}

log "drivers alone, $WINDOW s"
read -r alone_rate alone_p99 alone_fail < <(drivers_window "$OUT/$BACKEND-alone.txt")

# Runs per pipeline, from mlmd-populate's summary ("..., 71429 run contexts").
runs=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "run" && $(i+1) == "contexts,") print $(i-1) }' \
  "$OUT/$BACKEND-populate.txt")
KEEP=$(( (runs / PIPELINES) / 2 ))
[ "$KEEP" -ge 1 ] || KEEP=1
"$SERVER" retention "$(db_args "$DB")" --keep_last="$KEEP" --dry_run \
  >"$OUT/$BACKEND-dry.txt"

log "purge with --keep_last=$KEEP while $DRIVERS drivers write"
t0=$(now)
"$SERVER" retention "$(db_args "$DB")" --keep_last="$KEEP" \
  --batch_size="$BATCH" >"$OUT/$BACKEND-purge.txt" 2>"$OUT/$BACKEND-purge.err" &
PURGE_PID=$!
EXTRA_PIDS=$PURGE_PID
windows=0 worst_p99=0 rates="" fails=0
while kill -0 "$PURGE_PID" 2>/dev/null; do
  read -r rate p99 fail < <(drivers_window "$OUT/$BACKEND-during-$windows.txt")
  windows=$((windows + 1))
  rates="$rates $rate"
  fails=$((fails + ${fail:-0}))
  worst_p99=$(awk -v a="$worst_p99" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
done
wait "$PURGE_PID"
EXTRA_PIDS=""
t1=$(now)
purge_s=$(secs "$t0" "$t1")
stop_server

sum_rows() {  # total of the "rows ... per table" block of a report
  awk '/^rows .* per table:/ { on = 1; next } on && NF == 2 { s += $2; next }
       on { on = 0 } END { print s + 0 }' "$1"
}
rows=$(sum_rows "$OUT/$BACKEND-purge.txt")
dry_rows=$(sum_rows "$OUT/$BACKEND-dry.txt")
deleted_runs=$(awk '/^runs deleted:/ { print $3 }' "$OUT/$BACKEND-purge.txt")
nodes=$(awk '/^  (Artifact|Execution) / { s += $2 } END { print s + 0 }' \
  "$OUT/$BACKEND-purge.txt")
mean_rate=$(echo "$rates" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i;
  printf "%.1f", NF ? s / NF : 0 }')

echo "| backend | nodes | runs deleted (keep_last=$KEEP) | rows deleted (dry run said) | purge | rows/s | nodes/s | drivers alone: tasks/s, p99 | during purge ($windows windows): mean tasks/s, worst p99 | driver errors |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
echo "| $BACKEND | $NODES | $deleted_runs | $rows ($dry_rows) | ${purge_s} s | $(awk -v r="$rows" -v s="$purge_s" 'BEGIN { printf "%.0f", r / s }') | $(awk -v r="$nodes" -v s="$purge_s" 'BEGIN { printf "%.0f", r / s }') | $alone_rate, ${alone_p99} ms | $mean_rate, ${worst_p99} ms | $((alone_fail + fails)) |"
