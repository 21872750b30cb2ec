#!/usr/bin/env bash
# A local Redis Cluster of three masters (Debian's redis-server in cluster mode), for running the code against
# a cluster: `scripts/redis-cluster.sh start` prints its URL (redis-cluster://…), `scripts/redis-cluster.sh stop`.
set -euo pipefail
base=${REDIS_CLUSTER_PORT:-7100}
dir=${REDIS_CLUSTER_DIR:-/tmp/hoithi-redis-cluster}
ports=("$base" "$((base + 1))" "$((base + 2))")
case "${1:-start}" in
  start)
    mkdir -p "$dir"
    for p in "${ports[@]}"; do
      mkdir -p "$dir/$p"
      redis-cli -p "$p" ping >/dev/null 2>&1 && continue
      rm -f "$dir/$p/nodes.conf"
      redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$p/nodes.conf" \
        --cluster-node-timeout 5000 --save "" --appendonly no --dir "$dir/$p" --daemonize yes --logfile "$dir/$p/redis.log"
    done
    for p in "${ports[@]}"; do for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done; done
    if ! redis-cli -p "$base" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
      redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
      for _ in $(seq 1 100); do redis-cli -p "$base" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
    fi
    echo "redis-cluster://127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
    ;;
  stop)
    for p in "${ports[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
