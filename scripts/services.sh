#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL and Redis on loopback for tests and benchmarks,
# installing them first if the machine lacks them. Prints the environment to use them:
#   eval "$(scripts/services.sh start)"   →  TEST_DATABASE_URL, TEST_REDIS_URL, DATABASE_URL, REDIS_URL
#   scripts/services.sh stop
# Ports and the data folder can be overridden: PG_PORT (25432), REDIS_PORT (26379), SERVICES_DIR.
set -euo pipefail

PG_PORT=${PG_PORT:-25432}
REDIS_PORT=${REDIS_PORT:-26379}
SERVICES_DIR=${SERVICES_DIR:-/tmp/edge-router-services}
PGDATA="$SERVICES_DIR/pg"

log() { echo "services.sh: $*" >&2; }

install_missing() {
    local need=()
    command -v pkg-config >/dev/null || need+=(pkg-config)
    command -v curl >/dev/null || need+=(curl)
    command -v redis-server >/dev/null || need+=(redis-server)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    pkg-config --exists hiredis 2>/dev/null || need+=(libhiredis-dev)
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq "${need[@]}" >&2
    fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# PostgreSQL refuses to run as root: run it as the postgres user (created by the package).
as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

start() {
    install_missing
    mkdir -p "$SERVICES_DIR"
    chmod 777 "$SERVICES_DIR"
    local bin
    bin=$(pg_bin)
    # A server left running on another port (an older default, another PG_PORT) is restarted on this one.
    if as_postgres "$bin/pg_ctl -D $PGDATA status" >/dev/null 2>&1 && [ "$(sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null)" != "$PG_PORT" ]; then
        log "PostgreSQL in $PGDATA runs on another port: restarting it on $PG_PORT"
        as_postgres "$bin/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null
    fi
    if ! as_postgres "$bin/pg_ctl -D $PGDATA status" >/dev/null 2>&1; then
        if [ ! -f "$PGDATA/PG_VERSION" ]; then
            rm -rf "$PGDATA"
            as_postgres "$bin/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
        fi
        as_postgres "$bin/pg_ctl -D $PGDATA -l $SERVICES_DIR/pg.log -w -t 60 -o '-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300' start" >/dev/null
    fi
    as_postgres "$bin/psql -h 127.0.0.1 -p $PG_PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname = 'router'\"" | grep -q 1 ||
        as_postgres "$bin/createdb -h 127.0.0.1 -p $PG_PORT -U postgres router"
    if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
            --logfile "$SERVICES_DIR/redis.log" --pidfile "$SERVICES_DIR/redis.pid" >/dev/null
        for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    redis-cli -p "$REDIS_PORT" ping >/dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/router"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/router"
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
}

stop() {
    local bin
    bin=$(pg_bin 2>/dev/null || true)
    [ -n "$bin" ] && as_postgres "$bin/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    log "stopped"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
