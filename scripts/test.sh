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
services_env=$(scripts/services.sh start)  # a failure stops here (an eval of $(…) would hide it)
eval "$services_env"

# One build of the package and its tests (so Hummingbird is compiled once), then the tests:
# unit tests and the integration tests against those servers.
swift build --build-tests
swift test --skip-build --disable-xctest

# Live evaluation: a router with a throwaway secret on a free loopback port, first on the
# embedded store, then on PostgreSQL + Redis (with the demo data seeded).
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
log=$(mktemp)
fake_log=$(mktemp)
router_pid=
fake_pid=
trap 'kill "$router_pid" "$fake_pid" 2>/dev/null || true; rm -f "$log" "$fake_log"' EXIT
status=0
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

evaluate() {  # $1: a label; the router's environment is the caller's
    local port
    port=$(free_port)
    # Rate limits off: the evaluation sends a few thousand questions as one user as fast as it can;
    # the limits have tests of their own.
    ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$port" ROUTER_LOG_LEVEL=warning \
        ROUTER_RATE_T1_PER_S=0 ROUTER_RATE_T2_PER_S=0 ROUTER_RATE_T3_PER_S=0 .build/debug/router serve >"$log" 2>&1 &
    router_pid=$!
    for _ in $(seq 1 60); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        kill -0 "$router_pid" 2>/dev/null || { cat "$log"; echo "test.sh: router exited" >&2; exit 1; }
        sleep 0.5
    done
    local failed=0
    for file in $EVAL_FILES; do
        echo "== routing evaluation ($1): $file"
        python3 scripts/run_eval.py --url "http://127.0.0.1:$port" --secret "$secret" --file "$file" || failed=1
    done
    if [ -n "${ANTHROPIC_BASE_URL:-}" ]; then
        echo "== tier 3 through the router ($1), fake Messages API at $ANTHROPIC_BASE_URL"
        python3 scripts/tier3_smoke.py --url "http://127.0.0.1:$port" --secret "$secret" || failed=1
    fi
    if [ -n "${CONTRACT:-}" ]; then
        echo "== contract ($1): schemathesis against /openapi.json, authenticated"
        scripts/schemathesis.sh "http://127.0.0.1:$port" "$secret" || failed=1
    fi
    kill "$router_pid"
    wait "$router_pid" 2>/dev/null || true
    return $failed
}

# The labelled files are checked against the independent oracle before any router runs: every
# line parses, every expected value is recomputed (Tests/Fixtures/check_fixtures.py), and the
# oracle still agrees with the dev set and writes the summary cases the Swift tests use.
echo "== fixtures: labels and values recomputed from CATALOG.md (check_fixtures.py, make_oracle.py)"
python3 Tests/Fixtures/check_fixtures.py || status=1
oracle_out=$(mktemp)
python3 Tests/Fixtures/make_oracle.py --dev Tests/Fixtures/dev-queries.jsonl --out "$oracle_out" >/dev/null || status=1
cmp -s "$oracle_out" Tests/Fixtures/summary-oracle.json || { echo "test.sh: summary-oracle.json differs from make_oracle.py's output" >&2; status=1; }
rm -f "$oracle_out"

# Every labelled file on the embedded store (answers checked, known gaps counted); the dev and
# extra files again on PostgreSQL + Redis.
ALL_EVAL_FILES=$(ls Tests/Fixtures/*-queries.jsonl | tr '\n' ' ')

# Both runs have tier 3 on, against the fake Messages API (`fake-anthropic`, scripted with the
# demo scripts).
fake_port=$(free_port)
.build/debug/fake-anthropic --port "$fake_port" --scripts scripts/fake-anthropic-demo.json --quiet >"$fake_log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 40); do
    curl -fsS "http://127.0.0.1:$fake_port/_fake/requests" >/dev/null 2>&1 && break
    sleep 0.25
done
(unset DATABASE_URL REDIS_URL; export ANTHROPIC_API_KEY=fake-key ANTHROPIC_BASE_URL="http://127.0.0.1:$fake_port"
    EVAL_FILES="$ALL_EVAL_FILES" evaluate "embedded store, in-process cache, tier 3 on the fake API") || status=1
.build/debug/router migrate
.build/debug/router seed --demo
# The second run checks the HTTP contract too (Schemathesis, bounded, authenticated), with tier 3
# on the fake API so that every question gets a real answer (no 5xx is acceptable), and with rate
# limits and the AI budget out of the way so that generated requests test the document rather
# than the 429s.
(export CONTRACT=1 ROUTER_RATE_T1_PER_S=0 ROUTER_RATE_T2_PER_S=0 ROUTER_RATE_T3_PER_S=0 ROUTER_AI_BUDGET_USER_USD=1000
    export ANTHROPIC_API_KEY=fake-key ANTHROPIC_BASE_URL="http://127.0.0.1:$fake_port"
    EVAL_FILES="Tests/Fixtures/extra-queries.jsonl Tests/Fixtures/dev-queries.jsonl" evaluate "PostgreSQL + Redis, tier 3 on the fake API") || status=1
kill "$fake_pid" 2>/dev/null || true

# The load scenarios, short and on the debug build (a smoke test of the harness: the numbers of a
# debug build mean little), then the resilience suites, short: each fault under load, a rolling
# restart of two instances behind nginx, a soak with RSS sampled and overload bursts, every
# request's outcome checked (benchmarks/scenarios/run.sh, resilience/run.sh; both use PostgreSQL
# and Redis on ports of their own).
echo "== load scenarios (--short --debug)"
benchmarks/scenarios/run.sh --short --debug --router-bin .build/debug/router || status=1
echo "== resilience suites (--short)"
resilience/run.sh --short || status=1
exit $status
