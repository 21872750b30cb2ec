#!/usr/bin/env bash
# npm run migrate: create the database when missing and run every service's pending migrations (no demo seed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
SKIP_WEB_BUILD=1 bash scripts/build.sh
node dist/scripts/setup.js --no-seed "$@"
