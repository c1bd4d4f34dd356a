#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, builds,
# starts throwaway PostgreSQL and MariaDB servers on 127.0.0.1, runs every
# test against SQLite, PostgreSQL and MariaDB, and stops the databases again
# (also when tests fail). Ends with ctest's summary line and its exit code.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
scripts/deps.sh
scripts/build.sh

if [ -x "$ROOT/scripts/testdb.sh" ]; then
  "$ROOT/scripts/testdb.sh" start
  # Stop the databases whatever happens, keeping the tests' exit code.
  trap 'rc=$?; "$ROOT/scripts/testdb.sh" stop || true; exit $rc' EXIT
  # shellcheck disable=SC1090
  source <("$ROOT/scripts/testdb.sh" env)
fi

cd "$ROOT/build"
ctest --output-on-failure -j "${TEST_JOBS:-2}" --timeout 600
