#!/usr/bin/env bash
# Docker Engine and the local container images for the -Pcontainers test profile (run as root).
#
#   .ci/containers.sh up       install docker.io and debootstrap if missing, start dockerd if none runs, build the
#                              images that are missing (default)
#   .ci/containers.sh images   the same; prints the images
#   .ci/containers.sh base     only gatehouse/jre17, the base of the service images (./gatehouse images)
#   .ci/containers.sh stop     remove the test containers left behind, and stop dockerd if this script started it
#
# No image registry is reachable on the build machines, so every image is built here from Debian's packages
# (debootstrap, the mirror taken from this machine's apt configuration) and Maven Central:
#   gatehouse/jre17          Debian bookworm minbase + openjdk-17-jre-headless, user 185 (base of the others)
#   gatehouse/postgres:15    Debian bookworm minbase + postgresql-15 (bookworm's PostgreSQL)
#   gatehouse/kafka:<ver>    gatehouse/jre17 + the Kafka broker jars of the build's kafka.version
# An image is rebuilt only when what it is built from changed (a digest in its label io.gatehouse.inputs), or with
# GATEHOUSE_REBUILD_IMAGES=1. dockerd runs without a bridge and
# without iptables rules: containers use the host network and listen on loopback only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${GATEHOUSE_STATE:-$ROOT/.gatehouse}/docker"
BUILD="${GATEHOUSE_IMAGE_BUILD_DIR:-/var/tmp/gatehouse-images}" # root filesystems while they are built
SUITE=bookworm
PG_MAJOR=15 # bookworm's PostgreSQL
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
JRE_IMAGE=gatehouse/jre17
PG_IMAGE="gatehouse/postgres:$PG_MAJOR"
KAFKA_IMAGE="gatehouse/kafka:$KAFKA_VERSION"

log() { printf '%s\n' "$*" >&2; }
die() { log "containers: $*"; exit 1; }

docker_ok() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "needs root to install ${missing[*]}"
  log "== installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

start_daemon() {
  if docker_ok; then
    log "== Docker Engine $(docker version --format '{{.Server.Version}}') already running"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "needs root to start dockerd"
  mkdir -p "$STATE"
  log "== starting dockerd (no bridge, no iptables; log ${STATE#"$ROOT"/}/dockerd.log)"
  nohup dockerd --bridge=none --iptables=false >"$STATE/dockerd.log" 2>&1 &
  echo $! > "$STATE/dockerd.pid"
  for _ in $(seq 1 300); do
    docker_ok && { log "   Docker Engine $(docker version --format '{{.Server.Version}}') up"; return 0; }
    kill -0 "$(cat "$STATE/dockerd.pid")" 2>/dev/null || die "dockerd exited; see $STATE/dockerd.log"
    sleep 0.2
  done
  die "dockerd did not answer within 60 s; see $STATE/dockerd.log"
}

stop() {
  if docker_ok; then
    local left
    left="$(docker ps -aq --filter label=io.gatehouse.test=true)"
    [ -z "$left" ] || { log "== removing test containers left behind"; docker rm -f $left >/dev/null; }
  fi
  local f="$STATE/dockerd.pid"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    log "== stopping dockerd (pid $pid, started by this script)"
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# inputs TEXT FILES...: a digest of what an image is built from, kept in its label io.gatehouse.inputs
inputs() {
  local text="$1"; shift
  { echo "$text"; cat "$@"; } | sha256sum | cut -c1-16
}

# current IMAGE DIGEST: the image exists and was built from the same inputs
current() {
  [ "${GATEHOUSE_REBUILD_IMAGES:-0}" != 1 ] &&
    [ "$(docker image inspect --format '{{index .Config.Labels "io.gatehouse.inputs"}}' "$1" 2>/dev/null)" = "$2" ]
}

# The Debian mirror this machine's apt uses for the suite (never written into a file of the repository).
mirror() {
  local m
  m="$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' "Codename: $SUITE" 'Component: main' \
    2>/dev/null | sort -u | head -1)"
  [ -n "$m" ] || die "no apt source for Debian $SUITE main in this machine's apt configuration"
  echo "$m"
}

# debootstrap mounts these inside the root filesystem; a failed run can leave them mounted
unmount_all() {
  local m
  for m in dev/pts dev/shm proc sys; do
    if mountpoint -q "$1/$m" 2>/dev/null; then umount -l "$1/$m"; fi
  done
}

# rootfs DIR PACKAGES: a minimal Debian root filesystem with the packages, docs and apt caches removed.
rootfs() {
  local dir="$1" packages="$2" m
  m="$(mirror)"
  unmount_all "$dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  log "   debootstrap --variant=minbase --include=$packages $SUITE (takes a few minutes)"
  debootstrap --variant=minbase --include="$packages" "$SUITE" "$dir" "$m" >"$dir.log" 2>&1 \
    || { unmount_all "$dir"; die "debootstrap failed; see $dir.log"; }
  unmount_all "$dir"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* \
    "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/log/*.log
}

# import DIR IMAGE CHANGES...: the root filesystem as an image (docker import, no registry involved).
import() {
  local dir="$1" image="$2"; shift 2
  local changes=() c
  for c in "$@"; do changes+=(--change "$c"); done
  tar -C "$dir" --numeric-owner -c . | docker import "${changes[@]}" - "$image" >/dev/null
  rm -rf "$dir" "$dir.log"
  log "   imported $image ($(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1000000}'))"
}

build_jre() {
  local dir="$BUILD/jre17" arch digest
  digest="$(inputs "$SUITE openjdk-17-jre-headless 185")"
  current "$JRE_IMAGE" "$digest" && { log "== $JRE_IMAGE is up to date"; return 0; }
  log "== building $JRE_IMAGE"
  rootfs "$dir" openjdk-17-jre-headless
  arch="$(chroot "$dir" dpkg --print-architecture)"
  # user 185, group root: the user of Quarkus container images (Jib's default for Quarkus)
  echo 'jboss:x:185:0:jboss:/home/jboss:/usr/sbin/nologin' >> "$dir/etc/passwd"
  mkdir -p "$dir/home/jboss"
  chown 185:0 "$dir/home/jboss"
  import "$dir" "$JRE_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" 'ENV LANG=C.UTF-8' 'USER 185' 'WORKDIR /home/jboss' \
    "LABEL io.gatehouse.inputs=$digest"
}

build_postgres() {
  local dir="$BUILD/postgres" digest
  digest="$(inputs "$SUITE postgresql-$PG_MAJOR SIGINT" "$ROOT/.ci/images/postgres/entrypoint.sh")"
  current "$PG_IMAGE" "$digest" && { log "== $PG_IMAGE is up to date"; return 0; }
  log "== building $PG_IMAGE"
  rootfs "$dir" "postgresql-$PG_MAJOR"
  [ -x "$dir/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ] || die "no PostgreSQL $PG_MAJOR in $SUITE"
  # the package's own cluster is not used: the entrypoint creates one in PGDATA on first start
  rm -rf "$dir/var/lib/postgresql/$PG_MAJOR" "$dir/etc/postgresql/$PG_MAJOR"
  install -m 755 "$ROOT/.ci/images/postgres/entrypoint.sh" "$dir/usr/local/bin/postgres-entrypoint"
  import "$dir" "$PG_IMAGE-rootfs" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'ENV LANG=C.UTF-8' \
    'ENV PGDATA=/var/lib/postgresql/data' 'USER postgres' 'WORKDIR /var/lib/postgresql' \
    'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]'
  # SIGINT (fast shutdown) on docker stop, as the official image; docker import cannot set STOPSIGNAL
  printf 'FROM %s\nSTOPSIGNAL SIGINT\nLABEL io.gatehouse.inputs=%s\n' "$PG_IMAGE-rootfs" "$digest" \
    | DOCKER_BUILDKIT=0 docker build -q -t "$PG_IMAGE" - >/dev/null 2>"$dir.log" \
    || { cat "$dir.log" >&2; die "docker build of $PG_IMAGE failed"; }
  rm -f "$dir.log"
  docker rmi "$PG_IMAGE-rootfs" >/dev/null
  log "   built $PG_IMAGE"
}

build_kafka() {
  local ctx="$BUILD/kafka" digest k="$ROOT/.ci/images/kafka"
  digest="$(inputs "$KAFKA_VERSION $(docker image inspect --format '{{.Id}}' "$JRE_IMAGE")" \
    "$k/Dockerfile" "$k/entrypoint.sh" "$k/pom.xml")"
  current "$KAFKA_IMAGE" "$digest" && { log "== $KAFKA_IMAGE is up to date"; return 0; }
  log "== building $KAFKA_IMAGE"
  rm -rf "$ctx"
  mkdir -p "$ctx/data"
  cp "$k/Dockerfile" "$k/entrypoint.sh" "$ctx/"
  (cd "$ROOT" && mvn -B -q -f .ci/images/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$ctx/libs") || die "could not resolve the Kafka jars"
  DOCKER_BUILDKIT=0 docker build -q --network host --label "io.gatehouse.inputs=$digest" -t "$KAFKA_IMAGE" "$ctx" \
    >/dev/null 2>"$ctx.log" \
    || { cat "$ctx.log" >&2; die "docker build of $KAFKA_IMAGE failed"; }
  rm -rf "$ctx" "$ctx.log"
  log "   built $KAFKA_IMAGE"
}

up() {
  install_packages
  start_daemon
  build_jre
  build_postgres
  build_kafka
  # the images that a rebuild replaced
  docker image prune -f --filter label=io.gatehouse.inputs >/dev/null
}

case "${1:-up}" in
  up) up ;;
  images) up; docker image ls --filter 'reference=gatehouse/*' ;;
  base) install_packages; start_daemon; build_jre ;;
  stop) stop ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
