#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running server: installs
# what is missing, builds, and starts mlmd-server on the embedded SQLite
# database (port 8080 unless --grpc_port is given). Extra arguments go to
# the server, e.g. scripts/run.sh --grpc_port=9090 --sqlite_path=/data/m.db
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
exec build/server/mlmd-server "$@"
