#!/usr/bin/env bash
# Installs the Debian 12 packages mlmd-server needs to build, test and run,
# skipping the ones already present. Safe to run repeatedly.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev
  libabsl-dev libsqlite3-dev sqlite3 libpq-dev libmysqlcppconn-dev
  prometheus-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 mariadb-server clang libtcmalloc-minimal4
  openssl libssl-dev libyaml-cpp-dev graphviz python3-jsonschema
  libcivetweb-dev chromium fonts-dejavu-core libcjose-dev libjansson-dev
  libmicrohttpd-dev curl
)
# node/npm build the web view's bundle and the grpc-web test client. A node
# from elsewhere (e.g. NodeSource's, which bundles npm and conflicts with
# Debian's npm package) is used as it is; Debian's only fill what is missing.
if ! command -v node >/dev/null 2>&1; then PACKAGES+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Package post-install scripts must not start system services here.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
