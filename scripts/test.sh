#!/usr/bin/env bash
# npm test: install if needed, lint + type check, then every jest project (unit, integration against the real
# PostgreSQL and Redis in a database and key prefix of their own, end-to-end over HTTP and socket.io).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-system-packages.sh
SECONDS=0
echo "» lint and type check"
npm run --silent lint
echo "» tests"
npx --no-install jest --ci --maxWorkers=2 "$@"
echo "» all tests passed in ${SECONDS}s"
