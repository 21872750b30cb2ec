#!/usr/bin/env bash
# Debian packages the tests use: nginx (the edge in docker/ is tested for real) and chromium (browser tests,
# through scripts/ensure-chromium.sh, which the browser harness also calls). Installed once with apt-get when
# missing (CI and developers run as root here); quiet when present.
set -uo pipefail
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
bash "$(dirname "$0")/ensure-chromium.sh" || echo "» chromium could not be installed: the browser tests will fail" >&2
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "» missing system packages: ${need[*]} (install them with your package manager; the tests that need them will fail)" >&2
  exit 0
fi
echo "» installing ${need[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; } \
  || echo "» could not install ${need[*]}" >&2
