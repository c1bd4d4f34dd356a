#!/usr/bin/env bash
# ctest: mlmd-bench's kfp workload passes PutExecution the contexts as KFP's
# driver holds them (as GetContextByTypeAndName returned them, type name
# included), so it causes no writes the driver would not. A context the
# client sends differently from the stored one counts as changed and is
# rewritten, which moves its update time; after short runs with and without
# the driver's reads on a fresh SQLite server, every context must still
# carry its create time as its update time.
# Usage: kfp_fidelity_test.sh <mlmd-server> <mlmd-bench> <mlmdctl> <scratch dir>
set -euo pipefail
SERVER=$1 BENCH=$2 CTL=$3
TMP=$(mktemp -d "${4:-/tmp}/kfp_fidelity.XXXXXX")
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT

for _ in 1 2 3 4 5; do
  PORT=$(shuf -i 20000-45000 -n 1)
  "$SERVER" --listen_host=127.0.0.1 --grpc_port="$PORT" \
    --db="$TMP/store.sqlite" >"$TMP/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    grep -q listening "$TMP/server.log" && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  grep -q listening "$TMP/server.log" && break
  wait "$PID" 2>/dev/null || true
  PID=""
  grep -q "cannot listen" "$TMP/server.log" || break
done
if [ -z "$PID" ]; then
  echo "FAIL: the server did not start:"; cat "$TMP/server.log"; exit 1
fi

for reads in false true; do
  # Five tasks per run: each run context is passed to several PutExecutions.
  if ! out=$("$BENCH" --target="127.0.0.1:$PORT" --workload=kfp \
      --kfp_reads=$reads --kfp_tasks_per_run=5 --concurrency=2 \
      --operations=30 --warmup_s=0 --duration_s=60 2>&1); then
    echo "FAIL: mlmd-bench (kfp_reads=$reads):"; echo "$out"; exit 1
  fi
  if ! grep -Eq ' [1-9][0-9]* ops ok, 0 failed' <<<"$out"; then
    echo "FAIL: mlmd-bench (kfp_reads=$reads) did no work:"; echo "$out"
    exit 1
  fi
done

"$CTL" contexts --server="127.0.0.1:$PORT" --output=json --limit=1000 \
  >"$TMP/contexts.json"
python3 - "$TMP/contexts.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
runs = [c for c in items if c["type"] == "system.PipelineRun"]
if len(runs) < 4:
    sys.exit(f"FAIL: expected several pipeline runs, found {len(runs)}")
moved = [c for c in items if c["update_time_ms"] != c["create_time_ms"]]
for c in moved:
    print(f"FAIL: context {c['id']} ({c['type']} {c['name']}) was rewritten: "
          f"created {c['create_time_ms']}, updated {c['update_time_ms']}")
if moved:
    sys.exit(1)
print(f"ok: {len(items)} contexts ({len(runs)} runs), none rewritten")
PY
