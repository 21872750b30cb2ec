#!/usr/bin/env bash
# Compiles the services (swc: seconds, not minutes, on two cores) and, when present, the web client.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT_DIR:-dist}
rm -rf "$out"
npx --no-install swc apps libs scripts test load-tests/bench -d "$out" --copy-files --ignore '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,apps/web/**' --quiet
if [ -f apps/web/package.json ] || [ -f apps/web/vite.config.ts ]; then
  if [ -z "${SKIP_WEB_BUILD:-}" ]; then NODE_ENV=production npx --no-install vite build apps/web --logLevel warn; fi
fi
