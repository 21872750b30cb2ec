#!/usr/bin/env bash
# npm start [service]: install if needed, make sure PostgreSQL and Redis answer, build, migrate, seed the demo,
# then run all four services (or the one named) with the web client on one port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
echo "» building…"
bash scripts/build.sh
node dist/scripts/setup.js
case "${1:-all}" in
  all) exec node --enable-source-maps dist/apps/platform/src/main.js ;;
  registration|question-bank|exam-session|leaderboard) exec node --enable-source-maps "dist/apps/$1/src/main.js" ;;
  *) echo "unknown service: $1 (registration, question-bank, exam-session, leaderboard)" >&2; exit 2 ;;
esac
