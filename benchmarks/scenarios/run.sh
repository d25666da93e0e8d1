#!/usr/bin/env bash
# Load scenarios against a real stack, open loop (LoadGen), with one HTML report.
#
#   benchmarks/scenarios/run.sh [--short] [--debug] [--router-bin PATH [--fake-bin PATH]] [--src DIR]
#                               [--out DIR] [--only steady,burst,sweep1,sweep2] [--pin] [--keep-services]
#
# Starts PostgreSQL and Redis (scripts/services.sh, on their own ports and data folder so that the
# test suite's instances are not touched: BENCH_PG_PORT 25433, BENCH_REDIS_PORT 26380), runs
# `router migrate` and `router seed --demo`, the fake Messages API (TTFT 300 ms, 50 tokens/s, the
# demo scripts), a router with rate limits off, and a FastAPI service of the same tier 1 spend
# summary (benchmarks/fastapi, in benchmarks/.venv from PyPI). Then:
#   steady   100 users × 10 questions over 5 minutes, mix 1=60,2=30,3=10 (queries/default.jsonl)
#   burst    500 users, one request each, all due at the same instant, same mix
#   sweep1   tier 1 (GET /v1/summaries/spend?period=this_month): the highest constant rate with
#            p99 < 10 ms, for the router, the router with its in-process cache level off (every
#            hit from Redis), and FastAPI, at the same offered rates
#   sweep2   tier 2 (GET /v1/compute/…): the same for the router
# --short scales everything down (about 1–2 minutes of load, for CI). --debug builds debug
# (numbers are then only a smoke test). The router and fake-anthropic are built from a clone of
# this repository's HEAD in --src (default /tmp/edge-router-bench-src; uncommitted work is not in
# it), so that this does not fight over .build with anyone building in the working tree; or give
# --router-bin (and --fake-bin, default: next to it), e.g. `--router-bin .build/debug/router` in
# CI after scripts/test.sh. LoadGen builds in benchmarks/.build.
# Output: benchmarks/results/<UTC timestamp>/ (or --out): JSON per run and per sweep step,
# report.html (self-contained), summary.md (printed at the end), logs/.
# --pin: the servers, PostgreSQL and Redis on CPU 0 and LoadGen on CPU 1 (taskset; PIN_SERVER_CPUS,
# PIN_GEN_CPUS), FastAPI then with one worker per server CPU: a core's worth of server, measured
# without the generator competing for it. Without it everything shares every core.
# Failed requests fail the run: every LoadGen step gets --max-failure-ratio (MAX_FAILURE_RATIO,
# default 0: no request may fail); steady and burst count 429/503 with Retry-After as success only
# for tier 3 (--allow-shed 3). A request fails on a transport error, a timeout, any other status, or
# when it was scheduled and never sent. Every step runs even when one fails; the script then lists
# the failed steps and exits 1. A knee (p99 < 10 ms) that is not reached is a report, not a failure.
set -euo pipefail

bench=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$bench/.." && pwd)

short=0
config=release
router_bin=
fake_bin=
src=${BENCH_SRC:-/tmp/edge-router-bench-src}
out=
only=steady,burst,sweep1,sweep2
keep_services=0
pin=0
while [ $# -gt 0 ]; do
    case "$1" in
        --short) short=1 ;;
        --debug) config=debug ;;
        --router-bin) router_bin=$(realpath "$2"); shift ;;
        --fake-bin) fake_bin=$(realpath "$2"); shift ;;
        --src) src=$2; shift ;;
        --out) out=$2; shift ;;
        --only) only=$2; shift ;;
        --keep-services) keep_services=1 ;;
        --pin) pin=1 ;;
        -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if [ "$short" = 1 ]; then
    steady_users=50 steady_per_user=4 steady_seconds=20
    burst_users=200
    sweep_args=(--start-rate 200 --factor 2 --step-seconds 1.5 --warmup-seconds 0.5 --pause-seconds 0.3 --retries 0 --refine 1 --descend 2)
    sweep1_targets=(router fastapi)
else
    steady_users=100 steady_per_user=10 steady_seconds=300
    burst_users=500
    sweep_args=(--start-rate 250 --factor 1.5 --step-seconds 10 --warmup-seconds 2 --pause-seconds 1 --retries 1 --refine 3 --descend 3)
    sweep1_targets=(router router-redis-only fastapi)
fi
p99_ms=${P99_MS:-10}
max_failure_ratio=${MAX_FAILURE_RATIO:-0}
# Steps that failed (LoadGen over its failure budget, the answer comparison, the report); the script
# goes on and exits 1 at the end if there is any.
failed_steps=()
step_failed() { failed_steps+=("$1"); echo "run.sh: FAILED: $1" >&2; }
mix=${MIX:-1=60,2=30,3=10}
pin_server=${PIN_SERVER_CPUS:-0}
pin_gen=${PIN_GEN_CPUS:-1}
if [ "$pin" = 1 ]; then
    command -v taskset >/dev/null || { echo "run.sh: --pin needs taskset (util-linux)" >&2; exit 1; }
    server_cpus=$(taskset -c "$pin_server" nproc)
    fastapi_workers=${FASTAPI_WORKERS:-$server_cpus}
    placement="pinned: servers, PostgreSQL and Redis on CPU $pin_server, LoadGen on CPU $pin_gen"
else
    fastapi_workers=${FASTAPI_WORKERS:-$(nproc)}
    placement="generator, servers, PostgreSQL and Redis share the cores"
fi
# Servers start as "${on_server[@]}" COMMAND & (taskset execs the command, so $! is its pid), the
# generator through gen.
on_server=()
sfx=
[ "$pin" = 1 ] && on_server=(taskset -c "$pin_server") && sfx=-pinned
gen() { if [ "$pin" = 1 ]; then taskset -c "$pin_gen" "$loadgen" "$@"; else "$loadgen" "$@"; fi; }
pg_port=${BENCH_PG_PORT:-25433}
redis_port=${BENCH_REDIS_PORT:-26380}
services_dir=${BENCH_SERVICES_DIR:-/tmp/edge-router-bench-services}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$bench/results/$stamp$sfx}
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)
log() { echo "== $*" >&2; }
now() { date +%s; }
t_start=$(now)
timings=()

# ---- builds -------------------------------------------------------------------------------
t=$(now)
if [ -z "$router_bin" ]; then
    if [ -d "$src/.git" ]; then
        git -C "$src" fetch -q "$repo" HEAD
        git -C "$src" reset -q --hard FETCH_HEAD
    else
        rm -rf "$src"
        git clone -q "$repo" "$src"
    fi
    log "building router and fake-anthropic ($config) in $src at $(git -C "$src" rev-parse --short HEAD)"
    (cd "$src" && swift build -c "$config" --product router >&2 && swift build -c "$config" --product fake-anthropic >&2)
    router_bin="$src/.build/$config/router"
    fake_bin="$src/.build/$config/fake-anthropic"
    source_rev=$(git -C "$src" rev-parse --short HEAD)
else
    fake_bin=${fake_bin:-$(dirname "$router_bin")/fake-anthropic}
    source_rev="prebuilt $(basename "$(dirname "$router_bin")")"
fi
[ -x "$router_bin" ] || { echo "run.sh: no router at $router_bin" >&2; exit 1; }
[ -x "$fake_bin" ] || { echo "run.sh: no fake-anthropic at $fake_bin" >&2; exit 1; }
log "building LoadGen ($config)"
# A stale description.json keeps the benchmark package from seeing sources new in the main package.
rm -f "$bench/.build/x86_64-unknown-linux-gnu/$config/description.json"
swift build -c "$config" --package-path "$bench" --product LoadGen >&2
loadgen="$(swift build -c "$config" --package-path "$bench" --show-bin-path)/LoadGen"
python3 "$bench/queries/make_queries.py" >/dev/null

venv=$bench/.venv
if wants sweep1; then
    req_hash=$(sha256sum "$bench/fastapi/requirements.txt" | cut -c1-16)
    if [ ! -x "$venv/bin/uvicorn" ] || [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$req_hash" ]; then
        log "installing the FastAPI service's packages into $venv (PyPI)"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$bench/fastapi/requirements.txt" >&2
        echo "$req_hash" >"$venv/.requirements"
    fi
fi
timings+=("builds and installs: $(( $(now) - t )) s")

# ---- services -----------------------------------------------------------------------------
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1.3  # Hummingbird's graceful shutdown takes about 1.15 s
    for pid in "${pids[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$keep_services" = 0 ]; then
        PG_PORT=$pg_port REDIS_PORT=$redis_port SERVICES_DIR=$services_dir "$repo/scripts/services.sh" stop 2>/dev/null || true
    elif [ "$pin" = 1 ]; then
        for pid in $(service_pids); do taskset -a -p -c "0-$(( $(nproc) - 1 ))" "$pid" >/dev/null 2>&1 || true; done
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t=$(now)
log "PostgreSQL on $pg_port and Redis on $redis_port (data in $services_dir)"
services_env=$(PG_PORT=$pg_port REDIS_PORT=$redis_port SERVICES_DIR=$services_dir "$repo/scripts/services.sh" start)
eval "$services_env"
redis-cli -p "$redis_port" flushall >/dev/null
service_pids() {  # PostgreSQL (postmaster and its current children) and Redis
    local pm
    pm=$(head -n 1 "$services_dir/pg/postmaster.pid" 2>/dev/null || true)
    [ -n "$pm" ] && { echo "$pm"; pgrep -P "$pm" || true; }
    cat "$services_dir/redis.pid" 2>/dev/null || true
}
if [ "$pin" = 1 ]; then
    # New PostgreSQL backends are forked by the postmaster and inherit its CPU set.
    for pid in $(service_pids); do taskset -a -p -c "$pin_server" "$pid" >/dev/null; done
fi
"$router_bin" migrate >"$out/logs/migrate.log" 2>&1
"$router_bin" seed --demo >"$out/logs/seed.log" 2>&1

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() {  # url pid log
    for _ in $(seq 1 150); do
        curl -fsS "$1" >/dev/null 2>&1 && return 0
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; echo "run.sh: process for $1 exited" >&2; exit 1; }
        sleep 0.2
    done
    cat "$3" >&2
    echo "run.sh: $1 did not answer" >&2
    exit 1
}

"${on_server[@]}" "$fake_bin" --port 0 --ttft-ms 300 --tokens-per-second 50 --scripts "$repo/scripts/fake-anthropic-demo.json" --quiet \
    >"$out/logs/fake-anthropic.log" 2>&1 &
pids+=($!)
fake_url=
for _ in $(seq 1 100); do
    fake_url=$(sed -n 's/^fake-anthropic listening on \(http:[^ ]*\)$/\1/p' "$out/logs/fake-anthropic.log")
    [ -n "$fake_url" ] && break
    sleep 0.1
done
[ -n "$fake_url" ] || { cat "$out/logs/fake-anthropic.log" >&2; echo "run.sh: fake-anthropic did not start" >&2; exit 1; }

ROUTER_JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export ROUTER_JWT_SECRET
start_router() {  # name port [extra env…]
    local name=$1 port=$2
    shift 2
    "${on_server[@]}" env "$@" ROUTER_PORT="$port" ROUTER_LOG_LEVEL=warning \
        ROUTER_RATE_T1_PER_S=0 ROUTER_RATE_T2_PER_S=0 ROUTER_RATE_T3_PER_S=0 \
        ROUTER_AI_BUDGET_USER_USD=1000 ROUTER_AI_BUDGET_GLOBAL_USD=1000000 \
        ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL="$fake_url" \
        "$router_bin" serve >"$out/logs/$name.log" 2>&1 &
    pids+=($!)
    cpu+=(--cpu "$name=$!")
    wait_http "http://127.0.0.1:$port/healthz" $! "$out/logs/$name.log"
}
# CPU use per run (LoadGen --cpu NAME=PID: the process and its children): PostgreSQL, Redis, the servers.
cpu=()
[ -f "$services_dir/pg/postmaster.pid" ] && cpu+=(--cpu "postgres=$(head -n 1 "$services_dir/pg/postmaster.pid")")
[ -f "$services_dir/redis.pid" ] && cpu+=(--cpu "redis=$(cat "$services_dir/redis.pid")")
router_port=$(free_port)
start_router router "$router_port"
router_url=http://127.0.0.1:$router_port
redis_only_url=
if wants sweep1 && [[ " ${sweep1_targets[*]} " == *" router-redis-only "* ]]; then
    redis_only_port=$(free_port)
    start_router router-redis-only "$redis_only_port" ROUTER_CACHE_CAPACITY=1
    redis_only_url=http://127.0.0.1:$redis_only_port
fi
fastapi_url=
if wants sweep1; then
    fastapi_port=$(free_port)
    # Keep-alive as long as LoadGen keeps idle connections (300 s), as the router does: with
    # uvicorn's default of 5 s it closes connections idle between sweep steps while LoadGen reuses
    # them, and those requests fail with "connection reset" (a client/server race, not overload).
    FASTAPI_TTL_SPEND=300 "${on_server[@]}" "$venv/bin/uvicorn" app:app --app-dir "$bench/fastapi" --host 127.0.0.1 --port "$fastapi_port" \
        --workers "$fastapi_workers" --loop uvloop --http httptools --no-access-log --log-level warning --timeout-keep-alive 300 \
        >"$out/logs/fastapi.log" 2>&1 &
    pids+=($!)
    cpu+=(--cpu "fastapi=$!")
    fastapi_url=http://127.0.0.1:$fastapi_port
    wait_http "$fastapi_url/healthz" $! "$out/logs/fastapi.log"
fi
timings+=("services up: $(( $(now) - t )) s")

# The same answer from both tier 1 implementations, before timing them.
token=$("$loadgen" token u007)
spend_path=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["path"])' "$bench/queries/tier1-spend.jsonl")
if [ -n "$fastapi_url" ]; then
    curl -fsS -H "Authorization: Bearer $token" "$router_url$spend_path" >"$out/logs/spend-router.json" \
        || step_failed "tier 1 spend from the router before timing (curl exit $?)"
    curl -fsS -H "Authorization: Bearer $token" "$fastapi_url$spend_path" >"$out/logs/spend-fastapi.json" \
        || step_failed "tier 1 spend from FastAPI before timing (curl exit $?)"
    python3 - "$out/logs/spend-router.json" "$out/logs/spend-fastapi.json" <<'PY' >&2 || step_failed "router and FastAPI tier 1 answers compared"
import json, sys
try:
    r, f = (json.load(open(p)) for p in sys.argv[1:])
except ValueError as e:
    print(f"== tier 1 spend for u007: no JSON answer to compare ({e})")
    sys.exit(1)
same = r["answer"] == f["answer"] and all(r["data"].get(k) == f["data"].get(k) for k in ("from", "to", "total_cents", "count", "by_category"))
print(f"== tier 1 spend for u007: router {r['data']['total_cents']} cents, FastAPI {f['data']['total_cents']} cents; answers {'identical' if same else 'DIFFER'}")
print(f"   {r['answer']}")
if not same:
    print(f"   FastAPI: {f['answer']}")
    sys.exit(1)
PY
fi

common=(--users 50 "${cpu[@]}" --max-failure-ratio "$max_failure_ratio")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); router $config ($source_rev), LoadGen $config; $placement"

# ---- scenarios ----------------------------------------------------------------------------
if wants steady; then
    t=$(now)
    log "steady: $steady_users users × $steady_per_user requests over $steady_seconds s, mix $mix"
    gen run --url "$router_url" --queries "$bench/queries/default.jsonl" --mix "$mix" \
        --users "$steady_users" --per-user "$steady_per_user" --duration "$steady_seconds" "${cpu[@]}" \
        --scenario "steady$sfx" --name "steady$sfx: $steady_users users × $steady_per_user over ${steady_seconds}s" --json "$out/steady.json" \
        --allow-shed 3 --max-failure-ratio "$max_failure_ratio" || step_failed "steady (LoadGen exit $?)"
    timings+=("steady: $(( $(now) - t )) s")
fi
if wants burst; then
    t=$(now)
    log "burst: $burst_users users, one request each, all at once, mix $mix"
    gen run --url "$router_url" --queries "$bench/queries/default.jsonl" --mix "$mix" \
        --users "$burst_users" --per-user 1 --burst --seed 7 "${cpu[@]}" \
        --scenario "burst$sfx" --name "burst$sfx: $burst_users users at once" --json "$out/burst.json" \
        --allow-shed 3 --max-failure-ratio "$max_failure_ratio" || step_failed "burst (LoadGen exit $?)"
    timings+=("burst: $(( $(now) - t )) s")
fi
if wants sweep1; then
    t=$(now)
    targets=()
    for name in "${sweep1_targets[@]}"; do
        case $name in
            router) targets+=(--target "router=$router_url") ;;
            router-redis-only) targets+=(--target "router-redis-only=$redis_only_url") ;;
            fastapi) targets+=(--target "fastapi=$fastapi_url") ;;
        esac
    done
    log "sweep1: tier 1 ($spend_path), p99 < $p99_ms ms: ${sweep1_targets[*]}"
    gen sweep "${targets[@]}" --queries "$bench/queries/tier1-spend.jsonl" "${common[@]}" "${sweep_args[@]}" \
        --p99-ms "$p99_ms" --scenario "sweep-tier1$sfx" --out-dir "$out/sweep-tier1" || step_failed "sweep1 (LoadGen exit $?)"
    timings+=("sweep tier 1: $(( $(now) - t )) s")
fi
if wants sweep2; then
    t=$(now)
    log "sweep2: tier 2 (queries/tier2-compute.jsonl), p99 < $p99_ms ms: router"
    gen sweep --target "router=$router_url" --queries "$bench/queries/tier2-compute.jsonl" "${common[@]}" "${sweep_args[@]}" \
        --p99-ms "$p99_ms" --scenario "sweep-tier2$sfx" --out-dir "$out/sweep-tier2" || step_failed "sweep2 (LoadGen exit $?)"
    timings+=("sweep tier 2: $(( $(now) - t )) s")
fi

curl -fsS "$router_url/readyz" >"$out/logs/readyz.json" 2>/dev/null || true
curl -fsS "$router_url/metrics" >"$out/logs/router-metrics.txt" 2>/dev/null || true

inputs=()
for f in steady.json burst.json; do [ -f "$out/$f" ] && inputs+=("$out/$f"); done
for d in sweep-tier1 sweep-tier2; do [ -d "$out/$d" ] && inputs+=("$out/$d"); done
[ ${#inputs[@]} -gt 0 ] || { echo "run.sh: nothing ran (--only $only)" >&2; exit 1; }
"$loadgen" report --title "Router load scenarios $(date -u +%Y-%m-%d)$([ "$short" = 1 ] && echo ' (short)')" \
    --note "$machine; load average $load_start before the scenarios, $(cut -d' ' -f1-3 /proc/loadavg) after. Fake Messages API: TTFT 300 ms, 50 tokens/s. FastAPI: $fastapi_workers uvicorn workers (uvloop, httptools)." \
    --out "$out/report.html" --markdown "$out/summary.md" "${inputs[@]}" || step_failed "report (LoadGen exit $?)"

echo
echo "# Router load scenarios ($([ "$short" = 1 ] && echo short || echo full), $machine; load average $load_start before)"
echo
[ -f "$out/summary.md" ] && cat "$out/summary.md"
echo "Tier 3: what the router adds over the Messages API itself is measured by benchmarks/tier3/run.sh."
echo
timings+=("total: $(( $(now) - t_start )) s")
printf '%s\n' "${timings[@]}" | sed 's/^/time: /'
for name in router router-redis-only fastapi fake-anthropic; do
    f="$out/logs/$name.log"
    if [ -s "$f" ] && grep -qiE "error|critical|fatal" "$f"; then
        echo "note: $name logged errors: $(grep -ciE "error|critical|fatal" "$f") lines in $f"
    fi
done
echo "report: $out/report.html"
if [ ${#failed_steps[@]} -gt 0 ]; then
    echo
    echo "FAILED: ${#failed_steps[@]} step(s) (failure budget --max-failure-ratio $max_failure_ratio):"
    printf '  - %s\n' "${failed_steps[@]}"
    exit 1
fi
echo "PASS: no step failed (failure budget --max-failure-ratio $max_failure_ratio)"
