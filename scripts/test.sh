#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, builds,
# starts throwaway PostgreSQL and MariaDB servers on 127.0.0.1, runs every
# test against SQLite, PostgreSQL and MariaDB, and stops the databases again
# (also when tests fail). Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh

if [ -x scripts/testdb.sh ]; then
  scripts/testdb.sh start
  trap 'scripts/testdb.sh stop' EXIT
  # shellcheck disable=SC1090
  source <(scripts/testdb.sh env)
fi

cd build
ctest --output-on-failure -j "${TEST_JOBS:-2}" --timeout 600
