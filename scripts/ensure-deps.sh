#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json (npm ci: exact versions).
# One install at a time: runs started together (several with-services.sh after a lockfile change) would otherwise
# each run npm ci and delete the node_modules the others are installing or using.
set -euo pipefail
cd "$(dirname "$0")/.."
stale() { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }
if stale; then
  mkdir -p .run
  exec 9>.run/deps.lock
  flock 9
  if stale; then
    echo "» installing dependencies (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.package-lock.json
  fi
fi
