#!/usr/bin/env bash
# ctest: mlmd-baseline creates its schema with the database's own client
# (never the store: the binary must not contain it) and runs both workloads
# for a few operations on SQLite, and on PostgreSQL and MariaDB when the test
# script started them (MLMD_TEST_POSTGRES_* / MLMD_TEST_MYSQL_* set).
# Usage: baseline_smoke_test.sh <mlmd-baseline> <scratch dir>
set -euo pipefail
BIN=$1
TMP=$(mktemp -d "${2:-/tmp}/baseline_smoke.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# The store's entry point must not be linked in.
if nm -C "$BIN" | grep -q 'mlmd::MetadataStore::Open'; then
  echo "FAIL: mlmd-baseline links the store (MetadataStore::Open found)"
  exit 1
fi

run() {  # label, args...
  local label=$1 out
  shift
  for workload in ingest kfp; do
    # Twice on the same database: the second run finds the schema there.
    for pass in 1 2; do
      if ! out=$("$BIN" "$@" --workload=$workload --operations=40 \
          --warmup_s=0 --duration_s=30 2>&1); then
        echo "FAIL: $label $workload pass $pass:"; echo "$out"; exit 1
      fi
      if ! grep -Eq ' [1-9][0-9]* ops ok, 0 failed' <<<"$out"; then
        echo "FAIL: $label $workload pass $pass did no work:"; echo "$out"
        exit 1
      fi
    done
  done
  echo "ok: $label"
}

run sqlite --backend=sqlite --sqlite_path="$TMP/baseline.sqlite"
# The lookup indexes of our own migrations are there too, as in a server's
# database (sqlite3's CLI may be missing: sqlite_master keeps each index's
# SQL text in the file).
if ! grep -aq 'mlmds_attribution_artifact' "$TMP/baseline.sqlite"; then
  echo "FAIL: no indexes in the baseline's SQLite schema"; exit 1
fi
db="mlmd_smoke_$$_$(date +%s)"
if [ -n "${MLMD_TEST_POSTGRES_PORT:-}" ]; then
  run postgresql --backend=postgresql --database="$db"
fi
if [ -n "${MLMD_TEST_MYSQL_PORT:-}" ]; then
  run mysql --backend=mysql --database="$db"
fi
