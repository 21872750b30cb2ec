#!/usr/bin/env bash
# npm run security: build, start the platform on its own database and port, sweep every route with hostile input.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
# A build of its own, so the sweep never races `npm start`, a bench or another sweep over dist/.
out=".run/security-$$"
trap 'rm -rf "$out"' EXIT
OUT_DIR="$out" SKIP_WEB_BUILD=1 bash scripts/build.sh
node --enable-source-maps "$out/scripts/security/run.js" "$@"
