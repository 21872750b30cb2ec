#!/usr/bin/env bash
# npm run bench:scale: one vs two instances of exam-session and leaderboard behind nginx (load-tests/bench/scale-out.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-system-packages.sh
out=".run/bench-scale-$$"
trap 'rm -rf "$out"' EXIT
OUT_DIR="$out" SKIP_WEB_BUILD=1 bash scripts/build.sh
node --enable-source-maps "$out/load-tests/bench/scale-out.js" "$@"
