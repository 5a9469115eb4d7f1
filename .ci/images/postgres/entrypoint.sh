#!/bin/sh
# PostgreSQL from Debian's packages, configured like the official image: PGPORT (default 5432), PGDATA,
# POSTGRES_PASSWORD (required) for the superuser "postgres". Listens on 127.0.0.1 only (POSTGRES_LISTEN to
# change it); extra arguments go to the server (e.g. -c fsync=off).
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
PGPORT="${PGPORT:-5432}"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGPORT PGDATA
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  "$bin/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses="${POSTGRES_LISTEN:-127.0.0.1}" \
  -c unix_socket_directories=/tmp "$@"
