# A throwaway PostgreSQL server for the shared-store tests: sourced, never run.
#
#   . tests/pg_cluster.sh
#   pg_cluster_start          # exits 77 (skipped) when no PostgreSQL server is installed
#   ... SPARRING_TEST_PG is its URL (superuser postgres, trust, a Unix socket only) ...
#   pg_cluster_restart        # stop and start it again (same data)
#   pg_cluster_server_stop, pg_cluster_server_start: the same in two steps
#
# The server lives in a new temporary folder, listens on a Unix socket in that folder and on no
# TCP port, and is stopped and removed when the shell exits, whatever the outcome (EXIT trap).
# initdb and postgres refuse to run as root: as root, they run as the `postgres` user (which
# Debian's postgresql package creates) with the folder given to it.

pg_cluster_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

pg_cluster_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR" ]; then
    pg_cluster_as "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
  fi
  PG_CLUSTER_DIR=
}

pg_cluster_server_start() {
  pg_cluster_as "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/log" -w -t 60 \
    -o "-k $PG_CLUSTER_DIR -c listen_addresses= -p $PG_CLUSTER_PORT -c fsync=off -c max_connections=120" \
    start >/dev/null
}

# The server stopped (its sessions cut), its data kept: pg_cluster_server_start starts it again.
pg_cluster_server_stop() {
  pg_cluster_as "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m fast -w stop >/dev/null
}

pg_cluster_restart() {
  pg_cluster_server_stop
  pg_cluster_server_start
}

pg_cluster_start() {
  PG_CLUSTER_BIN=$(pg_cluster_bin) || { echo "no PostgreSQL server installed (scripts/setup.sh installs it): skipped"; exit 77; }
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root and there is no postgres user to run the server as: skipped"; exit 77
  fi
  PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sparring-pg-XXXXXX")
  trap pg_cluster_stop EXIT
  chmod 755 "$PG_CLUSTER_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_CLUSTER_DIR"
  # The socket is in our own folder, so any port number is free; vary it anyway.
  PG_CLUSTER_PORT=$((20000 + RANDOM % 20000))
  if ! pg_cluster_as "$PG_CLUSTER_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres -A trust \
        -E UTF8 --locale=C --no-sync >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    cat "$PG_CLUSTER_DIR/initdb.log" >&2; echo "initdb failed" >&2; exit 1
  fi
  if ! pg_cluster_server_start; then
    cat "$PG_CLUSTER_DIR/log" >&2; echo "the test PostgreSQL server did not start" >&2; exit 1
  fi
  export PG_CLUSTER_DIR PG_CLUSTER_PORT PG_CLUSTER_BIN
  export SPARRING_TEST_PG="postgresql:///postgres?host=$PG_CLUSTER_DIR&port=$PG_CLUSTER_PORT&user=postgres"
}
