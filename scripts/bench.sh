#!/usr/bin/env bash
# npm run bench [areas…]: build, start the platform on its own database, measure, print one table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
# A build of its own, so a bench never races `npm start` or another bench over dist/.
out=".run/bench-$$"
trap 'rm -rf "$out"' EXIT
OUT_DIR="$out" SKIP_WEB_BUILD=1 bash scripts/build.sh
node --enable-source-maps "$out/load-tests/bench/run.js" "$@"
