#!/usr/bin/env bash
# The README's test command: builds everything, runs every test, then checks routing quality
# end to end against a live router on loopback (the labelled phrasings in Tests/Fixtures).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v swift >/dev/null || { echo "test.sh: the Swift toolchain (6.2 or later) is required" >&2; exit 1; }
command -v python3 >/dev/null || {
    echo "test.sh: python3 not found, installing it" >&2
    apt-get update -qq && apt-get install -y -qq python3 >/dev/null
}
# Real PostgreSQL and Redis on loopback (installed with libhiredis-dev if missing); they stay up
# afterwards for the next run (scripts/services.sh stop ends them).
eval "$(scripts/services.sh start)"

# One build of the package and its tests (so Hummingbird is compiled once), then the tests:
# unit tests and the integration tests against those servers.
swift build --build-tests
swift test --skip-build --disable-xctest

# Live evaluation: a router with a throwaway secret on a free loopback port, first on the
# embedded store, then on PostgreSQL + Redis (with the demo data seeded).
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
log=$(mktemp)
router_pid=
trap 'kill "$router_pid" 2>/dev/null || true; rm -f "$log"' EXIT
status=0

evaluate() {  # $1: a label; the router's environment is the caller's
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$port" ROUTER_LOG_LEVEL=warning .build/debug/router serve >"$log" 2>&1 &
    router_pid=$!
    for _ in $(seq 1 60); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        kill -0 "$router_pid" 2>/dev/null || { cat "$log"; echo "test.sh: router exited" >&2; exit 1; }
        sleep 0.5
    done
    local failed=0
    for file in Tests/Fixtures/extra-queries.jsonl Tests/Fixtures/dev-queries.jsonl; do
        echo "== routing evaluation ($1): $file"
        python3 scripts/run_eval.py --url "http://127.0.0.1:$port" --secret "$secret" --file "$file" || failed=1
    done
    kill "$router_pid"
    wait "$router_pid" 2>/dev/null || true
    return $failed
}

(unset DATABASE_URL REDIS_URL; evaluate "embedded store, in-process cache") || status=1
.build/debug/router migrate
.build/debug/router seed --demo
evaluate "PostgreSQL + Redis" || status=1
exit $status
