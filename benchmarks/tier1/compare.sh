#!/usr/bin/env bash
# Tier 1 hits, the router against the FastAPI service, in one run on this machine:
#   benchmarks/tier1/compare.sh [--seconds N] [--users N] [--router-bin PATH] [--perf SVG]
# Both on one PostgreSQL and Redis (their own, on ports of their own), the router in its default
# configuration (rate limits on, route log on, metrics on, access log at info), FastAPI with two
# uvicorn workers. wrk -t2 -c64 sends GET /v1/summaries/spend?period=this_month for N distinct users
# (default 1,000, so no per-user limit binds), round robin, after one untimed request per user on
# each side (the misses). It checks that every answer is 2xx, that each hit carries the same answer
# and data as that user's first (slow-path) answer, and that the router and FastAPI agree; then
# prints requests/s, p50/p99 and the ratio. --perf records the router under wrk with `perf record
# -g` and writes a flame graph (benchmarks/tools/flamegraph.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
seconds=12 users=1000 router_bin= perf_svg=
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift ;;
        --users) users=$2; shift ;;
        --router-bin) router_bin=$2; shift ;;
        --perf) perf_svg=$2; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -n "$perf_svg" ] && ! command -v perf >/dev/null; then apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; fi

pg_port=${BENCH_PG_PORT:-25435} redis_port=${BENCH_REDIS_PORT:-26382}
services_env=$(PG_PORT=$pg_port REDIS_PORT=$redis_port SERVICES_DIR=/tmp/edge-router-tier1-services scripts/services.sh start)
eval "$services_env"
if [ -z "$router_bin" ]; then
    swift build -c release --product router >&2
    router_bin=.build/release/router
fi
"$router_bin" migrate >/dev/null
"$router_bin" seed --demo >/dev/null
redis-cli -p "$redis_port" flushall >/dev/null

venv=benchmarks/.venv
req_hash=$(sha256sum benchmarks/fastapi/requirements.txt | cut -d' ' -f1)
if [ ! -x "$venv/bin/uvicorn" ] || [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$req_hash" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r benchmarks/fastapi/requirements.txt >&2
    echo "$req_hash" >"$venv/.requirements"
fi

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
router_port=$(free_port) fastapi_port=$(free_port)
ROUTER_JWT_SECRET="$secret" ROUTER_PORT="$router_port" "$router_bin" serve >"$work/router.log" 2>&1 &
router_pid=$!
pids+=("$router_pid")
ROUTER_JWT_SECRET="$secret" FASTAPI_TTL_SPEND=300 "$venv/bin/uvicorn" app:app --app-dir benchmarks/fastapi --host 127.0.0.1 \
    --port "$fastapi_port" --workers 2 --loop uvloop --http httptools --no-access-log --log-level warning --timeout-keep-alive 300 \
    >"$work/fastapi.log" 2>&1 &
pids+=("$!")
for port in "$router_port" "$fastapi_port"; do
    for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
done

path="/v1/summaries/spend?period=this_month&as_of=2026-11-21"
# Tokens, the wrk script, the warm-up (one slow-path answer per user on each side) and the checks.
python3 - "$secret" "$users" "$work" "$router_port" "$fastapi_port" "$path" <<'PY'
import base64, hashlib, hmac, http.client, json, sys, time
secret, users, work, rport, fport, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def token(user):
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": user, "exp": int(time.time()) + 86400}).encode())
    return f"{head}.{body}.{b64(hmac.new(secret.encode(), f'{head}.{body}'.encode(), hashlib.sha256).digest())}"
names = [f"u{n:03d}" if n <= 50 else f"bench-{n:04d}" for n in range(1, users + 1)]
tokens = [token(u) for u in names]
with open(f"{work}/hits.lua", "w") as f:
    f.write("local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\n")
    # Each thread starts at its own place in the list and walks it round robin.
    f.write("local i = 0\nlocal threads = 0\n")
    f.write("setup = function(thread) threads = threads + 1; thread:set('offset', threads * 997) end\n")
    f.write("init = function(args) i = (offset or 0) % #tokens end\n")
    f.write('request = function()\n  i = i % #tokens + 1\n')
    f.write(f'  return wrk.format("GET", "{path}", {{["Authorization"] = "Bearer " .. tokens[i]}})\nend\n')
def get(port, tok):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers={"Authorization": "Bearer " + tok})
    r = c.getresponse(); body = r.read(); c.close()
    return r.status, json.loads(body)
bad = 0
for name, tok in zip(names, tokens):
    rs, slow = get(rport, tok)
    fs, fslow = get(fport, tok)
    hs, hit = get(rport, tok)
    if rs != 200 or fs != 200 or hs != 200:
        bad += 1; print(f"compare: {name}: statuses router {rs}, hit {hs}, fastapi {fs}", file=sys.stderr); continue
    if (hit["answer"], hit["data"]) != (slow["answer"], slow["data"]) or not hit.get("cache", {}).get("hit"):
        bad += 1; print(f"compare: {name}: the hit differs from the slow path", file=sys.stderr)
    if slow["answer"] != fslow["answer"] or any(slow["data"].get(k) != fslow["data"].get(k) for k in ("from", "to", "total_cents", "count", "by_category")):
        bad += 1; print(f"compare: {name}: router and FastAPI differ", file=sys.stderr)
print(f"checked {users} users: {'all answers 2xx, hits equal to the slow path, router and FastAPI agree' if bad == 0 else f'{bad} users FAILED'}")
sys.exit(1 if bad else 0)
PY

run_wrk() {  # $1 label, $2 port
    wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/hits.lua" "http://127.0.0.1:$2$path" >"$work/$1.txt"
    python3 - "$work/$1.txt" "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def ms(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", text)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"{sys.argv[2]}\t{rps:.0f}\t{ms(50):.2f}\t{ms(99):.2f}\t{bad.group(1) if bad else 0}\t{errors.group(1) if errors else 'none'}")
PY
}
echo "side	requests/s	p50 ms	p99 ms	non-2xx	socket errors" >"$work/table.tsv"
run_wrk fastapi "$fastapi_port" >>"$work/table.tsv"
if [ -n "$perf_svg" ]; then
    perf record -F 499 -g -p "$router_pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pid=$!
fi
run_wrk router "$router_port" >>"$work/table.tsv"
if [ -n "$perf_svg" ]; then
    wait "$perf_pid" || true
    perf script -i "$work/perf.data" 2>/dev/null | python3 benchmarks/tools/flamegraph.py --title "router: tier 1 hits (wrk -c64)" >"$perf_svg"
    echo "flame graph: $perf_svg"
fi
column -t -s $'\t' "$work/table.tsv"
python3 - "$work/table.tsv" <<'PY'
import sys
rows = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(sys.argv[1]).readlines()[1:]}
f, r = float(rows["fastapi"][1]), float(rows["router"][1])
print(f"ratio router/FastAPI: {r / f:.2f}x   router p99 {rows['router'][3]} ms   non-2xx: router {rows['router'][4]}, FastAPI {rows['fastapi'][4]}")
sys.exit(0 if rows["router"][4] == "0" else 1)
PY
echo "($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $users users; wrk -t2 -c64 -d${seconds}s)"
