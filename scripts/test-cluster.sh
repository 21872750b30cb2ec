#!/usr/bin/env bash
# npm run test:cluster: the integration tests once against a local three-master Redis Cluster, to show that
# every multi-key operation stays within one hash slot (the round's {r:<id>} tag) and the code runs unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
url=$(bash scripts/redis-cluster.sh start)
trap 'bash scripts/redis-cluster.sh stop' EXIT
echo "» Redis Cluster: $url"
TEST_REDIS_URL="$url" npx --no-install jest --ci --selectProjects int e2e --maxWorkers=2 "$@"
