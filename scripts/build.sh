#!/usr/bin/env bash
# Configures and builds mlmd-server into ./build (incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
ninja -C "$BUILD_DIR" -j "$JOBS"
# The Kubernetes schema validator of deploy/validate (test/deploy_schema_test),
# installed from its committed lock file whenever that changes.
if command -v npm >/dev/null &&
  [ ! deploy/validate/node_modules/.package-lock.json -nt deploy/validate/package-lock.json ]; then
  (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error)
fi
