#!/usr/bin/env bash
# npm run chaos [-- --faults=a,b]: faults injected under load; fails if anything acknowledged was lost.
# It restarts the local Redis and PostgreSQL: run it on a development machine, not beside a shared database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
out=".run/chaos-$$"
trap 'rm -rf "$out"' EXIT
OUT_DIR="$out" SKIP_WEB_BUILD=1 bash scripts/build.sh
node --enable-source-maps "$out/scripts/chaos.js" "$@"
