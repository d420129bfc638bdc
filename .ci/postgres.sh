#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 and prints its DATABASE_URL.
# Usage: eval "$(.ci/postgres.sh start)"; ...; .ci/postgres.sh stop
set -euo pipefail

PGPORT=${PGPORT:-55432}
PGDATA_DIR=${PGDATA_DIR:-/tmp/portal-ci-pg}

as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_server() {
    [ -n "$(pg_bin)" ] && return
    echo "Installing Debian's postgresql..." >&2
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
}

# The first port from PGPORT on that nothing listens on (another server, a run that was killed).
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

# A fresh cluster on a free port; printed on failure with its log, and tried again once more
# (the server's start is the step that has failed on a busy machine, not the cluster's creation).
start() {
    install_server
    local bin; bin=$(pg_bin)
    stop >/dev/null 2>&1 || true
    for attempt in 1 2 3; do
        PGPORT=$(free_port "$PGPORT")
        rm -rf "$PGDATA_DIR"
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
        as_owner "$bin/initdb -D $PGDATA_DIR -U postgres -A trust -E UTF8 --locale=C.UTF-8" >&2
        if as_owner "$bin/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/server.log -w \
            -o '-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off' start" >&2; then
            as_owner "$bin/createdb -h 127.0.0.1 -p $PGPORT -U postgres portal" >&2
            echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/portal"
            return 0
        fi
        echo "PostgreSQL did not start (attempt $attempt); its log:" >&2
        cat "$PGDATA_DIR/server.log" >&2 || true
        PGPORT=$((PGPORT + 1))
        sleep 2
    done
    return 1
}

stop() {
    local bin; bin=$(pg_bin)
    [ -d "$PGDATA_DIR" ] && as_owner "$bin/pg_ctl -D $PGDATA_DIR -m fast -w stop"
}

"$@"
