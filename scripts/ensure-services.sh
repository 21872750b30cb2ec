#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer. The local ones are started when installed and stopped; otherwise
# one clear line says what to set. DATABASE_URL / REDIS_URL point elsewhere: only checked.
set -uo pipefail
db_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hoithi}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
db_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$db_url")
db_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$db_url")
r_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$redis_url")
r_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$redis_url")
local_host() { case $1 in 127.0.0.1|localhost|::1) return 0 ;; *) return 1 ;; esac; }

pg_up() { node -e '
  const net=require("net");const s=net.connect(+process.argv[2],process.argv[1]);
  s.on("connect",()=>{s.end();process.exit(0)});s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000);' "$db_host" "$db_port"; }
redis_up() { node -e '
  const net=require("net");const s=net.connect(+process.argv[2],process.argv[1]);let b="";
  s.on("connect",()=>s.write("PING\r\n"));s.on("data",d=>{b+=d;if(b.includes("PONG")){s.end();process.exit(0)}});
  s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000);' "$r_host" "$r_port"; }

if ! pg_up; then
  if local_host "$db_host" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "» starting the local PostgreSQL…"
    for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true; done
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  pg_up || { echo "PostgreSQL does not answer at $db_host:$db_port. Install and start it, or set DATABASE_URL (e.g. postgres://user:pass@host:5432/hoithi)." >&2; exit 1; }
fi
if ! redis_up; then
  if local_host "$r_host" && command -v redis-server >/dev/null 2>&1; then
    echo "» starting the local Redis…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$r_port" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 \
      || redis-server --daemonize yes --bind 127.0.0.1 --port "$r_port" --save "" --appendonly no >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do redis_up && break; sleep 0.5; done
  fi
  redis_up || { echo "Redis does not answer at $r_host:$r_port. Install and start it, or set REDIS_URL (e.g. redis://host:6379)." >&2; exit 1; }
fi
