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
OUT=$(mktemp -d "${4:-/tmp}/kfp_fidelity.XXXXXX")
BACKEND=sqlite
# start_server and its clean-up on exit (the server only, on SQLite).
# shellcheck source=bench/db_env.sh
source "$(dirname "$0")/db_env.sh"
trap 'db_env_cleanup; rm -rf "$OUT"' EXIT
start_server store
PORT=$GRPC_PORT

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
  >"$OUT/contexts.json"
python3 - "$OUT/contexts.json" <<'PY'
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
