#!/usr/bin/env bash
# Starts a throwaway Redis server on 127.0.0.1 (no persistence) and prints its CACHE_URL.
# Usage: eval "$(.ci/redis.sh start)"; ...; .ci/redis.sh stop
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-56379}
REDIS_DIR=${REDIS_DIR:-/tmp/portal-ci-redis}

install_server() {
    command -v redis-server >/dev/null && return
    echo "Installing Debian's redis-server..." >&2
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >&2
}

# The first port from REDIS_PORT on that nothing listens on.
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

start() {
    install_server
    stop >/dev/null 2>&1 || true
    REDIS_PORT=$(free_port "$REDIS_PORT")
    rm -rf "$REDIS_DIR"
    mkdir -p "$REDIS_DIR"
    # No snapshots, no append-only file: the cache starts empty and dies with the run.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
        --save "" --appendonly no --daemonize yes \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >&2
    for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        echo "Redis did not start; its log:" >&2
        cat "$REDIS_DIR/redis.log" >&2 || true
        return 1
    fi
    echo "export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1"
}

stop() {
    local pidfile=$REDIS_DIR/redis.pid
    [ -f "$pidfile" ] || return 0
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$pidfile"
}

"$@"
