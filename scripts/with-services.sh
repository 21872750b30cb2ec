#!/usr/bin/env bash
# Runs a command once PostgreSQL and Redis answer (starting the local ones if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
exec "$@"
