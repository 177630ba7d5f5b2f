#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL cluster on 127.0.0.1 for the records tests and print its URL.
#
#   export STACKCLEAR_TEST_PG_URL="$(bash scripts/pg-start.sh --install)"
#
# --install   install Debian's postgresql package first when no server binaries are found (needs root)
# The cluster lives in $STACKCLEAR_PG_DIR (default /tmp/stackclear-pg), listens on 127.0.0.1 on a free port
# (kept in $DIR/port, reused while it runs) and trusts loopback connections. PostgreSQL refuses to run as
# root, so as root the cluster runs as the `postgres` user. Idempotent: a running cluster is reused in
# well under a second. Prints the URL of database `stackclear` on stdout; diagnostics go to stderr; exits
# non-zero (with the reason on stderr) when PostgreSQL cannot be started.
set -euo pipefail

DIR="${STACKCLEAR_PG_DIR:-/tmp/stackclear-pg}"
INSTALL=0
[ "${1:-}" = "--install" ] && INSTALL=1

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] && [ "$INSTALL" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then echo "pg-start: PostgreSQL is not installed and we are not root" >&2; exit 1; fi
  echo "pg-start: installing postgresql from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  BIN="$(find_bin || true)"
fi
if [ -z "$BIN" ]; then echo "pg-start: no PostgreSQL server binaries (initdb, pg_ctl) found" >&2; exit 1; fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$DIR" --shell /bin/sh postgres
fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
chmod 700 "$DIR"
DATA="$DIR/data"

if [ -f "$DIR/port" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT="$(cat "$DIR/port")"
else
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 \
      || { echo "pg-start: initdb failed:" >&2; tail -n 20 "$DIR/initdb.log" >&2; exit 1; }
  fi
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { echo "pg-start: the server did not start:" >&2; tail -n 20 "$DIR/server.log" >&2; exit 1; }
  echo "$PORT" >"$DIR/port"
fi

if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -Atqc "SELECT 1 FROM pg_database WHERE datname='stackclear'" postgres | grep -q 1; then
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres stackclear
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/stackclear"
