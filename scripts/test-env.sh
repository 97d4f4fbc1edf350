#!/usr/bin/env bash
# Prepares a fresh Debian machine (as root) for Snapdock's test suite, idempotently:
#   - a Docker engine (Debian's docker.io), started if it is not running;
#   - the base image debian:bookworm-slim, bootstrapped from Debian packages (no registry needed);
#   - the store images the integration tests start, built from docker/test-images/ (PostgreSQL,
#     MariaDB, Redis, NATS, ClickHouse 18.16, an app image with sqlite3);
#   - the PostgreSQL client tools (used for stores declared by host and port);
#   - Chromium and its chromedriver, for the dashboard's browser test (DashboardIT).
# S3 is served by S3Proxy, which the tests start themselves from its Maven artifact.
# A second run only checks what is there and takes a few seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[test-env] %s\n' "$*"; }

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || need_pkgs+=(mmdebstrap)
command -v pg_dump >/dev/null 2>&1 || need_pkgs+=(postgresql-client-15)
command -v mvn >/dev/null 2>&1 || need_pkgs+=(maven)
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
[ -x /usr/bin/chromedriver ] || need_pkgs+=(chromium-driver)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# The engine: reuse a running one, otherwise start Debian's dockerd in the background.
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd --iptables=false --storage-driver=overlay2 >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/dockerd.log"; exit 1; }
fi

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  log "bootstrapping debian:bookworm-slim"
  mmdebstrap --quiet --variant=minbase bookworm - | docker import - debian:bookworm-slim >/dev/null
fi

# Store images: rebuilt only when their Dockerfile directory changed (a content hash label).
build_image() {
  local tag=$1 dir=$2
  local sum
  sum=$(cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  if [ "$(docker image inspect -f '{{index .Config.Labels "snapdock.test-image.hash"}}' "$tag" 2>/dev/null)" = "$sum" ]; then
    return 0
  fi
  log "building $tag"
  docker build --quiet --network host --label "snapdock.test-image.hash=$sum" -t "$tag" "$dir" >/dev/null
}

for dir in "$here"/docker/test-images/*/; do
  name=$(basename "$dir")
  build_image "snapdock-test/$name:latest" "$dir"
done

log "ready: $(docker version --format 'engine {{.Server.Version}}'), images: $(docker images --format '{{.Repository}}' | grep -c snapdock-test/) test images"
